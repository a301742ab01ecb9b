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
}
