using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>The colour of a run by its beta in the network figures: viridis on a log scale over the betas drawn.</summary>
public static class BetaColors
{
    public static ColorScale Scale(IEnumerable<RunResult> runs)
    {
        var betas = runs.Select(r => r.Spec.Real("beta")).ToArray();
        double lo = betas.Min(), hi = betas.Max();
        return ColorScale.Log(lo, hi > lo ? hi : lo * 10);
    }

    /// <summary>One run's train (solid) and test (dashed) metric against step + 1 in its colour, and a dotted line at
    /// its t2 when it has one.</summary>
    public static void TrainTest(Panel p, RunResult run, string color, string train, string test, long? t2)
    {
        var (steps, trainValues) = run.Record.Series(train);
        var x = steps.Select(t => t + 1.0).ToArray();
        p.Line(x, trainValues, color: color, width: 1.2);
        p.Line(x, run.Record.Series(test).Values, color: color, style: LineStyle.Dashed, width: 1.2);
        if (t2 is long t) p.VerticalMarker(t + 1, "", color: color, style: LineStyle.Dotted);
    }
}
