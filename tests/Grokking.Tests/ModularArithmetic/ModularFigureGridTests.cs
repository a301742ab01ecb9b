using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.ModularArithmetic;
using Grokking.Problems.ModularArithmetic.Figures;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The grid of Figures 1, 2 and 30: its shape (54 distinct runs shared by the three figures), `--seeds` (K runs per
/// cell with seeds 0 .. K-1, K = 1 the runs without seeds), and Figure 1's whole pipeline on a tiny task (p = 23,
/// 200 steps) with two seeds: the CSV columns, one row per run, the curves of seed 0, the per-cell table.
/// </summary>
public sealed class ModularFigureGridTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("modular-figures");

    public void Dispose() => TestSupport.Delete(_root);

    private static ModularGridFigure Figure(string id) => (ModularGridFigure)FigureCatalog.Get(id);

    [Fact]
    public void TheThreeFiguresShareFiftyFourRunsAtOneSeed()
    {
        var one = Figure("1").Specs(quick: false, seeds: 1);
        var two = Figure("2").Specs(quick: false, seeds: 1);
        var thirty = Figure("30").Specs(quick: false, seeds: 1);
        Assert.Equal(18, one.Count);     // alpha 0.01 x 3 penalties x 6 betas
        Assert.Equal(18, two.Count);     // nuclear x 3 alphas x 6 betas
        Assert.Equal(36, thirty.Count);  // l1, l2 x 3 alphas x 6 betas
        Assert.Equal(54, one.Concat(two).Concat(thirty).Select(s => s.Id).Distinct().Count());
        Assert.All(one, s => Assert.Equal(0.01, s.Real("lr")));
        Assert.All(one.Concat(two).Concat(thirty), s => Assert.Equal(20_002, s.Int("steps")));
        Assert.Equal([1e-7, 5e-7, 1e-6, 5e-6, 1e-5, 5e-5], one.Where(s => s.Text("penalty") == "l2").Select(s => s.Real("beta")));

        // quick: the two largest betas at alpha 0.01 (the paper's horizon: seed 0 is the full grid's run) and alpha 0.1
        // (3,000 steps); Figure 1 at alpha 0.01 as the paper; p = 97 as the paper
        var quick = Figure("30").Specs(quick: true, seeds: 1);
        Assert.Equal(2 * 2 * 2, quick.Count);
        Assert.All(quick, s => Assert.Equal(97, s.Int("p")));
        Assert.All(quick, s => Assert.Equal(s.Real("lr") == 0.1 ? 3_000 : 20_002, s.Int("steps")));
        Assert.Equal([5e-6, 1e-5], quick.Where(s => s.Text("penalty") == "l1" && s.Real("lr") == 0.01).Select(s => s.Real("beta")));
        var quickOne = Figure("1").Specs(quick: true, seeds: 1);
        Assert.All(quickOne, s => Assert.Equal(0.01, s.Real("lr")));
        Assert.Subset(one.Select(s => s.Id).ToHashSet(), quickOne.Select(s => s.Id).ToHashSet());
    }

    [Fact]
    public void SeedsRepeatEveryCellWithSeedsZeroToKMinusOne_OneSeedIsTheRunWithoutSeeds()
    {
        var three = Figure("2").Specs(quick: false, seeds: 3);
        Assert.Equal(54, three.Count);
        Assert.Equal(54, three.Select(s => s.Id).Distinct().Count());
        foreach (var cell in three.GroupBy(s => (s.Real("lr"), s.Real("beta"))))
        {
            Assert.Equal([0L, 1L, 2L], cell.Select(s => s.Int("init-seed")));
            Assert.All(cell, s => Assert.Equal(s.Int("init-seed"), s.Int("shuffle-seed")));
        }
        // seed 0 is the default run: the id of a spec that never names a seed
        var plain = RunSpec.Create("modular", new ModularExperiment().Schema,
            [new("penalty", "nuclear"), new("lr", 0.1), new("beta", 1e-4), new("steps", 20_002L)]);
        Assert.Equal(plain.Id, ModularGrid.Spec("nuclear", 0.1, 1e-4, seed: 0, ModularGrid.Steps).Id);
        Assert.Equal(Figure("2").Specs(quick: false, seeds: 1).Select(s => s.Id), three.Where(s => s.Int("init-seed") == 0).Select(s => s.Id));
        Assert.IsAssignableFrom<ISeededFigure>(Figure("30"));
        Assert.IsNotAssignableFrom<ISeededFigure>(FigureCatalog.Get("3"));
    }

    private static RunSpec Tiny(RunSpec s) =>
        s.With(ModularGrid.Schema, ("p", 23L), ("width", 16L), ("batch", 64L), ("train-fraction", 0.5), ("steps", 200L));

    [Fact]
    public void FigureOneWritesOneCsvRowPerRunAndTheCellsOverSeeds()
    {
        string dir = Path.Combine(_root, "figure-1");
        var result = Figure("1").Produce(new FigureOptions(dir, Quick: true, RunRoot: _root, Seeds: 2), Tiny);

        var csv = File.ReadAllLines(Path.Combine(dir, "figure-1.csv"));
        var header = csv[0].Split(',');
        Assert.Equal(["run_id", "penalty", "lr", "beta", "init-seed", "shuffle-seed", "steps", "t1", "t2", "dt"], header[..10]);
        Assert.Contains("final_t1_best", header);
        Assert.Contains("final_t2_best", header);
        Assert.Contains("final_test_accuracy", header);
        Assert.Equal(3 * 2 * 2, csv.Length - 1);  // 3 penalties x 2 quick betas x 2 seeds at alpha 0.01
        Assert.Equal(2, csv.Skip(1).Count(l => l.Contains(",l2,0.01,5E-05,", StringComparison.Ordinal)));

        var curves = File.ReadAllLines(Path.Combine(dir, "figure-1-curves.csv"));
        Assert.Equal("run,penalty,lr,beta,step,train_accuracy,test_accuracy,l1_norm,l2_norm,nuclear_norm,diverged_at_step", curves[0]);
        Assert.Equal(6 * (101 + 10), curves.Length - 1);  // seed 0 of each cell: steps 0..100, then 110..200

        string md = File.ReadAllText(Path.Combine(dir, "figure-1.md"));
        Assert.Contains("## Cells (2 seeds each", md);
        Assert.Contains("| l1 | 0.01 | 1e-5 | ", md);
        Assert.Contains("| t1_best | t2_best |", md);
        Assert.Contains("l1: ‖w‖₂ at t2 ≥ at t1", md);
        Assert.Equal(8, result.Lines.Count(l => l.Contains("(reference: ", StringComparison.Ordinal)));  // 3 + 3 + 2 claims
        Assert.Contains(result.Files, f => f.EndsWith("figure-1.svg", StringComparison.Ordinal));
    }

    [Fact]
    public void SeedsOnAFigureWithOneRunPerCellIsBadInput()
    {
        var (code, _, err) = TestSupport.Grok("figure", "3", "--seeds", "2", "--out", Path.Combine(_root, "f3"));
        Assert.Equal(2, code);
        Assert.Contains("figure 3 has one run per cell", err);
        Assert.False(Directory.Exists(Path.Combine(_root, "f3")));
        var zero = TestSupport.Grok("figure", "1", "--seeds", "0", "--out", Path.Combine(_root, "f1"));
        Assert.Equal(2, zero.Code);
        Assert.Contains("--seeds 0: give a number of seeds from 1 to 100", zero.Err);
    }
}
