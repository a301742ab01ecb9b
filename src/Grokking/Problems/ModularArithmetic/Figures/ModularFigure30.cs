using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.ModularArithmetic.Figures;

/// <summary>Figure 30 of paper 1 (spec C): the l1 (30a, top row) and l2 (30b, bottom row) runs, one panel per alpha.</summary>
public sealed class ModularFigure30 : ModularGridFigure
{
    public override string Id => "30";
    public override string Title => "modular addition, l1 and l2: larger αβ groks sooner (paper 1, Fig 30)";

    protected override IReadOnlyList<string> FigurePenalties => [ModularGrid.L1, ModularGrid.L2];

    protected override string Setting(bool quick) =>
        "Figure 30: the l1 runs (30a, top row) and the l2 runs (30b, bottom row), one panel per α, train (solid) and test (dashed) " +
        "accuracy against the step over the whole horizon, one colour per β; dotted lines: the first step at the best test accuracy " +
        "(t2_best). " + CommonSetting(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        yield return ("figure-30", ModularFigure2.PerAlphaRows(Drawn(runs), FigurePenalties,
            "Figure 30 — l1 (top) and l2 (bottom): accuracy per α (solid train, dashed test)"));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var cells = ModularGrid.Cells(runs);
        foreach (string penalty in FigurePenalties)
        {
            yield return ModularClaims.FallsWithAlpha(penalty, cells);
            yield return ModularClaims.FallsWithAlphaBeta(penalty, cells);
        }
    }
}
