using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.TeacherStudent.Figures;

/// <summary>
/// The charts of Figures 10, 11, 31-34: one panel per alpha (three to a row), train (solid) and test (dashed) MSE
/// against step + 1 on a log axis, one viridis colour per beta (log colour bar), a dotted line at each run's t2 (the
/// arg-min of its test MSE, when before the horizon); and the companion chart of the l0, l1, l2 and nuclear norms,
/// one row per norm. Both draw seed 0 of each cell.
/// </summary>
public static class TeacherStudentCurves
{
    public static readonly (string Metric, string Label)[] Norms =
    [
        (TeacherStudentModel.L0Norm, "l0 (|w| > 1e-4)"), (TeacherStudentModel.L1Norm, "l1"),
        (TeacherStudentModel.L2Norm, "l2"), (TeacherStudentModel.NuclearNorm, "nuclear"),
    ];

    public static Figure Mse(IReadOnlyList<RunResult> drawn, string title)
    {
        var alphas = AlphasOf(drawn);
        int cols = Math.Min(3, alphas.Length), rows = (alphas.Length + cols - 1) / cols;
        var fig = new Figure(rows, cols, 500 * cols, 420 * rows + 60) { Title = title };
        var scale = BetaColors.Scale(drawn);
        for (int k = 0; k < alphas.Length; k++)
        {
            var p = LogPanel(fig, k / cols, k % cols, $"α = {GrokkingCell.Num(alphas[k])}", "MSE");
            foreach (var r in OfAlpha(drawn, alphas[k]))
                BetaColors.TrainTest(p, r, scale.ColorOf(r.Spec.Real("beta")), TeacherStudentModel.TrainLoss, TeacherStudentModel.TestLoss, TeacherStudentGrid.Times(r).T2);
            if (k % cols == cols - 1 || k == alphas.Length - 1) p.AddColorBar(scale, "β");
        }
        return fig;
    }

    public static Figure NormCurves(IReadOnlyList<RunResult> drawn, string title)
    {
        var alphas = AlphasOf(drawn);
        var fig = new Figure(Norms.Length, alphas.Length, 420 * alphas.Length, 320 * Norms.Length + 60) { Title = title };
        var scale = BetaColors.Scale(drawn);
        for (int row = 0; row < Norms.Length; row++)
            for (int col = 0; col < alphas.Length; col++)
            {
                var p = LogPanel(fig, row, col, $"{Norms[row].Label}, α = {GrokkingCell.Num(alphas[col])}", Norms[row].Label);
                foreach (var r in OfAlpha(drawn, alphas[col]))
                {
                    var (steps, values) = r.Record.Series(Norms[row].Metric);
                    p.Line(steps.Select(t => t + 1.0).ToArray(), values, color: scale.ColorOf(r.Spec.Real("beta")), width: 1.2);
                }
                if (col == alphas.Length - 1) p.AddColorBar(scale, "β");
            }
        return fig;
    }

    /// <summary>A panel with log axes (step + 1 against <paramref name="y"/>) and no legend: the colour bar says which β.</summary>
    private static Panel LogPanel(Figure fig, int row, int col, string title, string y)
    {
        var p = fig.Panel(row, col);
        p.Title = title;
        p.X = Axis.Log("step + 1");
        p.Y = Axis.Log(y);
        p.Legend = LegendPosition.Hidden;
        return p;
    }

    private static double[] AlphasOf(IEnumerable<RunResult> runs) => [.. runs.Select(r => r.Spec.Real("lr")).Distinct().Order()];

    private static IEnumerable<RunResult> OfAlpha(IEnumerable<RunResult> runs, double alpha) =>
        runs.Where(r => r.Spec.Real("lr") == alpha).OrderBy(r => r.Spec.Real("beta"));

}
