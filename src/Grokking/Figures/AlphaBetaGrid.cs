using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>
/// The (alpha, beta) grid of Figures 4 and 26 (spec B.2): noiseless Fig 3 data, init 1e-6 * ones, 10^8 steps,
/// t2 by the notebooks' stable-plateau rule. Records follow the reference grid (t &lt; 1000, then every 1000)
/// up to step 2 * 10^6 and are log-spaced (200 per decade) after it, which keeps every t2 below 2 * 10^6 (all of
/// the spec's table, the latest being 1,006,000) identical to the reference's and resolves later ones to ~1 %.
/// </summary>
internal static class AlphaBetaGrid
{
    public static readonly double[] Alphas = [0.005, 0.01, 0.0275, 0.055, 0.0825, 0.1];
    public static readonly double[] Betas = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
    public static readonly double[] QuickAlphas = [0.01, 0.05, 0.1];
    public static readonly double[] QuickBetas = [1e-5, 1e-4, 1e-3];

    public static IReadOnlyList<RunSpec> Specs(bool quick)
    {
        var alphas = quick ? QuickAlphas : Alphas;
        var betas = quick ? QuickBetas : Betas;
        long steps = quick ? 300_000 : 100_000_000;
        return [.. from a in alphas from b in betas select Spec(a, b, steps)];
    }

    public static RunSpec Spec(double alpha, double beta, long steps) => RunSpec.Create("sparse-recovery",
        Problems.SparseRecovery.SparseRecoveryParameters.Schema,
        [
            new("alpha", alpha), new("beta1", beta), new("snr", "inf"), new("steps", steps), new("components", false),
            new("t2-rule", "plateau"), new("eval-log-after", 2_000_000L), new("eval-per-decade", 200L),
        ]);
}
