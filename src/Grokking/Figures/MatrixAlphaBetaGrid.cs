using Grokking.Experiments;
using Grokking.Runs;
using static Grokking.Figures.MatrixGridFigure;

namespace Grokking.Figures;

/// <summary>
/// The (alpha, beta*) grid of Figures 6 and 29 (spec B.10): completion as Fig 5 (N = 80, seed 0), alpha in
/// {0.0825, 0.1, 0.75, 0.825, 1.0, 1.5} x beta* in {1e-6 .. 1e-1}, 1e7 steps, t2 by the stable-plateau rule (the
/// last step when there is none). Quick: alpha in {0.1, 1.0} x beta* in {1e-4, 1e-3, 1e-2}, 1e6 steps.
/// </summary>
internal static class MatrixAlphaBetaGrid
{
    public static double[] Alphas(bool quick) => quick ? [0.1, 1.0] : [0.0825, 0.1, 0.75, 0.825, 1.0, 1.5];
    public static double[] Betas(bool quick) => quick ? [1e-4, 1e-3, 1e-2] : [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
    public static long Horizon(bool quick) => quick ? 1_000_000 : 10_000_000;

    public static List<RunSpec> Specs(bool quick) =>
        [.. from a in Alphas(quick) from b in Betas(quick)
            select Spec(("alpha", a), ("beta-star", b), ("steps", Horizon(quick)), ("t2-rule", "plateau"), ("spectrum", false))];

    /// <summary>The grid's parameters, as CSV columns and in the list of diverged runs.</summary>
    public static readonly string[] Columns = ["alpha", "beta-star"];

    public static double AlphaBeta(RunResult r) => r.Spec.Real("alpha") * r.Spec.Real("beta-star");

    /// <summary>t2 by the plateau rule, or the last step when there is none (the notebook's fallback).</summary>
    public static (long T2, bool Detected) T2(RunResult r) => r.Summary.T2 is long t ? (t, true) : (r.Summary.Steps, false);

    /// <summary>||A(t2) - A*||_* / sqrt(n) (Fig 6's right axis, code's normalisation).</summary>
    public static double ErrorAtT2(RunResult r)
    {
        var (steps, values) = r.Record.Series("error_nuclear");
        int k = Array.IndexOf(steps, T2(r).T2);
        double n = r.Spec.Int("n1") * r.Spec.Int("n2");
        return (k >= 0 ? values[k] : values[^1]) / Math.Sqrt(n);
    }
}
