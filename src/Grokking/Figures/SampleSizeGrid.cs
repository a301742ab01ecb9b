using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;

namespace Grokking.Figures;

/// <summary>
/// The (s, N) grid of Figures 12, 13, 27 and 28 (spec B.5): n = 100, a* with seed 1 for each sparsity s,
/// X seed 1 for every N, noiseless, alpha 0.1, beta1 1e-5, init 1e-6 * ones, 10^6 steps, one grid per method.
/// t1 = first train error &lt;= 1e-2 for s = 1 and 1e-3 otherwise, t2 = the stable plateau (Fig 28's rules,
/// spec F.4; its caption's 1e-4 / 1e-4 is not what the code does).
/// </summary>
internal static class SampleSizeGrid
{
    public static readonly long[] Sparsities = [1, 5, 10, 15];
    public static readonly long[] Ns = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    public static readonly long[] QuickNs = [10, 30, 50, 70, 90];

    public static long Steps(bool quick) => quick ? 200_000 : 1_000_000;

    public static IReadOnlyList<RunSpec> Specs(string method, bool quick) =>
        [.. from s in Sparsities from N in quick ? QuickNs : Ns select Spec(method, s, N, Steps(quick))];

    public static RunSpec Spec(string method, long s, long N, long steps) => RunSpec.Create("sparse-recovery",
        SparseRecoveryParameters.Schema,
        [
            new("method", method), new("s", s), new("N", N), new("snr", "inf"), new("steps", steps), new("components", false),
            new("train-threshold", TrainThreshold(s)), new("t2-rule", "plateau"),
        ]);

    public static double TrainThreshold(long s) => s == 1 ? 1e-2 : 1e-3;

    /// <summary>Colour of N in the curve panels: a linear viridis bar over the paper's N range.</summary>
    public static readonly ColorScale NColors = ColorScale.Linear(10, 100);

    /// <summary>Colour of s in the summary panels (four values: a legend, no bar).</summary>
    public static string SColor(long s) => Palette.Cycle(Array.IndexOf(Sparsities, s));

    public static string MethodName(string method) => method switch
    {
        "proj_subgradient" => "projected subgradient",
        "ista" => "ISTA",
        _ => "subgradient",
    };
}

/// <summary>The claims of spec B.5 / E2.6 / E2.7 on one method's (s, N) grid (Figures 12, 13, 27, 28).</summary>
internal static class SampleSizeClaims
{
    /// <summary>A run counts as recovering a* when its best relative recovery error is below this.</summary>
    public const double Recovered = 1e-2;

    /// <summary>The spacing of doubles at 1 (numpy's finfo(float64).eps; .NET's double.Epsilon is the smallest subnormal).</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static IEnumerable<Claim> For(IReadOnlyList<Runs.RunResult> runs, string method)
    {
        string name = SampleSizeGrid.MethodName(method);
        if (method == "proj_subgradient")
        {
            // E2.6: the projection puts a on {Xa = y} at once, up to rounding amplified by the conditioning of X X^T
            // (kappa ~ 1e3 at N = 90, ~5e8 at N = n = 100, where the train error after one step is ~2e-9)
            static double Kappa(Runs.RunResult r) => r.Summary.Theory["lambda_max"] / r.Summary.Theory["lambda_min_positive"];
            var worst = runs.Select(r => (r, e: Figure4.ValueAt(r, SparseRecoveryModel.TrainError, 1)))
                .MaxBy(x => x.e / Kappa(x.r));
            double worstAbs = runs.Max(r => Figure4.ValueAt(r, SparseRecoveryModel.TrainError, 1));
            yield return new Claim("projected subgradient: train error at t = 1 (largest; largest relative to κ(XXᵀ) ε)",
                $"{Claim.Real(worstAbs)}; {Claim.Real(worst.e)} at N = {worst.r.Spec.Int("N")}, s = {worst.r.Spec.Int("s")} (κ = {Claim.Real(Kappa(worst.r))})",
                "0 (zero training error after one step) (paper text, App. D.1) (we ask <= 1e3 κ ε)",
                worst.e <= 1e3 * Kappa(worst.r) * MachineEpsilon);
        }

        // E2.7: smaller s needs smaller N — the smallest N that recovers a*, per s, must not decrease with s
        var nMin = runs.GroupBy(r => r.Spec.Int("s")).OrderBy(g => g.Key)
            .Select(g => (s: g.Key, N: g.Where(r => ScalingPoint.Min(r, SparseRecoveryModel.RecoveryError) <= Recovered)
                .Select(r => r.Spec.Int("N")).DefaultIfEmpty(long.MaxValue).Min())).ToArray();
        bool monotone = nMin.Zip(nMin.Skip(1)).All(p => p.First.N <= p.Second.N);
        yield return new Claim($"{name}: smallest N with min recovery error <= {Recovered}, per s",
            string.Join(", ", nMin.Select(x => $"s = {x.s}: {(x.N == long.MaxValue ? "none" : x.N.ToString())}")),
            "grows with s (smaller s needs smaller N) (paper text)", monotone);

        // the grokking pattern at Fig 3/4's point (s = 5, N = 30): memorise early, recover a* much later
        if (runs.FirstOrDefault(r => r.Spec.Int("s") == 5 && r.Spec.Int("N") == 30) is { } p)
        {
            var pt = ScalingPoint.FromSummary(p);
            bool grok = pt.MinRecovery <= Recovered && pt.T2 >= 10 * Math.Max(pt.T1, 1);
            // the subgradient run is Fig 4's (alpha 0.1, beta 1e-5) run: t2 = 101,000 [RUN, spec B.2]
            string reference = method == "subgradient" ? "t2 = 101,000 (reference code, Fig 4); t2 >> t1 (paper text)" : "t2 >> t1 (grokking) (paper, App. D.1)";
            bool ok = grok && (method != "subgradient" || p.Summary.T2 == 101_000);
            yield return new Claim($"{name}, s = 5, N = 30: t1, t2, min recovery error",
                $"{Claim.Int(p.Summary.T1)}, {Claim.Int(p.Summary.T2)}, {Claim.Real(pt.MinRecovery)}", reference, ok);
        }
    }
}
