using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.Mnist.Figures;

/// <summary>
/// Figure 35 of paper 1 (spec D.2): MNIST, N = 1,000, a two-layer ReLU MLP under l1, train and test accuracy per
/// alpha (one colour per beta, seed 0), t2 marked; the cells over `--seeds` and the claim that a smaller alpha·beta
/// gives a later t2 (<see cref="AlphaBetaDelay"/>). Reads the real digits from the lab's data folder.
/// </summary>
public sealed class MnistFigure35 : GridFigure, ISeededFigure
{
    public override string Id => "35";
    public override string Title => "MNIST, l1: the smaller αβ, the later the best test accuracy (paper 1, Fig 35)";

    protected override IReadOnlyList<string> Columns => ["penalty", "lr", "beta", "init-seed"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => MnistGrid.Specs(quick, 1);

    protected override IReadOnlyList<RunSpec> Specs(FigureOptions options) => MnistGrid.Specs(options.Quick, options.Seeds);

    private static IReadOnlyList<RunResult> Drawn(IEnumerable<RunResult> runs) => [.. runs.Where(r => MnistGrid.SeedOf(r.Spec) == 0)];

    protected override string Setting(bool quick) =>
        "Figure 35: one panel per α, train (solid) and test (dashed) accuracy against step + 1 (log axis), one colour per β; dotted " +
        "lines: t2 (seed 0 of each cell).\n\n" +
        "Setting: the first 1,000 MNIST training images (pixels / 255), B ReLU(A x) with 784 -> 200 -> 10, no biases, init " +
        "N(0, 1/out_features), full-batch Adam at lr = α on the cross-entropy plus β times the l1 norm of A and B; repetition k of a cell " +
        "uses init seed k. The paper gives only the model, N = 1,000, l1 and Adam: width, loss, steps, test set and the grid are our " +
        "choices (the MNIST experiment's defaults). " +
        (quick
            ? $"`--quick`: α ∈ {{{Join(MnistGrid.QuickAlphas)}}}, β ∈ {{{Join(MnistGrid.QuickBetas)}}}, {MnistGrid.QuickSteps:N0} steps, records every " +
              $"{MnistGrid.QuickEvalEvery} steps after step 100, the first {MnistGrid.QuickTestImages:N0} test images (the full grid: α ∈ {{{Join(MnistGrid.Alphas)}}}, " +
              $"β ∈ {{{Join(MnistGrid.Betas)}}}, {MnistGrid.Steps:N0} steps, records every 10, all 10,000 test images). "
            : $"Grid: α ∈ {{{Join(MnistGrid.Alphas)}}} (from the teacher-student grid), β ∈ {{{Join(MnistGrid.Betas)}}} (β times the init's l1 " +
              $"norm, ~9,000, from 0.009 to 9 against an initial loss of 2.3), {MnistGrid.Steps:N0} steps, records at 0..100 then every 10, all 10,000 test images. ") +
        "t1: first recorded step with train accuracy ≥ 0.99; t2: the first step at the best test accuracy (the reference figures' rule), " +
        "\"not reached\" when that is the last record (still rising at the horizon); the CSV's t2 is the threshold rule's (test accuracy ≥ 0.9). " +
        "The claim (the paper: the same qualitative effect as the teacher-student): the smaller α·β, the later t2, on the cells' median t2 over " +
        "the seeds and by Spearman's ρ of t2 with 1/(α·β).";

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(GrokkingCell.Num));

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var drawn = Drawn(runs);
        var alphas = drawn.Select(r => r.Spec.Real("lr")).Distinct().Order().ToArray();
        var fig = new Figure(1, alphas.Length, 500 * alphas.Length, 480) { Title = "Figure 35 — MNIST, l1: train (solid) and test (dashed) accuracy per α" };
        var scale = BetaColors.Scale(drawn);
        for (int k = 0; k < alphas.Length; k++)
        {
            var p = fig.Panel(0, k);
            p.Title = $"α = {GrokkingCell.Num(alphas[k])}";
            p.X = Axis.Log("step + 1");
            p.Y = Axis.Linear("accuracy", 0, 1.02);
            p.Legend = LegendPosition.Hidden;
            foreach (var r in drawn.Where(r => r.Spec.Real("lr") == alphas[k]).OrderBy(r => r.Spec.Real("beta")))
                BetaColors.TrainTest(p, r, scale.ColorOf(r.Spec.Real("beta")), MnistModel.TrainAccuracy, MnistModel.TestAccuracy, MnistGrid.Times(r).T2);
            if (k == alphas.Length - 1) p.AddColorBar(scale, "β");
        }
        yield return ("figure-35", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) =>
        AlphaBetaDelay.Claims("MNIST l1", MnistGrid.Cells(runs),
            [.. runs.DistinctBy(r => r.Spec.Id).Select(r => new AlphaBetaDelay.RunTime(MnistGrid.RunName(r), r.Spec.Real("lr"), r.Spec.Real("beta"), MnistGrid.Times(r).T2))],
            "smaller αβ, longer delay (E4.5, as the teacher-student)");

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
    [
        ("", FigureCsv.PerRun(runs, Columns)),
        ("-curves", FigureCsv.PerRecord(Drawn(runs), ["penalty", "lr", "beta"],
            [MnistModel.TrainAccuracy, MnistModel.TestAccuracy, MnistModel.TrainLoss, MnistModel.TestLoss, MnistModel.L1Norm])),
    ];

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick) =>
        GrokkingTables.Details(runs, MnistGrid.Cells, MnistGrid.SeedOf, MnistGrid.Times, MnistGrid.RunName,
            "t1 at train accuracy ≥ 0.99, t2 at the first best test accuracy", "Runs whose best test accuracy is their last record (t2 not reached)",
            [
                ("t2 (test ≥ 0.9)", r => GrokkingCell.Step(r.Summary.T2)),
                ("best test accuracy", r => Claim.Real(r.Record.Series(MnistModel.TestAccuracy).Values.DefaultIfEmpty(double.NaN).Max(), 4)),
            ]);
}
