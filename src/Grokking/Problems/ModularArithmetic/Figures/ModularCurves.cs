using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Training;

namespace Grokking.Problems.ModularArithmetic.Figures;

/// <summary>
/// The curves of Figures 1, 2 and 30: accuracy (train solid, test dashed) or a norm against the step on linear
/// axes, one colour per beta (viridis, log colour bar), each run cut to its first recorded points where the figure
/// truncates (Figure 1: 700 records for l1, 500 for l2 and nuclear; spec C counts records, not steps), and the
/// reference's t2 marker: the first recorded step at the best test accuracy within the drawn window.
/// </summary>
public static class ModularCurves
{
    /// <summary>Figure 1's window in recorded points: steps 0 .. 6,090 for l1, 0 .. 4,090 for l2 and nuclear.</summary>
    public static int FigureOneWindow(string penalty) => penalty == ModularGrid.L1 ? 700 : 500;

    /// <summary>The first <paramref name="points"/> records of a metric (all of them when null).</summary>
    public static (long[] Steps, double[] Values) First(MetricRecord record, string metric, int? points)
    {
        var (steps, values) = record.Series(metric);
        int n = points is int k ? Math.Min(k, steps.Length) : steps.Length;
        return (steps[..n], values[..n]);
    }

    /// <summary>The first step at which <paramref name="values"/> reaches its maximum (the reference's t2 on accuracy).</summary>
    public static long? FirstBest(long[] steps, double[] values)
    {
        if (values.Length == 0) return null;
        int best = 0;
        for (int k = 1; k < values.Length; k++)
            if (values[k] > values[best]) best = k;
        return steps[best];
    }

    /// <summary>Train and test accuracy of each run (one seed per cell), coloured by beta, with the t2 markers.</summary>
    public static void Accuracy(Panel p, IEnumerable<RunResult> runs, ColorScale scale, int? window)
    {
        p.X = Axis.Linear("step");
        p.Y = Axis.Linear("accuracy", 0, 1.02);
        p.Legend = LegendPosition.Hidden;
        foreach (var r in runs.OrderBy(r => r.Spec.Real("beta")))
        {
            string color = scale.ColorOf(r.Spec.Real("beta"));
            var (steps, train) = First(r.Record, ModularModel.TrainAccuracy, window);
            var (_, test) = First(r.Record, ModularModel.TestAccuracy, window);
            var x = steps.Select(t => (double)t).ToArray();
            p.Line(x, train, color: color, width: 1.2);
            p.Line(x, test, color: color, style: LineStyle.Dashed, width: 1.2);
            if (FirstBest(steps, test) is long t2) p.VerticalMarker(t2, "", color: color, style: LineStyle.Dotted);
        }
    }

    /// <summary>A norm of each run divided by 1000 (Figure 1's bottom row), coloured by beta.</summary>
    public static void Norm(Panel p, IEnumerable<RunResult> runs, ColorScale scale, string metric, string label, int? window)
    {
        p.X = Axis.Linear("step");
        p.Y = Axis.Linear(label + " / 1000");
        p.Legend = LegendPosition.Hidden;
        foreach (var r in runs.OrderBy(r => r.Spec.Real("beta")))
        {
            var (steps, values) = First(r.Record, metric, window);
            p.Line(steps.Select(t => (double)t).ToArray(), values.Select(v => v / 1000).ToArray(), color: scale.ColorOf(r.Spec.Real("beta")), width: 1.2);
        }
    }
}
