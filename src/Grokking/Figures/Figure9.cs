using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 9 of paper 1 (spec B.8): the best recovery min_t ||a(t) − a*||_2 against N for L in {1, 2, 3, 4},
/// linear axes; solid = the code's identity init, dashed = the text's random init.</summary>
public sealed class Figure9 : GridFigure
{
    public override string Id => "9";
    public override string Title => "implicit bias of depth: min_t ||a(t) − a*||₂ vs N (paper 1, Fig 9)";
    protected override string Setting(bool quick) =>
        "The runs of Figure 17 (`grok figure 9`, `17` and `18` share them), L in {1, 2, 3, 4}: min over the recorded " +
        "steps of ||a(t) − a*||_2 (= the minimal relative recovery error times ||a*||_2 = 0.157) against N, linear axes. " +
        DepthGrid.InitNote;
    protected override IReadOnlyList<string> Columns => ["N", "depth", "init"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => DepthGrid.Specs(quick);

    /// <summary>min_t ||a(t) − a*||_2 of a run.</summary>
    internal static double MinDistance(RunResult r) =>
        ScalingPoint.Min(r, SparseRecoveryModel.RecoveryError) * r.Summary.Theory["a_star_l2"];

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var fig = new Figure(1, 1, 900, 620) { Title = "Figure 9 — min over t of ||a(t) − a*||₂ vs N, depth L (solid identity init, dashed random init)" + DivergedRuns.LeftOut(runs) };
        var p = fig.Panel();
        p.X = Axis.Linear("N (measurements)");
        p.Y = Axis.Linear("min_t ||a(t) − a*||₂", min: 0);
        foreach (var g in runs.Finished().GroupBy(r => (Depth: DepthGrid.Depth(r), Init: DepthGrid.Init(r)))
                     .OrderBy(g => g.Key.Depth).ThenBy(g => g.Key.Init))
        {
            var pts = g.OrderBy(r => r.Spec.Int("N")).ToArray();
            p.Line(pts.Select(r => (double)r.Spec.Int("N")).ToArray(), pts.Select(MinDistance).ToArray(),
                DepthGrid.Label(g.Key.Depth, g.Key.Init), color: DepthGrid.Color(g.Key.Depth), style: DepthGrid.Style(g.Key.Init),
                marker: Marker.Circle);
        }
        p.HorizontalLine(DepthGrid.SignTrapBound * runs.Finished()[0].Summary.Theory["a_star_l2"], "bound for a ≥ 0");
        p.Legend = LegendPosition.Best; // L = 4 from the random init stays near the top
        yield return ("figure-9", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => DepthClaims.All(runs);
    protected override string? Conclusion(IReadOnlyList<Claim> claims) => DepthClaims.Conclusion(claims);
}
