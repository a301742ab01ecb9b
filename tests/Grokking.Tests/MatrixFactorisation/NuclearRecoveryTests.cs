using Grokking.Figures;
using Grokking.Numerics;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>The E3.6 grid: N needed, seeds independent of threads and grid, and `grok figure e3.6 --quick` end to end.</summary>
public class NuclearRecoveryTests
{
    [Fact]
    public void NeededIgnoresALuckySmallN()
    {
        int[] n = [10, 20, 30, 40];
        Assert.Equal(30, NuclearRecoverySweep.Needed([true, false, true, true], n));
        Assert.Equal(10, NuclearRecoverySweep.Needed([true, true, true, true], n));
        Assert.Null(NuclearRecoverySweep.Needed([true, true, true, false], n));
    }

    [Fact]
    public void SmallGridIsExactWhenFullyObservedAndIndependentOfThreadsAndGrid()
    {
        var grid = new NuclearRecoveryGrid(10, [1, 3], [20, 70, 100], [0.0, 1.0], Trials: 2);
        var one = Grokking.Tests.BasisPursuit.ConvexCells.Nuclear(grid, jobs: 1);
        var two = Grokking.Tests.BasisPursuit.ConvexCells.Nuclear(grid, jobs: 2);
        Assert.Equal(one.MeanError.Cast<double>(), two.MeanError.Cast<double>());
        for (int t = 0; t < 2; t++)
            for (int i = 0; i < 2; i++)
            {
                Assert.True(one.MeanError[t, i, 2] < 1e-12, "N = n^2 observes A* itself");
                Assert.True(one.MeanError[t, i, 0] > 0.1, "20 entries cannot pin down a 10 x 10 matrix");
            }
        // a sub-grid reproduces the shared cells (seeds depend on values, not on grid positions)
        var sub = Grokking.Tests.BasisPursuit.ConvexCells.Nuclear(grid with { Ranks = [3], Observations = [70], Taus = [1.0] }, jobs: 1);
        Assert.Equal(one.MeanError[1, 1, 1], sub.MeanError[0, 0, 0]);
        Assert.All(one.Trials, trial => Assert.True(trial.Status == NuclearNormStatus.Optimal || trial.TruthExcess > Math.Abs(trial.RelativeGap)));
    }

    [Fact]
    public void BadGridsAreOneLineErrors()
    {
        Assert.Throws<Grokking.Experiments.SpecException>(() => new NuclearRecoveryGrid(10, [0], [10], [0.0], 1).Validated());
        Assert.Throws<Grokking.Experiments.SpecException>(() => new NuclearRecoveryGrid(10, [1], [30, 20], [0.0], 1).Validated());
        Assert.Throws<Grokking.Experiments.SpecException>(() => new NuclearRecoveryGrid(10, [1], [101], [0.0], 1).Validated());
    }

    [Fact]
    public void QuickFigureFromTheCommandLine()
    {
        Assert.Equal("e3.6", FigureCatalog.Get("E3.6").Id);
        string dir = TestSupport.TempDir("e36");
        try
        {
            var (code, stdout, _) = TestSupport.Grok("figure", "e3.6", "--quick", "--out", dir);
            Assert.Equal(0, code);
            foreach (var ext in new[] { ".svg", ".csv", ".md" }) Assert.True(File.Exists(Path.Combine(dir, "figure-e3.6" + ext)), ext);
            string md = File.ReadAllText(Path.Combine(dir, "figure-e3.6.md"));
            Assert.Contains("| 0 | 70 | 100 | 100 | 100 | 100 |", md);   // N needed at tau = 0 for r = 1..5 on the quick grid
            Assert.Contains("| 1 | 30 | 70 | 70 | 90 | 90 |", md);
            // the measured rank dependence contradicts the paper's sentence on both rules; the certificates all hold
            var lines = stdout.Split('\n');
            Assert.Equal(2, lines.Count(line => line.Contains("non-increasing in r") && line.EndsWith("; DIFFERS)")));
            Assert.Contains(lines, line => line.Contains("every failed trial") && line.EndsWith("; agrees)"));
            Assert.Contains(lines, line => line.Contains("every solve is certified") && line.EndsWith("; agrees)"));
            Assert.Equal(1 + 3 * 5 * 10, File.ReadAllLines(Path.Combine(dir, "figure-e3.6.csv")).Length);
        }
        finally
        {
            TestSupport.Delete(dir);
        }
    }
}
