using Grokking.Experiments;
using Grokking.Problems.ModularArithmetic;
using Grokking.Figures;
using Grokking.Problems.ModularArithmetic.Figures;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Training;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The logic behind the claims of Figures 1, 2 and 30 on constructed cells and records: medians over seeds with runs
/// that never grok, Spearman's rho against hand-computed values (scipy.stats.spearmanr agrees), orderings that hold
/// and orderings that break (named), the l2-norm check under l1, and Figure 1's truncation by recorded points.
/// </summary>
public class ModularFigureClaimTests
{
    [Fact]
    public void MedianCountsANeverGrokkedSeedAsLaterThanAnyStep()
    {
        Assert.Equal(300, GrokkingCell.Median([100, 300, 900]));
        Assert.Equal(600, GrokkingCell.Median([100, 300, 900, null]));  // (300 + 900) / 2
        Assert.Equal(1000, GrokkingCell.Median([100, null, 900, null, 1000]));  // 100, 900, 1000, never, never
        Assert.Null(GrokkingCell.Median([100, null, null]));            // most seeds never grok: the cell does not
        Assert.Null(GrokkingCell.Median([100, null]));                  // (100 + never) / 2 is never
        var cell = new GrokkingCell("l1", 0.01, 1e-5, [80, 90, 85], [500, null, 700]);
        Assert.Equal(2, cell.Grokked);
        Assert.Equal("500 .. not reached", cell.RangeT2);
        Assert.Equal("80 .. 90", cell.RangeT1);
        Assert.Equal("l1, α = 0.01, β = 1e-5", cell.Name);
        Assert.Equal("not reached", new GrokkingCell("l1", 0.01, 1e-5, [80, 90], [null, null]).RangeT2);
        Assert.Equal("5e-9", GrokkingCell.Num(5e-9));
        Assert.Equal(("0.0055", "5.5e-4", "0.05"), (GrokkingCell.Num(5.5e-3), GrokkingCell.Num(5.5e-4), GrokkingCell.Num(0.05)));
    }

    [Fact]
    public void SpearmanMatchesHandComputedValues()
    {
        // no ties: 1 - 6 sum d^2 / (n (n^2 - 1)) with d = (-1, 1, -1, 1, 0): 1 - 24/120
        Assert.Equal(0.8, TimeOrdering.SpearmanRho([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
        // a tie gets the mean rank 2.5: Pearson of (1, 2, 3, 4) and (1, 2.5, 2.5, 4) = 4.5 / sqrt(5 * 4.5)
        Assert.Equal(4.5 / Math.Sqrt(22.5), TimeOrdering.SpearmanRho([1, 2, 3, 4], [1, 2, 2, 3]), 12);
        Assert.Equal(-1.0, TimeOrdering.SpearmanRho([1e-8, 1e-7, 1e-6], [5000, 3000, 10]), 12);
        Assert.True(double.IsNaN(TimeOrdering.SpearmanRho([1, 2, 3], [7, 7, 7])));
    }

    [Fact]
    public void AnOrderingThatHoldsPasses_OneThatBreaksFailsAndIsNamed_NeverGrokkedIsLeftOut()
    {
        var holds = TimeOrdering.Falling([(1e-6, 4000, "β = 1e-6"), (1e-5, 900, "β = 1e-5"), (1e-8, null, "β = 1e-8"), (1e-7, 6000, "β = 1e-7")], "β");
        Assert.True(holds.Holds);
        Assert.Equal(3, holds.Cells);
        Assert.Equal(-1.0, holds.Spearman, 12);
        Assert.Empty(holds.Breaks);
        Assert.Equal(["β = 1e-8"], holds.NeverGrokked);

        var broken = TimeOrdering.Falling([(1e-7, 6000, "β = 1e-7"), (1e-6, 4000, "β = 1e-6"), (1e-5, 4500, "β = 1e-5")], "β");
        Assert.False(broken.Holds);
        string b = Assert.Single(broken.Breaks);
        Assert.Equal("β = 1e-5 (t2 4,500) later than β = 1e-6 (4,000)", b);
        Assert.Equal(-0.5, broken.Spearman, 12);  // ranks (1, 2, 3) vs (3, 1, 2)

        Assert.False(TimeOrdering.Falling([(1e-6, 4000, "a"), (1e-5, null, "b")], "β").Holds);  // one grokked cell shows no ordering

        // equal medians do not show that the larger knob shortens the delay
        var tie = TimeOrdering.Falling([(5e-5, 790, "β = 5e-5"), (1e-4, 790, "β = 1e-4")], "β");
        Assert.False(tie.Holds);
        Assert.Equal("β = 1e-4 (t2 790) no earlier than β = 5e-5 (790)", Assert.Single(tie.Breaks));
        Assert.True(double.IsNaN(tie.Spearman));
    }

    private static GrokkingCell Cell(string penalty, double alpha, double beta, params long?[] t2) =>
        new(penalty, alpha, beta, [.. t2.Select(_ => (long?)50)], t2);

    [Fact]
    public void BetaAndAlphaClaimsUseTheMedianOverSeeds()
    {
        GrokkingCell[] cells =
        [
            Cell("l2", 0.01, 1e-6, 5000, 7000, null),  // median 7,000
            Cell("l2", 0.01, 1e-5, 3000, 2000, 9000),  // median 3,000
            Cell("l2", 0.01, 5e-5, 800, 900, 1000),    // median 900
            Cell("l2", 0.1, 1e-6, 1000, 1200, 1100),
            Cell("l2", 0.1, 1e-5, 4000, 3500, 3900),   // later than at alpha 0.01: breaks the alpha ordering at beta 1e-5
            Cell("l2", 0.1, 5e-5, 300, 200, 250),
            Cell("l1", 0.01, 1e-6, null, null, 100),   // never (median), and another penalty: ignored by the l2 claims
        ];
        var beta = ModularClaims.FallsWithBeta("l2", 0.01, cells);
        Assert.True(beta.Ok, beta.Ours);
        Assert.Contains("Spearman ρ(t2, β) = -1.00 over 3 cells", beta.Ours);

        var alpha = ModularClaims.FallsWithAlpha("l2", cells);
        Assert.False(alpha.Ok);
        Assert.Contains("holds at 2 of 3 β", alpha.Ours);
        Assert.Contains("β = 1e-5: α = 0.1 (t2 3,900) later than α = 0.01 (3,000)", alpha.Ours);

        var l1 = ModularClaims.GroksAtSomeBeta("l1", 0.01, cells);
        Assert.False(l1.Ok);
        Assert.Equal("0 of 1 β", l1.Ours);
        Assert.True(ModularClaims.GroksAtSomeBeta("l2", 0.01, cells).Ok);
        Assert.Contains("never grokked (left out): α = 0.01, β = 1e-6", ModularClaims.FallsWithAlpha("l1", cells).Ours);

        // alpha*beta over the six l2 cells (0.01 x 1e-5 and 0.1 x 1e-6 are one value, a tie): t2 (7000, 3000, 900, 1100, 3900, 250) against ab (1e-8, 1e-7, 5e-7, 1e-7, 1e-6, 5e-6)
        var ab = ModularClaims.FallsWithAlphaBeta("l2", cells);
        double expected = TimeOrdering.SpearmanRho([1e-8, 1e-7, 5e-7, 1e-7, 1e-6, 5e-6], [7000, 3000, 900, 1100, 3900, 250]);
        Assert.True(expected < 0);
        Assert.True(ab.Ok);
        Assert.Equal($"{expected.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} over 6 cells", ab.Ours);
    }

    [Fact]
    public void L2NormCheckComparesT1WithT2AndNamesTheRunsWhereItFell()
    {
        long[] steps = [0, 10, 20, 30, 40, 50];
        var rising = NormPath.Of(steps, [13.0, 80, 70, 72, 88, 95], t1: 10, t2: 40);
        Assert.Equal(new NormPath(80, 88, 70), rising);
        var falling = NormPath.Of(steps, [13.0, 80, 60, 55, 50, 40], t1: 10, t2: 40);
        Assert.False(NormPath.Of(steps, [1.0, 2, 3, 4, 5, 6], t1: 10, t2: null).Defined);

        var ok = ModularClaims.L2NormHoldsUnderL1([("run a", rising)]);
        Assert.True(ok.Ok);
        Assert.Contains("= 1.1 .. 1.1 over 1 runs", ok.Ours);          // 88 / 80
        Assert.Contains("minimum in [t1, t2]: 25.7 %", ok.Ours);       // 88 / 70 - 1
        var bad = ModularClaims.L2NormHoldsUnderL1([("run a", rising), ("run b", falling)]);
        Assert.False(bad.Ok);
        Assert.EndsWith("fell in: run b", bad.Ours);
        Assert.False(ModularClaims.L2NormHoldsUnderL1([]).Ok);
    }

    [Fact]
    public void NotMonotoneAfterMemorisationNeedsAFallAndARiseOfOnePercentAfterT1()
    {
        long[] steps = [0, 10, 20, 30, 40, 50];
        // the reference's shape: up to memorisation, a fall while generalising, a rise after (before t1 is ignored)
        var swing = NormSwings.After(steps, [13.0, 80, 60, 55, 66, 70], t1: 10);
        Assert.Equal(1 - 55.0 / 80, swing.Fall, 12);
        Assert.Equal(70.0 / 55 - 1, swing.Rise, 12);
        var rising = NormSwings.After(steps, [13.0, 80, 81, 85, 88, 95], t1: 10);
        Assert.Equal(0, rising.Fall);
        Assert.False(NormSwings.After(steps, [1.0, 2, 3, 4, 5, 6], t1: null).Defined);

        var ok = ModularClaims.L2NormNotMonotoneUnderL1([("run a", swing)]);
        Assert.True(ok.Ok);
        Assert.StartsWith("1 of 1 runs; largest fall 31.3 %, largest rise 27.3 %", ok.Ours);
        var bad = ModularClaims.L2NormNotMonotoneUnderL1([("run a", swing), ("run b", rising)]);
        Assert.False(bad.Ok);
        Assert.EndsWith("monotone: run b", bad.Ours);
        Assert.False(ModularClaims.L2NormNotMonotoneUnderL1([]).Ok);
    }

    /// <summary>Figure 1 cuts each run to its first 700 (l1) / 500 (l2, nuclear) recorded points: with the modular
    /// schedule (every step to 100, then every 10) the last drawn step is 6,090 / 4,090, t2 markers inside the window.</summary>
    [Theory]
    [InlineData("l1", 700, 6_090)]
    [InlineData("l2", 500, 4_090)]
    [InlineData("nuclear", 500, 4_090)]
    public void FigureOneTruncatesByRecordedPoints(string penalty, int points, long lastStep)
    {
        Assert.Equal(points, ModularCurves.FigureOneWindow(penalty));
        var spec = ModularGrid.Spec(penalty, 0.01, 1e-5, seed: 0, ModularGrid.Steps);
        var schedule = TrainingParameters.Schedule(spec);
        var record = new MetricRecord();
        int train = record.Register(ModularModel.TrainAccuracy), test = record.Register(ModularModel.TestAccuracy);
        foreach (long step in schedule.Steps(ModularGrid.Steps))
        {
            record.Add(step, train, 1.0);
            // test accuracy peaks at step 5,000 (inside the l1 window, outside the l2 / nuclear one) and again at 8,000
            record.Add(step, test, step == 5_000 || step == 8_000 ? 0.999 : Math.Min(0.9, step / 10_000.0));
        }
        var (steps, values) = ModularCurves.First(record, ModularModel.TestAccuracy, points);
        Assert.Equal(points, steps.Length);
        Assert.Equal(lastStep, steps[^1]);
        Assert.Equal(penalty == "l1" ? 5_000 : lastStep, ModularCurves.FirstBest(steps, values));

        var run = new RunResult(spec, record, new RunSummary { Id = spec.Id, Kind = "modular", Steps = ModularGrid.Steps }, "", false);
        var panel = new Figure(1, 1).Panel();
        ModularCurves.Accuracy(panel, [run], ColorScale.Log(1e-6, 1e-4), points);
        Assert.All(panel.Series, s => Assert.Equal(points, s.X.Length));
        Assert.Equal(lastStep, panel.Series[0].X[^1]);
        Assert.Equal(penalty == "l1" ? 5_000 : lastStep, Assert.Single(panel.Markers).X);
    }
}
