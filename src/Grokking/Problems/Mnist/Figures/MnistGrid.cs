using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Runs;

namespace Grokking.Problems.Mnist.Figures;

/// <summary>
/// The (alpha, beta) grid of Figure 35 (MNIST, l1; spec D.2). The paper gives no grid: ours keeps the MNIST
/// experiment's defaults (N = 1,000, width 200, cross-entropy, init N(0, 1/out_features), 10^4 steps, records at
/// 0..100 then every 10, all 10,000 test images) and takes alphas from the teacher-student grid and betas around
/// the point where beta times the init's l1 norm (~9,000) meets the initial loss (~2.3): 12 runs, ~30 min on 2
/// cores. Repetition k of a cell uses init seed k, so seed 0 is `grok run mnist --lr A --beta B`.
/// </summary>
public static class MnistGrid
{
    public const string L1 = "l1";
    public static readonly string[] Penalties = [L1];

    public static readonly double[] Alphas = [1e-4, 1e-3, 1e-2];
    public static readonly double[] Betas = [1e-6, 1e-5, 1e-4, 1e-3];
    public const long Steps = 10_000;

    // --quick (~4 min on 2 idle cores with 3 seeds): two alphas, two betas, 3,000 steps, records every 50 steps
    // after step 100 on the first 2,000 test images (a record on all 10,000 costs as much as ~10 steps)
    public static readonly double[] QuickAlphas = [1e-3, 1e-2];
    public static readonly double[] QuickBetas = [1e-5, 1e-4];
    public const long QuickSteps = 3_000, QuickEvalEvery = 50, QuickTestImages = 2_000;

    public static IReadOnlyList<double> AlphasOf(bool quick) => quick ? QuickAlphas : Alphas;

    public static IReadOnlyList<RunSpec> Specs(bool quick, int seeds) =>
        [.. from a in AlphasOf(quick)
            from b in quick ? QuickBetas : Betas
            from s in Enumerable.Range(0, seeds)
            select Spec(a, b, s, quick)];

    public static RunSpec Spec(double alpha, double beta, int seed, bool quick)
    {
        var values = new List<KeyValuePair<string, object>> { new("penalty", L1), new("lr", alpha), new("beta", beta), new("init-seed", (long)seed) };
        if (quick) values.AddRange([new("steps", QuickSteps), new("eval-every", QuickEvalEvery), new("n-test", QuickTestImages)]);
        return RunSpec.Create("mnist", Schema, values);
    }

    public static ParameterSchema Schema { get; } = new MnistExperiment().Schema;

    public static int SeedOf(RunSpec spec) => (int)spec.Int("init-seed");

    /// <summary>t1: train accuracy ≥ 0.99; t2: the first step at the best test accuracy (the reference figures' rule,
    /// t2_best), "not reached" when that is the last record (the test accuracy still rises at the horizon).</summary>
    public static (long? T1, long? T2) Times(RunResult run) =>
        (run.Summary.T1, AlphaBetaDelay.BeforeHorizon(run, MnistModel.TestAccuracy,
            run.Summary.Final.TryGetValue("t2_best", out double t) ? (long)t : null));

    public static IReadOnlyList<GrokkingCell> Cells(IEnumerable<RunResult> runs) => GrokkingCell.Of(runs, SeedOf, Penalties, Times);

    public static string RunName(RunResult r) =>
        $"α = {GrokkingCell.Num(r.Spec.Real("lr"))} β = {GrokkingCell.Num(r.Spec.Real("beta"))} seed {SeedOf(r.Spec)}";
}
