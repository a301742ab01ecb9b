using System.Globalization;
using Grokking.Analysis;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// What the "vs N" summary panels of Figs 18, 22 and 28 show for one run: the minima over time of the train
/// and recovery errors, and t1, t2 by the figure's rule, with the notebooks' "last recorded step if none"
/// so that a run that never settles sits at the top of the time panels instead of vanishing.
/// </summary>
internal readonly record struct ScalingPoint(double N, double MinTrain, double MinRecovery, long T1, long T2)
{
    public static double Min(RunResult r, string metric) => r.Record.Series(metric).Values.DefaultIfEmpty(double.NaN).Min();

    /// <summary>The notebooks' stable plateau (K = 3, 5 %, M = 2) of a metric, or the last recorded step.</summary>
    public static long PlateauOrLast(RunResult r, string metric)
    {
        var (steps, values) = r.Record.Series(metric);
        return Detectors.StablePlateau(steps, values, Detectors.PlateauRule.Notebook)?.Step ?? steps[^1];
    }

    /// <summary>t1 = the run's threshold detection (its train-threshold), t2 = its t2 rule; last step if none.</summary>
    public static ScalingPoint FromSummary(RunResult r) => new(r.Spec.Int("N"),
        Min(r, SparseRecoveryModel.TrainError), Min(r, SparseRecoveryModel.RecoveryError),
        r.Summary.T1 ?? r.Summary.Steps, r.Summary.T2 ?? r.Summary.Steps);

    /// <summary>t1 and t2 both by the stable plateau, of the train and the recovery error (Figs 18 and 22).</summary>
    public static ScalingPoint BothPlateaus(RunResult r) => new(r.Spec.Int("N"),
        Min(r, SparseRecoveryModel.TrainError), Min(r, SparseRecoveryModel.RecoveryError),
        PlateauOrLast(r, SparseRecoveryModel.TrainError), PlateauOrLast(r, SparseRecoveryModel.RecoveryError));
}

/// <summary>One line of a "vs N" chart: a label, how it is drawn, and its points (any order; sorted by N).</summary>
internal sealed record ScalingGroup(string Label, string Color, IReadOnlyList<ScalingPoint> Points,
    LineStyle Style = LineStyle.Solid, Marker Marker = Marker.Circle);

/// <summary>
/// The two chart shapes shared by the N/s/tau/depth figures (Figs 12, 13, 17, 18, 21, 22, 27, 28):
/// panels of error curves coloured by one parameter, and the 2x2 summary of a grid against N.
/// </summary>
internal static class ScalingPlots
{
    public static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>
    /// One panel per value of <paramref name="panelKey"/> (<paramref name="cols"/> columns, unused cells hidden):
    /// train error solid, recovery error dashed against t + 1 (log x), each run coloured by
    /// <paramref name="colorKey"/> through <paramref name="colors"/>. With a colour bar the legend is hidden;
    /// otherwise the first panel's legend names the colours. <paramref name="maxStep"/> cuts the curves.
    /// </summary>
    public static Figure ErrorCurves(string title, IReadOnlyList<RunResult> runs, string panelKey, string panelName,
        Func<RunResult, double> colorKey, Func<double, string> colors, Func<double, string> colorName,
        bool logY, int cols, ColorScale? colorBar = null, string colorBarLabel = "", long maxStep = long.MaxValue)
    {
        var panels = runs.Select(r => r.Spec.Values[panelKey]).Distinct().OrderBy(Convert.ToDouble).ToArray();
        cols = Math.Min(cols, panels.Length);
        int rows = (panels.Length + cols - 1) / cols;
        var fig = new Figure(rows, cols, 560 * cols + (colorBar is null ? 0 : 80), 330 * rows + 70) { Title = title };
        if (colorBar is not null) fig.AddColorBar(colorBar, colorBarLabel);
        for (int k = 0; k < panels.Length; k++)
        {
            var p = fig.Panel(k / cols, k % cols);
            p.Title = $"{panelName} = {Format(Convert.ToDouble(panels[k]))}";
            p.X = Axis.Log("t + 1");
            p.Y = logY ? Axis.Log("relative error") : Axis.Linear("relative error");
            p.Legend = colorBar is null && k == 0 ? LegendPosition.Best : LegendPosition.Hidden;
            var marks = new DivergenceMarks(p);
            foreach (var r in runs.Where(r => Equals(r.Spec.Values[panelKey], panels[k])).OrderBy(colorKey))
            {
                var (steps, train) = r.Record.Series(SparseRecoveryModel.TrainError);
                var recovery = r.Record.Series(SparseRecoveryModel.RecoveryError).Values;
                int m = Array.FindLastIndex(steps, t => t <= maxStep) + 1;
                var x = steps.Take(m).Select(t => t + 1.0).ToArray();
                string color = colors(colorKey(r));
                var trainCurve = p.Line(x, train.Take(m).ToArray(), $"{colorName(colorKey(r))} train", color: color, width: 1.2);
                var recoveryCurve = p.Line(x, recovery.Take(m).ToArray(), $"{colorName(colorKey(r))} recovery", color: color,
                    style: LineStyle.Dashed, width: 1.2);
                if (m == steps.Length) marks.Add(r, color, trainCurve, recoveryCurve); // a cut curve does not show its end
            }
            marks.Draw();
        }
        for (int k = panels.Length; k < rows * cols; k++) fig.Panel(k / cols, k % cols).Visible = false;
        return fig;
    }

    /// <summary>
    /// The 2x2 summary against N: min train error, min recovery error (log y), t1 and t2 (log y), one line per
    /// group. With <paramref name="colorBar"/> the colours are explained by a bar and legends are hidden;
    /// otherwise the first panel carries the legend.
    /// </summary>
    public static Figure VersusN(string title, IReadOnlyList<ScalingGroup> groups, string t1Rule, string t2Rule,
        ColorScale? colorBar = null, string colorBarLabel = "")
    {
        var fig = new Figure(2, 2, 1150 + (colorBar is null ? 0 : 80), 820) { Title = title };
        if (colorBar is not null) fig.AddColorBar(colorBar, colorBarLabel);
        (string Title, string Y, Func<ScalingPoint, double> Value)[] panels =
        [
            ("min over t of the train error", "relative train error", p => p.MinTrain),
            ("min over t of the recovery error", "relative recovery error", p => p.MinRecovery),
            // t + 1 as on the curves' axes: a run that never moves has its plateau at step 0
            ($"t1 ({t1Rule})", "t1 + 1 (steps)", p => p.T1 + 1.0),
            ($"t2 ({t2Rule})", "t2 + 1 (steps)", p => p.T2 + 1.0),
        ];
        for (int k = 0; k < 4; k++)
        {
            var p = fig.Panel(k / 2, k % 2);
            p.Title = panels[k].Title;
            p.X = Axis.Linear("N (measurements)");
            p.Y = Axis.Log(panels[k].Y);
            p.Legend = colorBar is null && k == 1 ? LegendPosition.Best : LegendPosition.Hidden;
            foreach (var g in groups)
            {
                var pts = g.Points.OrderBy(q => q.N).ToArray();
                p.Line(pts.Select(q => q.N).ToArray(), pts.Select(panels[k].Value).ToArray(), g.Label, color: g.Color,
                    style: g.Style, width: 1.4, marker: g.Marker);
            }
        }
        return fig;
    }
}
