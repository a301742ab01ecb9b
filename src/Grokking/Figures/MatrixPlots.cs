using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>
/// Charts of the matrix runs. <see cref="Dynamics"/> is Figure 5's layout (spec B.9): (1) train and recovery
/// errors with the gradient ratio ||beta* U V^T|| / ||G||, (2) the errors with the nuclear norm against
/// ||A*||_*, (3) every singular value sigma_i(t) against sigma_i(A*), with the theory beside it: the predicted t2
/// = t1 + ||Â - A*||_2/(alpha beta*) and the linear decay sigma_i(t1) - alpha beta* (t - t1) of the spurious
/// values (the exact law of pure nuclear steps, spec E1.6). x is t + 1 on a log axis.
/// </summary>
public static class MatrixPlots
{
    public const string TrainColor = SparseRecoveryPlots.TrainColor;
    public const string RecoveryColor = SparseRecoveryPlots.RecoveryColor;
    public const string TheoryColor = "#7f7f7f";

    public static Figure Dynamics(MetricRecord record, RunSummary summary, string title, double alphaBeta)
    {
        var fig = new Figure(rows: 3, cols: 1, width: 900, height: 1150) { Title = title };
        var (steps, train) = record.Series(MatrixRecorder.TrainError);
        var (_, recovery) = record.Series(MatrixRecorder.RecoveryError);
        var x = steps.Select(t => t + 1.0).ToArray();

        var p1 = fig.Panel(0, 0);
        p1.Title = "errors and gradient ratio";
        Errors(p1, x, train, recovery, summary, alphaBeta);
        p1.Y2 = Axis.Log("||β* U Vᵀ||_F / ||Xᵀ(X vec A − y*)||");
        p1.Line(x, record.Series(MatrixRecorder.GradRatio).Values, "||β*UVᵀ|| / ||G||", color: "#2ca02c", rightAxis: true, width: 1.2);

        var p2 = fig.Panel(1, 0);
        p2.Title = "errors and nuclear norm";
        Errors(p2, x, train, recovery, summary, alphaBeta);
        p2.Y2 = Axis.Log("||A||_* = Σ σ_i");
        p2.Line(x, record.Series(MatrixRecorder.NuclearNorm).Values, "||A(t)||_*", color: "#9467bd", rightAxis: true, width: 1.2);
        if (summary.Theory.TryGetValue("a_star_nuclear", out double nuc))
            p2.HorizontalLine(nuc, "||A*||_*", rightAxis: true, color: "#9467bd");

        var p3 = fig.Panel(2, 0);
        p3.Title = "singular values σ_i(t) (recorded before the update, as the reference); dotted: σ_i(t1) − αβ(t − t1)";
        Spectrum(p3, record, summary, x, alphaBeta);
        return fig;
    }

    private static void Errors(Panel p, double[] x, double[] train, double[] recovery, RunSummary summary, double alphaBeta)
    {
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("relative error");
        p.Line(x, train, "train ||X vec A − y*|| / ||y*||", color: TrainColor);
        p.Line(x, recovery, "recovery ||A − A*||_F / ||A*||_F", color: RecoveryColor, style: LineStyle.Dashed);
        Markers(p, summary, alphaBeta, arrow: true);
    }

    private static void Markers(Panel p, RunSummary summary, double alphaBeta, bool arrow)
    {
        if (summary.T1 is long t1) p.VerticalMarker(t1 + 1, $"t1 = {t1:N0}");
        if (summary.T2 is long t2) p.VerticalMarker(t2 + 1, $"t2 = {t2:N0}");
        if (arrow && summary.T1 is long a && summary.T2 is long b && b > a) p.Arrow(a + 1, b + 1, "Δt");
        if (PredictedT2(summary) is not double pred) return;
        // named in the legend of the error panels: a label above the frame would run into t2's, which is near
        if (arrow && ErrorRange(p) is var (lo, hi))
            p.Line([pred + 1, pred + 1], [lo, hi], $"predicted t2 = {pred:G3}", color: TheoryColor, style: LineStyle.Dotted, width: 1.2);
        else
            p.VerticalMarker(pred + 1, "", color: TheoryColor, style: LineStyle.Dotted);
    }

    /// <summary>The positive range of the left-axis curves drawn so far (where a vertical line spans them), or null.</summary>
    private static (double Lo, double Hi)? ErrorRange(Panel p)
    {
        var values = p.Series.Where(s => !s.RightAxis).SelectMany(s => s.Y).Where(v => v > 0 && double.IsFinite(v)).ToArray();
        return values.Length == 0 ? null : (values.Min(), values.Max());
    }

    /// <summary>t1 + ||Â - A*||_2 / (alpha beta*) (Fig 6's law), if t1 and the prediction exist.</summary>
    public static double? PredictedT2(RunSummary s) =>
        s.T1 is long t1 && s.Theory.TryGetValue("t2_predicted", out double dt) && double.IsFinite(dt) ? t1 + dt : null;

    private static void Spectrum(Panel p, MetricRecord record, RunSummary summary, double[] x, double alphaBeta)
    {
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("σ_i(A(t))");
        p.Legend = LegendPosition.Hidden;
        if (!record.Has(MatrixRecorder.Sigma)) return;
        var scopes = record.Scopes(MatrixRecorder.Sigma);
        var colors = ColorMap.Viridis.Colors(Math.Max(scopes.Length, 1));
        int rank = summary.Theory.Keys.Count(k => k.StartsWith("sigma_star_", StringComparison.Ordinal)
                                                  && summary.Theory[k] > 1e-8 * summary.Theory["sigma_star_0"]);
        long? t1 = summary.T1;
        for (int k = 0; k < scopes.Length; k++)
        {
            var (steps, values) = record.Series(MatrixRecorder.Sigma, scopes[k]);
            p.Line(x, values, color: colors[k], width: 1.0);
            if (summary.Theory.TryGetValue($"sigma_star_{scopes[k]}", out double star) && k < rank)
                p.HorizontalLine(star, $"σ_{scopes[k] + 1}(A*)", color: colors[k]);
            if (k >= rank && t1 is long start && alphaBeta > 0)
                PredictedDecay(p, steps, values, start, alphaBeta, colors[k]);
        }
        Markers(p, summary, alphaBeta, arrow: false);
    }

    /// <summary>sigma(t) = sigma(t1) - alpha beta (t - t1) until it reaches alpha beta (then it oscillates in [0, alpha beta]).</summary>
    private static void PredictedDecay(Panel p, long[] steps, double[] values, long t1, double alphaBeta, string color)
    {
        int i = Array.FindIndex(steps, s => s >= t1);
        if (i < 0 || !(values[i] > alphaBeta)) return;
        double s0 = values[i];
        long tEnd = steps[i] + (long)((s0 - alphaBeta) / alphaBeta);
        var px = new List<double>();
        var py = new List<double>();
        for (int j = 0; j <= 60; j++)
        {
            double t = steps[i] + (tEnd - steps[i]) * (1 - Math.Pow(1 - j / 60.0, 3));
            px.Add(t + 1);
            py.Add(Math.Max(s0 - alphaBeta * (t - steps[i]), alphaBeta));
        }
        p.Line(px, py, color: color, style: LineStyle.Dotted, width: 1.0);
    }

    /// <summary>
    /// Errors of many runs on one panel, coloured by a parameter on a (log or linear) colour scale, with a marker
    /// at each run's t2 (Figs 29, 23) and an × where a diverged run's curve ends.
    /// </summary>
    public static void ErrorsByParameter(Panel p, IReadOnlyList<RunResult> runs, Func<RunSpec, double> parameter,
        ColorScale scale, string metric, bool logX, bool markT2 = true)
    {
        p.X = logX ? Axis.Log("t + 1") : Axis.Linear("t");
        p.Y = Axis.Log(metric == MatrixRecorder.TrainError ? "train error" : "recovery error");
        var marks = new DivergenceMarks(p);
        foreach (var run in runs)
        {
            var (steps, values) = run.Record.Series(metric);
            var x = steps.Select(t => logX ? t + 1.0 : t).ToArray();
            string color = scale.ColorOf(parameter(run.Spec));
            marks.Add(run, color, p.Line(x, values, color: color, width: 1.1));
            if (markT2 && !run.Diverged && run.Summary.T2 is long t2)
            {
                int k = Array.IndexOf(steps, t2);
                if (k >= 0) p.Scatter([logX ? t2 + 1.0 : t2], [values[k]], color: color, marker: Marker.Circle, size: 7);
            }
        }
        marks.Draw();
    }
}
