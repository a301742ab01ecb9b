using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>The standard chart of a single run, as its experiment draws it (<see cref="IExperiment.PlotRun"/>), written
/// into its run directory as plot.svg and plot.png.</summary>
public static class RunPlots
{
    public static void Write(string directory, RunSpec spec, MetricRecord record, RunSummary summary)
    {
        if (ExperimentCatalog.Get(spec.Kind).PlotRun(spec, record, summary) is not { } fig) return;
        string svg = Path.Combine(directory, "plot.svg");
        fig.Save(svg);
        Png.TryConvert(svg, Path.Combine(directory, "plot.png"), out _);
    }
}
