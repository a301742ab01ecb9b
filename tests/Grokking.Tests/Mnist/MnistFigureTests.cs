using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.Mnist;
using Grokking.Problems.Mnist.Figures;
using Grokking.Runs;
using Grokking.Sweeps;
using Grokking.Tests.Sweeps;
using Grokking.Training;

namespace Grokking.Tests.Mnist;

/// <summary>
/// Figure 35: in the catalog and seeded, its grid (12 runs, the experiment's defaults, seed 0 the plain run), the
/// sweep file with exactly its runs, the quick grid's cheaper records, and t2 read from the first best test accuracy
/// (not reached when that is the last record).
/// </summary>
public class MnistFigureTests
{
    [Fact]
    public void TheGridKeepsTheExperimentsDefaultsAndTheSweepFileListsItsRuns()
    {
        Assert.IsAssignableFrom<ISeededFigure>(FigureCatalog.Get("35"));
        var full = MnistGrid.Specs(quick: false, seeds: 1);
        Assert.Equal(3 * 4, full.Count);
        Assert.All(full, s => Assert.Equal((10_000L, 10L, 10_000L, 1000L, 200L), (s.Int("steps"), s.Int("eval-every"), s.Int("n-test"), s.Int("n-train"), s.Int("width"))));
        var plain = RunSpec.Create("mnist", MnistGrid.Schema, [new("lr", 1e-3), new("beta", 1e-5)]);
        Assert.Contains(plain.Id, full.Select(s => s.Id));

        var plan = SweepYaml.Load(Path.Combine(TestSupport.RepoRoot(), "experiments", "fig35.yaml")).Expand();
        Assert.Equal(full.Select(s => s.Id).Order(), plan.Runs.Select(r => r.Spec.Id).Order());

        var quick = MnistGrid.Specs(quick: true, seeds: 3);
        Assert.Equal(2 * 2 * 3, quick.Count);
        Assert.All(quick, s => Assert.Equal((3_000L, 50L, 2_000L), (s.Int("steps"), s.Int("eval-every"), s.Int("n-test"))));
        Assert.Equal([0L, 1L, 2L], quick.Take(3).Select(s => s.Int("init-seed")));
    }

    [Fact]
    public void T2IsTheFirstBestTestAccuracyAndNotReachedAtTheLastRecord()
    {
        var spec = MnistGrid.Spec(1e-3, 1e-4, 1, quick: true);
        var record = new MetricRecord();
        int test = record.Register(MnistModel.TestAccuracy);
        foreach (var (step, v) in new[] { (0L, 0.1), (50L, 0.8), (100L, 0.86), (150L, 0.86) }) record.Add(step, test, v);
        RunResult Run(double t2Best) => new(spec, record, new RunSummary { Id = spec.Id, Kind = "mnist", Steps = 150, T1 = 50, Final = { ["t2_best"] = t2Best } }, "", false);
        Assert.Equal((50L, (long?)100), MnistGrid.Times(Run(100)));
        Assert.Null(MnistGrid.Times(Run(150)).T2);
        var cell = Assert.Single(MnistGrid.Cells([Run(100)]));
        Assert.Equal(("l1", 1e-3, 1e-4, 100.0), (cell.Penalty, cell.Alpha, cell.Beta, cell.MedianT2));
        Assert.Equal("α = 0.001 β = 1e-4 seed 1", MnistGrid.RunName(Run(100)));
    }
}
