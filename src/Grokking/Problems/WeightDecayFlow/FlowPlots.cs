using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>The paper's layout of one weight-decay run: losses and ||w||^2 against flow time t = k eta on log axes,
/// t = 1/lambda marked; shared by the run plot and the paper-2 figures.</summary>
public static class FlowPlots
{
    /// <summary>Train and test loss (left axis) and ||w||^2 (right axis) against t, with t = 1/lambda marked.</summary>
    public static void LossesAndNorm(Panel p, MetricRecord record, double eta, double lambda)
    {
        p.X = Axis.Log("t = k·η");
        p.Y = Axis.Log("loss");
        var t = Times(record, FlowModel.TrainLoss, eta);
        p.Line(t, Positive(record.Series(FlowModel.TrainLoss).Values), "train loss F(w)", color: "#1f77b4");
        p.Line(t, Positive(record.Series(FlowModel.TestLoss).Values), "test loss", color: "#d62728", style: LineStyle.Dashed);
        p.Y2 = Axis.Log("||w||²");
        p.Line(t, record.Series(FlowModel.Norm2).Values, "||w||²", color: "#9467bd", rightAxis: true);
        if (lambda > 0) p.VerticalMarker(1 / lambda, "t = 1/λ");
    }

    /// <summary>The chart of one run (plot.svg of its run directory): the losses and norm, then ||grad F|| against t,
    /// the distance to the manifold of stationary points.</summary>
    public static Figure Run(RunSpec spec, MetricRecord record)
    {
        double eta = spec.Real("eta"), lambda = spec.Real("lambda");
        var fig = new Figure(rows: 2, cols: 1, width: 900, height: 800) { Title = $"{spec.Kind}, λ = {lambda:G3} ({spec.Id})" };
        LossesAndNorm(fig.Panel(0, 0), record, eta, lambda);
        var g = fig.Panel(1, 0);
        g.X = Axis.Log("t = k·η");
        g.Y = Axis.Log("||∇F(w)||");
        g.Line(Times(record, FlowModel.GradNorm, eta), Positive(record.Series(FlowModel.GradNorm).Values), "||∇F(w)||", color: "#2ca02c");
        if (lambda > 0) g.VerticalMarker(1 / lambda, "t = 1/λ");
        return fig;
    }

    /// <summary>Flow time of each record of <paramref name="metric"/> (step 0 drawn at t = 1e-3 on the log axis).</summary>
    public static double[] Times(MetricRecord record, string metric, double eta) =>
        record.Series(metric).Steps.Select(k => Math.Max(k * eta, 1e-3)).ToArray();

    public static double[] Positive(double[] v) => v.Select(x => Math.Max(x, 1e-300)).ToArray();
}
