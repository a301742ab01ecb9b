using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 17 of paper 1 (spec B.8): error curves of the depth grid, one panel per N, colour = L,
/// linear y as in the paper; one chart per initialisation (the code's identity init and the text's random init).</summary>
public sealed class Figure17 : GridFigure
{
    public override string Id => "17";
    public override string Title => "implicit bias of depth: error curves per N (paper 1, Fig 17)";
    protected override string Setting(bool quick) =>
        "Setting: n = 100, s = 5, noiseless, X seed 1 for every N, alpha = 0.1, no l1/l2 penalty, 10^6 steps; " +
        "L = 1 shallow from 1e-6 * ones, L in {2, 3, 4} deep diagonal from scale 1e-2. One panel per N, train error solid and " +
        "recovery error dashed against t + 1 (linear y), colour = L. `figure-17.png`: the reference code's identity init; " +
        "`figure-17-random.png`: the paper text's random init (L = 1 drawn in both).";
    protected override IReadOnlyList<string> Columns => ["N", "depth", "init"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => DepthGrid.Specs(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        foreach (var init in DepthGrid.Inits)
        {
            var subset = runs.Where(r => DepthGrid.Depth(r) == 1 || DepthGrid.Init(r) == init).ToArray();
            yield return (init == "identity" ? "figure-17" : "figure-17-random", ScalingPlots.ErrorCurves(
                $"Figure 17 — errors vs t + 1 per N, colour = depth L, {init} init; solid train, dashed recovery",
                subset, "N", "N", r => DepthGrid.Depth(r), d => DepthGrid.Color((int)d), d => $"L = {d}",
                logY: false, cols: 2));
        }
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => DepthClaims.All(runs);
    protected override string? Conclusion(IReadOnlyList<Claim> claims) => DepthClaims.Conclusion(claims);
}
