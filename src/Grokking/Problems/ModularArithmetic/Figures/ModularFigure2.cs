using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.ModularArithmetic.Figures;

/// <summary>Figure 2 of paper 1 (spec C): the nuclear-norm runs, one panel per alpha, the whole horizon.</summary>
public sealed class ModularFigure2 : ModularGridFigure
{
    public override string Id => "2";
    public override string Title => "modular addition, nuclear norm: larger α shortens the delay (paper 1, Fig 2)";

    protected override IReadOnlyList<string> FigurePenalties => [ModularGrid.Nuclear];

    protected override string Setting(bool quick) =>
        "Figure 2: the nuclear-norm runs, one panel per α, train (solid) and test (dashed) accuracy against the step over the whole " +
        "horizon, one colour per β; dotted lines: the first step at the best test accuracy (t2_best). " + CommonSetting(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        yield return ("figure-2", PerAlphaRows(Drawn(runs), [ModularGrid.Nuclear], "Figure 2 — nuclear norm: accuracy per α (solid train, dashed test)"));
    }

    /// <summary>One row per penalty, one panel per alpha (Figures 2 and 30).</summary>
    internal static Figure PerAlphaRows(IReadOnlyList<RunResult> drawn, IReadOnlyList<string> penalties, string title)
    {
        var alphas = drawn.Select(r => r.Spec.Real("lr")).Distinct().Order().ToArray();
        var fig = new Figure(penalties.Count, alphas.Length, 500 * alphas.Length, 420 * penalties.Count + 60) { Title = title };
        for (int row = 0; row < penalties.Count; row++)
        {
            var own = drawn.Where(r => r.Spec.Text("penalty") == penalties[row]).ToArray();
            var scale = BetaColors.Scale(own);
            for (int col = 0; col < alphas.Length; col++)
            {
                var p = fig.Panel(row, col);
                p.Title = $"{penalties[row]}, α = {GrokkingCell.Num(alphas[col])}";
                ModularCurves.Accuracy(p, own.Where(r => r.Spec.Real("lr") == alphas[col]), scale, window: null);
                if (col == alphas.Length - 1) p.AddColorBar(scale, $"β ({penalties[row]})");
            }
        }
        return fig;
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var cells = ModularGrid.Cells(runs);
        yield return ModularClaims.FallsWithAlpha(ModularGrid.Nuclear, cells);
        yield return ModularClaims.FallsWithAlphaBeta(ModularGrid.Nuclear, cells);
    }
}
