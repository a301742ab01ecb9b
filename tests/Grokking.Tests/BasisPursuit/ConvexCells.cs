using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Problems.SparseRecovery;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Sweeps;
using Grokking.Tests.Sweeps;
using Grokking.Training;

namespace Grokking.Tests.BasisPursuit;

/// <summary>Runs a convex grid's cells as the figures do (the sweep runner, run directories; no store) in a temporary
/// root and assembles the grid's result from the records read back from disk.</summary>
internal static class ConvexCells
{
    public static MetricRecord[] Run(IReadOnlyList<RunSpec> cells, int jobs = 0)
    {
        string root = TestSupport.TempDir("cells");
        try
        {
            var outcome = SweepRunner.Run(cells, root, store: null, new SweepRunOptions { Jobs = jobs });
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Failures.Select(f => f.Error)));
            return cells.Select(c => RunDirectory.Load(RunGrid.RunDirectoryOf(root, c)).Record).ToArray();
        }
        finally { TestSupport.Delete(root); }
    }

    public static ConvexRecoveryResult Recovery(ConvexRecoveryGrid grid, int jobs = 0) =>
        ConvexRecoverySweep.Assemble(grid, Run(ConvexRecoverySweep.Cells(grid), jobs), 0, jobs);

    public static CoherenceResult Coherence(CoherenceGrid grid, int jobs = 0) =>
        CoherenceSweep.Assemble(grid, Run(CoherenceSweep.Cells(grid), jobs), 0);

    public static NuclearRecoveryResult Nuclear(NuclearRecoveryGrid grid, int jobs = 0) =>
        NuclearRecoverySweep.Assemble(grid, Run(NuclearRecoverySweep.Cells(grid), jobs), 0, jobs);
}
