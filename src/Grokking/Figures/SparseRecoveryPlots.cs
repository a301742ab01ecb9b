using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>
/// The dynamics chart of a sparse-recovery run, laid out as Figure 3 of paper 1: (1) train and recovery
/// errors with the gradient ratio ||beta H|| / ||G|| on a right axis, (2) the errors with ||a||_1 against
/// ||a*||_1, (3) every component a_i(t). x is t + 1 on a log axis, as in the reference plots.
/// </summary>
public static class SparseRecoveryPlots
{
    public const string TrainColor = "#1f77b4";
    public const string RecoveryColor = "#d62728";

    public static Figure Dynamics(MetricRecord record, RunSummary summary, string title)
    {
        var fig = new Figure(rows: 3, cols: 1, width: 900, height: 1150) { Title = title };
        var (steps, train) = record.Series(SparseRecoveryModel.TrainError);
        var (_, recovery) = record.Series(SparseRecoveryModel.RecoveryError);
        var x = steps.Select(t => t + 1.0).ToArray();

        var p1 = fig.Panel(0, 0);
        p1.Title = "errors and gradient ratio";
        Errors(p1, x, train, recovery, summary);
        p1.Y2 = Axis.Log("||βH(a)|| / ||G(a)||");
        p1.Line(x, record.Series(SparseRecoveryModel.GradRatio).Values, "||βH|| / ||G||", color: "#2ca02c", rightAxis: true, width: 1.2);

        var p2 = fig.Panel(1, 0);
        p2.Title = "errors and l1 norm";
        Errors(p2, x, train, recovery, summary);
        p2.Y2 = Axis.Linear("||a||₁");
        p2.Line(x, record.Series(SparseRecoveryModel.L1Norm).Values, "||a(t)||₁", color: "#9467bd", rightAxis: true, width: 1.2);
        // ||a*||_1 is named in the legend: a label at the line's end would sit on the curves, which all meet it at t2
        if (summary.Theory.TryGetValue("a_star_l1", out double aStarL1))
            p2.Line([x[0], x[^1]], [aStarL1, aStarL1], "||a*||₁", color: "#9467bd", style: LineStyle.Dashed, rightAxis: true, width: 1.0);

        var p3 = fig.Panel(2, 0);
        p3.Title = "components a_i(t)";
        p3.X = Axis.Log("t + 1");
        p3.Y = Axis.Linear("a_i(t)");
        p3.Legend = LegendPosition.Hidden;
        var scopes = record.Has(SparseRecoveryModel.Component) ? record.Scopes(SparseRecoveryModel.Component) : [];
        var colors = ColorMap.Viridis.Colors(Math.Max(scopes.Length, 1));
        for (int k = 0; k < scopes.Length; k++)
            p3.Line(x, record.Series(SparseRecoveryModel.Component, scopes[k]).Values, color: colors[k], width: 0.9);
        Markers(p3, summary);
        return fig;
    }

    private static void Errors(Panel p, double[] x, double[] train, double[] recovery, RunSummary summary)
    {
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("relative error");
        p.Line(x, train, "train ||Xa − y*|| / ||y*||", color: TrainColor);
        p.Line(x, recovery, "recovery ||a − a*|| / ||a*||", color: RecoveryColor, style: LineStyle.Dashed);
        Markers(p, summary);
    }

    private static void Markers(Panel p, RunSummary summary)
    {
        if (summary.T1 is long t1) p.VerticalMarker(t1 + 1, $"t1 = {t1:N0}");
        if (summary.T2 is long t2) p.VerticalMarker(t2 + 1, $"t2 = {t2:N0}");
        if (summary.T1 is long a && summary.T2 is long b && b > a) p.Arrow(a + 1, b + 1, "Δt");
    }
}
