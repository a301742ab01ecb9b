using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.ModularArithmetic.Figures;

/// <summary>
/// Figure 1 of paper 1 (spec C): modular addition at alpha = 0.01 under l1, l2 and nuclear regularisation. Top row:
/// accuracy per penalty, one colour per beta, truncated to the first 700 (l1) / 500 (l2, nuclear) records, t2
/// markers; bottom row: the l1, l2 and nuclear norms / 1000 of the l1 runs over the same window.
/// </summary>
public sealed class ModularFigure1 : ModularGridFigure
{
    public override string Id => "1";
    public override string Title => "modular addition: smaller β delays generalisation under l1, l2 and nuclear norms (paper 1, Fig 1)";

    protected override IReadOnlyList<string> FigurePenalties => ModularGrid.Penalties;
    protected override IReadOnlyList<double>? FigureAlphas(bool quick) => [ModularGrid.FigureOneAlpha];

    protected override IReadOnlyList<string> CurveMetrics =>
        [ModularModel.TrainAccuracy, ModularModel.TestAccuracy, ModularModel.L1Norm, ModularModel.L2Norm, ModularModel.NuclearNorm];

    protected override string Setting(bool quick) =>
        $"Figure 1: α = {GrokkingCell.Num(ModularGrid.FigureOneAlpha)}, {(quick ? "the quick" : "the six")} β of each penalty. Top: train (solid) and test (dashed) accuracy against the step, one colour " +
        "per β, cut to the first 700 recorded points for l1 (steps ≤ 6,090) and 500 for l2 and nuclear (steps ≤ 4,090) as the paper " +
        "does; dotted lines: t2 as the reference draws it, the first step at the best test accuracy within the drawn window. " +
        "Bottom: the l1, l2 and nuclear norms / 1000 of the l1 runs over the same window. " +
        CommonSetting(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var drawn = Drawn(runs);
        string alpha = GrokkingCell.Num(ModularGrid.FigureOneAlpha);
        var fig = new Figure(2, 3, 1500, 900) { Title = $"Figure 1 — modular addition, α = {alpha}: accuracy (solid train, dashed test) and norms of the l1 runs" };
        var scales = ModularGrid.Penalties.Select(p => BetaColors.Scale(drawn.Where(r => r.Spec.Text("penalty") == p))).ToArray();
        for (int k = 0; k < ModularGrid.Penalties.Length; k++)
        {
            string penalty = ModularGrid.Penalties[k];
            var p = fig.Panel(0, k);
            p.Title = $"{penalty}, first {ModularCurves.FigureOneWindow(penalty)} records";
            ModularCurves.Accuracy(p, drawn.Where(r => r.Spec.Text("penalty") == penalty), scales[k], ModularCurves.FigureOneWindow(penalty));
            p.AddColorBar(scales[k], $"β ({penalty})");
        }
        var l1Runs = drawn.Where(r => r.Spec.Text("penalty") == ModularGrid.L1).ToArray();
        int window = ModularCurves.FigureOneWindow(ModularGrid.L1);
        (string Metric, string Label)[] norms = [(ModularModel.L1Norm, "‖w‖₁"), (ModularModel.L2Norm, "‖w‖₂"), (ModularModel.NuclearNorm, "Σ‖W‖*")];
        for (int k = 0; k < norms.Length; k++)
        {
            var p = fig.Panel(1, k);
            p.Title = $"l1 runs: {norms[k].Label} / 1000";
            ModularCurves.Norm(p, l1Runs, scales[0], norms[k].Metric, norms[k].Label, window);
        }
        yield return ("figure-1", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var cells = ModularGrid.Cells(runs);
        double alpha = ModularGrid.FigureOneAlpha;
        foreach (string penalty in ModularGrid.Penalties)
            yield return ModularClaims.FallsWithBeta(penalty, alpha, cells);
        foreach (string penalty in ModularGrid.Penalties)
            yield return ModularClaims.GroksAtSomeBeta(penalty, alpha, cells);
        var l1Runs = runs.Where(r => r.Spec.Text("penalty") == ModularGrid.L1).ToArray();
        yield return ModularClaims.L2NormNotMonotoneUnderL1(l1Runs.Select(r => (RunName(r), NormSwings.After(r, ModularModel.L2Norm))));
        yield return ModularClaims.L2NormHoldsUnderL1(l1Runs.Select(r => (RunName(r), NormPath.Of(r, ModularModel.L2Norm))));
    }
}
