using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The depth grid of Figures 9, 17 and 18 (spec B.8): n = 100, s = 5, noiseless, X seed 1 for every N, alpha 0.1,
/// no regulariser. L = 1 is the shallow model from 1e-6 * ones (it converges to the least-squares solution);
/// L in {2, 3, 4} is the deep diagonal model a = a_1 ⊙ ... ⊙ a_L from init scale 1e-2. The reference code's
/// identity init keeps every factor equal, so a = c^L >= 0 can never fit a*'s negative entry (spec B.0.6, the
/// "sign trap"); the paper's text draws the factors from zeta N(0, 1/n). Both are run: "identity" (code) and
/// "random" (text, init seed 1). L = 1 only has the identity init: from 1e-6 the init's null-space part is noise.
/// </summary>
internal static class DepthGrid
{
    public static readonly long[] Ns = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    /// <summary>The quick grid keeps the paper's horizon on two N (those of the [RUN] values): its runs are full-grid runs.</summary>
    public static readonly long[] QuickNs = [30, 50];
    public static readonly int[] Depths = [1, 2, 3, 4];
    public static readonly string[] Inits = ["identity", "random"];
    public const long RandomInitSeed = 1;

    /// <summary>[RUN] lower bound on the relative recovery error of any a >= 0: the negative entry -0.0127 of a*.</summary>
    public const double SignTrapBound = 0.08;

    public const long Steps = 1_000_000;

    public static IReadOnlyList<RunSpec> Specs(bool quick) =>
        [.. from N in quick ? QuickNs : Ns
            from L in Depths
            from init in L == 1 ? ["identity"] : Inits
            select Spec(N, L, init, Steps)];

    public static RunSpec Spec(long N, int L, string init, long steps) => RunSpec.Create("sparse-recovery",
        SparseRecoveryParameters.Schema,
        [
            new("N", N), new("depth", (long)L), new("beta1", 0.0), new("beta2", 0.0), new("snr", "inf"),
            new("init", init), new("init-scale", L == 1 ? 1e-6 : 1e-2), new("init-seed", init == "random" ? RandomInitSeed : 0L),
            new("steps", steps), new("components", false), new("t2-rule", "plateau"),
        ]);

    public static int Depth(RunResult r) => (int)r.Spec.Int("depth");
    public static string Init(RunResult r) => r.Spec.Text("init");

    /// <summary>Colour per depth (tab10), line style per init: solid = identity (code), dashed = random (text).</summary>
    public static string Color(int depth) => Palette.Cycle(depth - 1);
    public static LineStyle Style(string init) => init == "random" ? LineStyle.Dashed : LineStyle.Solid;

    public static string Label(int depth, string init) => depth == 1 ? "L = 1" : $"L = {depth}, {init} init";

    public const string InitNote =
        "Solid = the reference code's identity init (every factor 1e-2 * ones, so a >= 0); dashed = the paper text's " +
        "random init (factors 1e-2 * N(0, 1/n), init seed 1). L = 1 (shallow, 1e-6 * ones, beta = 0) is drawn solid.";
}
