using Grokking.Problems.SparseRecovery;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The depth claims (spec E2.11, B.8) checked by Figures 9, 17 and 18 on whatever part of the grid ran: the
/// reference code's numbers for the identity init, the sign trap, L = 1 converging to least squares, and the
/// paper's statements (recovery without l1 for L >= 2, error decreasing with L), each for both inits, so the
/// markdown says which init reproduces the text.
/// </summary>
internal static class DepthClaims
{
    /// <summary>A run counts as recovering a* when its best relative recovery error is below this.</summary>
    public const double Recovered = 1e-2;

    public static IEnumerable<Claim> All(IReadOnlyList<RunResult> runs)
    {
        RunResult? Find(long N, int L, string init) => runs.FirstOrDefault(r =>
            r.Spec.Int("N") == N && DepthGrid.Depth(r) == L && DepthGrid.Init(r) == init);
        double Final(RunResult r, string metric) => r.Summary.Final[metric];
        static bool Near(double ours, double reference, double rel) => Math.Abs(ours - reference) <= rel * Math.Abs(reference);

        // [RUN] the reference's deep solver, identity init, 10^6 steps (spec B.0.6 / E2.11)
        (long N, int L, double Recovery, double Train)[] reference = [(30, 2, 0.161, 5.6e-14), (30, 3, 0.125, 0.030), (50, 2, 0.20, 0.038)];
        foreach (var (N, L, rec, train) in reference)
            if (Find(N, L, "identity") is { } r)
            {
                double oursRec = Final(r, SparseRecoveryModel.RecoveryError), oursTrain = Final(r, SparseRecoveryModel.TrainError);
                // a train error of 5.6e-14 is summation-order noise: any value below 1e-12 is "fits the data exactly"
                bool trainOk = train < 1e-12 ? oursTrain < 1e-12 : Near(oursTrain, train, 0.05);
                yield return new Claim($"identity init, N = {N}, L = {L}: final recovery / train error",
                    $"{Claim.Real(oursRec)} / {Claim.Real(oursTrain)}", $"{Claim.Real(rec)} / {Claim.Real(train)} (reference code)",
                    Near(oursRec, rec, 0.05) && trainOk);
            }

        var deep = runs.Where(r => DepthGrid.Depth(r) >= 2).ToArray();
        var identityDeep = deep.Where(r => DepthGrid.Init(r) == "identity").ToArray();
        if (identityDeep.Length > 0)
        {
            double best = identityDeep.Min(r => ScalingPoint.Min(r, SparseRecoveryModel.RecoveryError));
            yield return new Claim("sign trap: identity init, L >= 2, best relative recovery error over the grid",
                Claim.Real(best), $">= {DepthGrid.SignTrapBound} (a >= 0 cannot fit a*'s entry -0.0127) (reference code)", best >= DepthGrid.SignTrapBound);
        }

        // L = 1 without l1 converges to the least-squares solution: no recovery (for N < n, where â ≠ a*)
        var shallow = runs.Where(r => DepthGrid.Depth(r) == 1 && r.Spec.Int("N") < r.Spec.Int("n")).ToArray();
        if (shallow.Length > 0)
        {
            var ratios = shallow.Select(r => Final(r, SparseRecoveryModel.RecoveryError) / r.Summary.Theory["ls_recovery_error"]).ToArray();
            yield return new Claim("L = 1, beta = 0, N < n: final recovery error / least-squares error",
                $"{ratios.Min():0.000} .. {ratios.Max():0.000}", "1 (converges to â, no recovery) (paper, App. F.1)",
                ratios.All(x => Math.Abs(x - 1) <= 0.05));
        }

        foreach (var init in DepthGrid.Inits)
        {
            // "L >= 2 recovers a* without l1, with fewer measurements"
            var byDepth = deep.Where(r => DepthGrid.Init(r) == init).GroupBy(DepthGrid.Depth).OrderBy(g => g.Key)
                .Select(g => (L: g.Key, NMin: g.Where(r => ScalingPoint.Min(r, SparseRecoveryModel.RecoveryError) <= Recovered)
                    .Select(r => r.Spec.Int("N")).DefaultIfEmpty(-1).Min())).ToArray();
            if (byDepth.Length == 0) continue;
            string shown = string.Join(", ", byDepth.Select(d => $"L = {d.L}: {(d.NMin < 0 ? "never" : $"N >= {d.NMin}")}"));
            yield return new Claim($"{init} init: smallest N with min recovery error <= {Recovered} (L = 1: never)", shown,
                "L >= 2 recovers without l1 (paper, App. F.1)", byDepth.Any(d => d.NMin > 0));

            // "the test error decreases with L at fixed N" (Fig 9's L in {1, 2, 3}); a 5 % slack, and ties below 1e-3 count
            var Ns = runs.Select(r => r.Spec.Int("N")).Distinct().Order().ToArray();
            int holds = 0, total = 0;
            foreach (long N in Ns)
            {
                var errs = new[] { Find(N, 1, "identity"), Find(N, 2, init), Find(N, 3, init) }
                    .Select(r => r is null ? double.NaN : ScalingPoint.Min(r, SparseRecoveryModel.RecoveryError)).ToArray();
                if (errs.Any(double.IsNaN)) continue;
                total++;
                if (errs.Zip(errs.Skip(1)).All(p => p.Second <= 1.05 * p.First || p.Second <= 1e-3)) holds++;
            }
            if (total > 0)
                yield return new Claim($"{init} init: min recovery error non-increasing in L (1 → 2 → 3) at fixed N",
                    $"{holds} of {total} N", "decreases with L (paper, App. F.1) (we ask >= 80 % of the N)", holds >= 0.8 * total);

            // "the delay is very small for L = 2 and none for L > 2": recovery follows memorisation at once. Measured as
            // (first step with recovery error <= 0.5) / (first step with train error <= 0.5), over the runs that get there;
            // the l1 model of Fig 3 has t2 / t1 = 101,000 / 60 ~ 1,700, so "small" is a few units
            var lags = deep.Where(r => DepthGrid.Init(r) == init).Select(r => (L: DepthGrid.Depth(r), Lag: HalfwayLag(r)))
                .Where(x => double.IsFinite(x.Lag)).GroupBy(x => x.L).OrderBy(g => g.Key).ToArray();
            if (lags.Length > 0)
                yield return new Claim($"{init} init: t(recovery <= 0.5) / t(train <= 0.5), per L",
                    string.Join(", ", lags.Select(g => $"L = {g.Key}: {g.Min(x => x.Lag):0.00} .. {g.Max(x => x.Lag):0.00}")),
                    "~1: very small delay for L = 2, none for L > 2 (paper text, App. F.1) (l1 model, Fig 3: ~1,700; we ask <= 3)",
                    lags.All(g => g.Max(x => x.Lag) <= 3));
        }
    }

    /// <summary>
    /// Which init reproduces what, from the claims just measured: the [RUN] rows are the reference code's (identity
    /// init), the "identity init:" / "random init:" rows test the paper's text under each init.
    /// </summary>
    public static string Conclusion(IReadOnlyList<Claim> claims)
    {
        string Count(Func<Claim, bool> which)
        {
            var rows = claims.Where(which).ToArray();
            return $"{rows.Count(c => c.Ok)} of {rows.Length}";
        }
        return "**Which init reproduces the published claims.** The reference code's numbers (rows marked \"reference code\") come from the identity " +
               $"init: {Count(c => c.Reference.Contains("(reference code)", StringComparison.Ordinal) && c.Name.StartsWith("identity init, N", StringComparison.Ordinal))} agree. " +
               $"The paper's statements on depth (paper-text rows): identity init {Count(c => c.Name.StartsWith("identity init:", StringComparison.Ordinal))} agree, " +
               $"random init {Count(c => c.Name.StartsWith("random init:", StringComparison.Ordinal))}. With the identity init a >= 0, so a* (one " +
               "negative entry) is never recovered, but the error falls with L and the drops are staircases without delay, as the paper " +
               "describes; the random init recovers a* with L = 2, but at scale 1e-2 its L = 3 and L = 4 factors (entries ~1e-3) " +
               "hardly move within 10^6 steps, so the ordering by L is lost. Neither init alone reproduces every statement of the text.";
    }

    /// <summary>(first step with recovery error &lt;= 0.5 + 1) / (first step with train error &lt;= 0.5 + 1); NaN if either never.</summary>
    private static double HalfwayLag(RunResult r)
    {
        var (steps, train) = r.Record.Series(SparseRecoveryModel.TrainError);
        var recovery = r.Record.Series(SparseRecoveryModel.RecoveryError).Values;
        var tTrain = Analysis.Detectors.Threshold(steps, train, 0.5);
        var tRec = Analysis.Detectors.Threshold(steps, recovery, 0.5);
        return tTrain is { } a && tRec is { } b ? (b.Step + 1.0) / (a.Step + 1.0) : double.NaN;
    }
}
