using Grokking.Problems.Sensing;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.SparseRecovery;

namespace Grokking.Tests.BasisPursuit;

/// <summary>The Figure 19/20 sweeps (one run per cell): determinism across job counts and grids, seeds, N_min logic, validation.</summary>
public class SweepTests
{
    private static readonly ConvexRecoveryGrid Small = new(30, [1, 4, 12], [1, 6, 11, 16, 21, 26, 31], [0.0, 0.5, 1.0], Trials: 3);

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var one = ConvexCells.Recovery(Small, jobs: 1);
        var three = ConvexCells.Recovery(Small, jobs: 3);
        Assert.Equal(one.Trials.Select(t => t.Error), three.Trials.Select(t => t.Error));
        Assert.Equal(one.MeanError, three.MeanError);
        Assert.Equal(one.NMin, three.NMin);

        var grid = new CoherenceGrid(20, 2, [1, 3, 8, 19], CoherenceGrid.Linspace(0, 1, 6), Trials: 4);
        Assert.Equal(ConvexCells.Coherence(grid, jobs: 1).TrialValues, ConvexCells.Coherence(grid, jobs: 3).TrialValues);
    }

    [Fact]
    public void ReducedGridReproducesTheSharedCells()
    {
        var full = ConvexCells.Recovery(Small);
        var part = ConvexCells.Recovery(Small with { Sparsities = [4], Measurements = [11, 21], Taus = [0.5] });
        for (int k = 0; k < Small.Trials; k++)
        {
            Assert.Equal(full.Trials[Small.Index(1, 1, 2, k)].Error, part.Trials[part.Grid.Index(0, 0, 0, k)].Error);
            Assert.Equal(full.Trials[Small.Index(1, 1, 4, k)].Error, part.Trials[part.Grid.Index(0, 0, 1, k)].Error);
        }
    }

    [Fact]
    public void NMinFollowsTheRecoveryThreshold()
    {
        var r = ConvexCells.Recovery(Small);
        Assert.Equal(Small.SolveCount, r.Count(Grokking.Numerics.BasisPursuitStatus.Optimal));
        for (int t = 0; t < 3; t++)
            for (int i = 0; i < 3; i++)
            {
                // N = 31 > n = 30 rows of full column rank (tau < 1) or all canonical rows (tau = 1): always exact.
                Assert.True(r.MeanError[t, i, 6] < 1e-10, $"tau {Small.Taus[t]} s {Small.Sparsities[i]}: {r.MeanError[t, i, 6]}");
                int first = Enumerable.Range(0, 7).First(j => r.MeanError[t, i, j] < 1e-6);
                Assert.Equal(Small.Measurements[first], r.NMin[t, i]);
            }
        // One measurement never pins down a 4-sparse signal, and tau = 1 with N <= n leaves unmeasured coordinates.
        Assert.True(r.MeanError[0, 1, 0] > 0.1);
        Assert.Equal(31, r.NMin[2, 2]);
        // On so small a grid the monotonicity claims are statistical (s = 1, tau = 1, N = 21 of n = 30 succeeds when the
        // support is among the 21 measured coordinates in all 3 trials: p = 0.7^3); the certificate and the separation
        // between recovered and failed cells are not.
        var checks = ConvexRecoveryReport.Checks(r);
        Assert.True(checks.Single(c => c.Name.StartsWith("every LP", StringComparison.Ordinal)).Ok);
        Assert.True(checks.Single(c => c.Name.StartsWith("successful", StringComparison.Ordinal)).Ok);
        Assert.Equal(21, r.NMin[2, 0]);
    }

    [Fact]
    public void SeedsArePinnedAndDistinct()
    {
        // Pinned so that a change of the seed recipe (which changes every figure number) is deliberate.
        Assert.Equal(TrialSeeds.Of(TrialSeeds.Measurements, 500, 11, 41, 2), TrialSeeds.Of(TrialSeeds.Measurements, TrialSeeds.TauKey(0.5), 11, 41, 2));
        Assert.Equal(973590064u, TrialSeeds.Of(TrialSeeds.Measurements, 500, 11, 41, 2));
        var seeds = new HashSet<uint>();
        for (int s = 1; s <= 91; s += 10)
            for (int n = 1; n <= 101; n += 10)
                for (int k = 0; k < 4; k++) seeds.Add(TrialSeeds.Of(TrialSeeds.Measurements, 0, s, n, k));
        Assert.Equal(10 * 11 * 4, seeds.Count);
        Assert.NotEqual(TrialSeeds.Of(TrialSeeds.Signal, 0, 1), TrialSeeds.Of(TrialSeeds.Measurements, 0, 1));
    }

    [Fact]
    public void LinspaceMatchesNumpy()
    {
        var t = CoherenceGrid.Linspace(0, 1, 21);
        Assert.Equal(0.15000000000000002, t[3]);   // np.linspace(0, 1, 21)[3]
        Assert.Equal(0.30000000000000004, t[6]);
        Assert.Equal(1.0, t[20]);
        Assert.Equal(99, CoherenceGrid.Paper.Measurements.Length);
        Assert.Equal([1, 11, 21, 31, 41, 51, 61, 71, 81, 91], ConvexRecoveryGrid.Paper.Sparsities);
        Assert.Equal(101, ConvexRecoveryGrid.Paper.Measurements[^1]);
    }

    [Fact]
    public void BadGridsAreSpecExceptions()
    {
        Assert.Throws<SpecException>(() => ConvexRecoverySweep.Cells(Small with { Sparsities = [0] }));
        Assert.Throws<SpecException>(() => ConvexRecoverySweep.Cells(Small with { Sparsities = [31] }));
        Assert.Throws<SpecException>(() => ConvexRecoverySweep.Cells(Small with { Measurements = [11, 6] }));
        Assert.Throws<SpecException>(() => ConvexRecoverySweep.Cells(Small with { Taus = [1.5] }));
        Assert.Throws<SpecException>(() => ConvexRecoverySweep.Cells(Small with { Trials = 0 }));
        Assert.Throws<SpecException>(() => CoherenceSweep.Cells(CoherenceGrid.Quick with { Taus = [-0.1] }));
    }
}
