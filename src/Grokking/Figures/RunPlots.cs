using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>The standard plot of a single run, by experiment kind, written into its run directory.</summary>
public static class RunPlots
{
    public static void Write(string directory, RunSpec spec, MetricRecord record, RunSummary summary)
    {
        Figure? fig = spec.Kind switch
        {
            "sparse-recovery" => SparseRecoveryPlots.Dynamics(record, summary, $"sparse recovery {spec.Id}"),
            "matrix-factorisation" => MatrixPlots.Dynamics(record, summary, $"matrix {spec.Text("problem")} {spec.Id}", spec.Real("alpha") * spec.Real("beta-star")),
            _ => null,
        };
        if (fig is null) return;
        string svg = Path.Combine(directory, "plot.svg");
        fig.Save(svg);
        Png.TryConvert(svg, Path.Combine(directory, "plot.png"), out _);
    }
}
