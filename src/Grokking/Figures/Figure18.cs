using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 18 of paper 1 (spec B.8): the depth grid against N — min train and recovery errors, and t1, t2
/// both by the stable-plateau rule; colour = L, solid = identity init (code), dashed = random init (text).</summary>
public sealed class Figure18 : GridFigure
{
    public override string Id => "18";
    public override string Title => "implicit bias of depth: errors and times vs N (paper 1, Fig 18)";
    protected override string Setting(bool quick) =>
        "The runs of Figure 17 (`grok figure 9`, `17` and `18` share them). 2 x 2 panels against N: minimum over time " +
        "of the train and of the recovery error, t1 = stable plateau of the train error and t2 = stable plateau of the recovery " +
        "error (K = 3, 5 %, M = 2; the last recorded step when there is none). " + DepthGrid.InitNote;
    protected override IReadOnlyList<string> Columns => ["N", "depth", "init"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => DepthGrid.Specs(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var groups = runs.Finished().GroupBy(r => (Depth: DepthGrid.Depth(r), Init: DepthGrid.Init(r)))
            .OrderBy(g => g.Key.Depth).ThenBy(g => g.Key.Init)
            .Select(g => new ScalingGroup(DepthGrid.Label(g.Key.Depth, g.Key.Init), DepthGrid.Color(g.Key.Depth),
                g.Select(ScalingPoint.BothPlateaus).ToArray(), DepthGrid.Style(g.Key.Init)))
            .ToArray();
        yield return ("figure-18", ScalingPlots.VersusN("Figure 18 — depth L: errors and times vs N (solid identity init, dashed random init)" + DivergedRuns.LeftOut(runs),
            groups, "stable plateau of the train error", "stable plateau of the recovery error"));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => DepthClaims.All(runs);
    protected override string? Conclusion(IReadOnlyList<Claim> claims) => DepthClaims.Conclusion(claims);
}
