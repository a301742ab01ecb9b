using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The (N, tau) grid of Figures 21 and 22 (spec B.7): n = 100, s = 5, noiseless, X = get_measures(N, I, tau, 1/N,
/// seed 1 + i) with i the index of N in {10, ..., 100} (the same X seed for every tau at a given N; tau > 0 makes the
/// first int(tau N) rows canonical vectors e_j), alpha 0.1, beta1 1e-5, init 1e-6 * ones, 10^7 steps. Records follow
/// the reference grid up to 10^6 (all Fig 21 shows) and are log-spaced (200 per decade) after it, as AlphaBetaGrid does,
/// so a run stores ~2,200 records instead of 10^4.
/// </summary>
internal static class TauGrid
{
    public static readonly long[] Ns = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    public static readonly double[] Taus = [.. Enumerable.Range(0, 11).Select(k => k / 10.0)];
    public static readonly long[] QuickNs = [20, 50, 80];
    public static readonly double[] QuickTaus = [0, 0.2, 0.5, 0.8, 1.0];

    /// <summary>Fig 21 draws the first 2,000 records of the reference, i.e. t up to ~10^6.</summary>
    public const long CurveHorizon = 1_000_000;

    public static IReadOnlyList<RunSpec> Specs(bool quick)
    {
        long steps = quick ? 300_000 : 10_000_000;
        return [.. from N in quick ? QuickNs : Ns from tau in quick ? QuickTaus : Taus select Spec(N, tau, steps)];
    }

    public static RunSpec Spec(long N, double tau, long steps) => RunSpec.Create("sparse-recovery",
        SparseRecoveryParameters.Schema,
        [
            new("N", N), new("data-seed", DataSeed(N)), new("tau", tau), new("snr", "inf"), new("steps", steps),
            new("components", false), new("t2-rule", "plateau"), new("eval-log-after", CurveHorizon), new("eval-per-decade", 200L),
        ]);

    /// <summary>1 + i, i = index of N in {10, 20, ..., 100} (spec F.2): quick grids keep the full grid's seeds.</summary>
    public static long DataSeed(long N)
    {
        int i = Array.IndexOf(Ns, N);
        return i >= 0 ? 1 + i : throw new SpecException($"N = {N} is not in the coherence grid {{10, ..., 100}}");
    }

    public static readonly ColorScale TauColors = ColorScale.Linear(0, 1);

    public static double Tau(RunResult r) => r.Spec.Real("tau");
}

/// <summary>The claims of spec B.7 / E2.10 on the (N, tau) grid (Figures 21 and 22): t1 and t2 by the stable plateau.</summary>
internal static class CoherenceClaims
{
    public const double Recovered = 1e-2;

    public static IEnumerable<Claim> All(IReadOnlyList<RunResult> runs)
    {
        // N < n only: at N = n, X is square and invertible whatever tau, and memorising is recovering
        var byN = runs.Where(r => r.Spec.Int("N") < r.Spec.Int("n")).GroupBy(r => r.Spec.Int("N")).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(TauGrid.Tau).Select(r => (Tau: TauGrid.Tau(r), Run: r, P: ScalingPoint.BothPlateaus(r))).ToArray())
            .ToArray();
        if (byN.Length == 0) yield break;

        // "generalisation time and delay increase with tau": the share of ordered pairs tau < tau' (same N) whose
        // time does not decrease — 1 for a monotone increase, ~0.5 for no trend. A run that never recovers a* has an
        // infinite generalisation time (its stable plateau is the flat start of its error curve, not a generalisation)
        static double Concordance(IEnumerable<double[]> series)
        {
            int up = 0, all = 0;
            foreach (var v in series)
                for (int i = 0; i < v.Length; i++)
                    for (int j = i + 1; j < v.Length; j++) { all++; if (v[j] >= v[i]) up++; }
            return all == 0 ? double.NaN : (double)up / all;
        }
        static double Generalises(ScalingPoint p, long t) => p.MinRecovery <= Recovered ? t : double.PositiveInfinity;
        double t2Up = Concordance(byN.Select(g => g.Select(x => Generalises(x.P, x.P.T2)).ToArray()));
        double dtUp = Concordance(byN.Select(g => g.Select(x => Generalises(x.P, x.P.T2 - x.P.T1)).ToArray()));
        yield return new Claim($"share of pairs tau < tau' (same N < n) with t2(tau') >= t2(tau) (t2 = ∞ if never <= {Recovered})",
            $"{t2Up:0.00}", "1 (t2 increases with tau) (paper, App. G.1.3)", t2Up >= 0.9);
        yield return new Claim("idem for the delay Δt = t2 − t1", $"{dtUp:0.00}", "1 (the delay increases with tau) (paper, App. G.1.3)", dtUp >= 0.9);

        // "for N < n, t2 -> infinity as tau -> 1": at tau = 1 every row is some e_j, the unmeasured coordinates only feel
        // the l1 pull to 0, so a* is recovered only if its support lies among the measured coordinates
        var atOne = byN.Select(g => g[^1]).Where(x => x.Tau == 1.0).ToArray();
        if (atOne.Length > 0)
        {
            var failed = atOne.Where(x => x.P.MinRecovery > Recovered).Select(x => x.Run.Spec.Int("N")).ToArray();
            var ok = atOne.Where(x => x.P.MinRecovery <= Recovered).Select(x => x.Run.Spec.Int("N")).ToArray();
            yield return new Claim($"tau = 1, N < n: runs that never reach recovery error <= {Recovered}",
                $"{failed.Length} of {atOne.Length}" + (ok.Length > 0 ? $" (recovered: N = {string.Join(", ", ok)})" : ""),
                "all (t2 → ∞ as tau → 1) (paper, App. G.1.3)", ok.Length == 0);
        }

        // at tau = 0 the grid is Fig 4's setting up to the X seed: recovery for N large enough
        var atZero = byN.Select(g => g[0]).Where(x => x.Tau == 0).ToArray();
        if (atZero.Length > 0)
        {
            long nMin = atZero.Where(x => x.P.MinRecovery <= Recovered).Select(x => x.Run.Spec.Int("N")).DefaultIfEmpty(-1).Min();
            yield return new Claim($"tau = 0: smallest N < n with min recovery error <= {Recovered}", nMin < 0 ? "none" : nMin.ToString(),
                "tau → 0 gives the best recovery (paper, App. G.1.3)", nMin > 0);
        }
    }
}
