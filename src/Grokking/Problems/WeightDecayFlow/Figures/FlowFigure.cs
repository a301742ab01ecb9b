using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.WeightDecayFlow.Figures;

/// <summary>
/// A paper-2 figure over one weight-decay run: losses and ||w||^2 against t = k eta on a log axis with t = 1/lambda
/// marked (the paper's layout), and a second panel of the problem's own (singular values, learned function, beta_j).
/// </summary>
public abstract class FlowFigure : GridFigure
{
    protected abstract string Kind { get; }
    /// <summary>Overrides of the kind's defaults ("name", value); <paramref name="quick"/> shortens the horizon.</summary>
    protected abstract IEnumerable<(string Name, object Value)> Overrides(bool quick);
    protected abstract void SecondPanel(Panel panel, RunResult run);

    protected override IReadOnlyList<string> Columns => [];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) =>
        [RunSpec.Create(Kind, ExperimentCatalog.SchemaOf(Kind), Overrides(quick).Select(o => new KeyValuePair<string, object>(o.Name, o.Value)))];

    /// <summary>Flow time t = k eta of step <paramref name="k"/> (from the spec: a record read back from metrics.csv has no
    /// time function of its own).</summary>
    protected static double TimeOf(RunResult run, long k) => k * run.Spec.Real("eta");

    protected static double[] Times(RunResult run, string metric) => FlowPlots.Times(run.Record, metric, run.Spec.Real("eta"));

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var run = runs[0];
        double lambda = run.Spec.Real("lambda");
        var fig = new Figure(rows: 2, cols: 1, width: 900, height: 900) { Title = $"Figure {Id}: {run.Spec.Kind}, λ = {lambda:G3} ({run.Spec.Id})" };
        FlowPlots.LossesAndNorm(fig.Panel(0, 0), run.Record, run.Spec.Real("eta"), lambda);
        SecondPanel(fig.Panel(1, 0), run);
        yield return ($"figure-{Id}", fig);
    }

    protected static double[] Positive(double[] v) => FlowPlots.Positive(v);

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
        [("", FigureCsv.PerRun(runs, Columns)),
         ("-curves", FigureCsv.PerRecord(runs, Columns, [FlowModel.TrainLoss, FlowModel.TestLoss, FlowModel.Norm2, FlowModel.GradNorm]))];

    protected static string Choices(RunResult run) =>
        "Parameters: " + string.Join(", ", run.Spec.Values.Select(kv => $"{kv.Key} = {Parameter.Format(kv.Value)}")) + ". " +
        "The paper gives no code and leaves sizes, data, steps and test sets unstated; the values above are this lab's choices " +
        $"(`grok run {run.Spec.Kind} --help` states each).";

    protected static Claim Check(string name, double ours, string reference, bool ok) => new(name, Claim.Real(ours), reference, ok);
}
