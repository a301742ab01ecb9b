using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Problems.SparseRecovery;
using Grokking.Sweeps;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>
/// The convex-programming grids of Figures 19, 20 and E3.6, run as every other figure runs its runs: one run per grid
/// cell through <see cref="FigureRuns"/> (the sweep runner and the store), so a killed figure resumes where it stopped,
/// the cells are shared with `grok sweep` and between figures, and `grok sweep status` sees them. The progress line
/// counts finished cells.
/// </summary>
internal static class ConvexGridRuns
{
    public static CoherenceResult Coherence(CoherenceGrid grid, FigureOptions options)
    {
        var (cells, seconds, _) = Execute(CoherenceSweep.Cells(grid), options, "coherence");
        return CoherenceSweep.Assemble(grid, cells, seconds);
    }

    public static ConvexRecoveryResult Recovery(ConvexRecoveryGrid grid, FigureOptions options)
    {
        var (cells, seconds, threads) = Execute(ConvexRecoverySweep.Cells(grid), options, "convex recovery");
        return ConvexRecoverySweep.Assemble(grid, cells, seconds, threads);
    }

    public static NuclearRecoveryResult Nuclear(NuclearRecoveryGrid grid, FigureOptions options)
    {
        var (cells, seconds, threads) = Execute(NuclearRecoverySweep.Cells(grid), options, "nuclear-norm recovery");
        return NuclearRecoverySweep.Assemble(grid, cells, seconds, threads);
    }

    /// <summary>Runs (or reuses) the cells; returns their records in order, the wall time and the thread budget.</summary>
    private static (MetricRecord[] Cells, double WallSeconds, int Threads) Execute(IReadOnlyList<RunSpec> cells, FigureOptions options, string label)
    {
        var clock = Stopwatch.StartNew();
        var counter = new CellCounter(ConvexRecoveryReport.Progress(options, label), cells.Count, options.Observer);
        var runs = FigureRuns.Execute(cells, options with { Progress = null, Observer = counter });
        return (runs.Select(r => r.Record).ToArray(), clock.Elapsed.TotalSeconds, Environment.ProcessorCount);
    }

    /// <summary>Counts finished cells into the figure's progress line (a cell has no steps worth showing), and passes
    /// every event on to the figure's own observer.</summary>
    private sealed class CellCounter(Action<long, long>? progress, int cells, IFigureRunObserver? inner) : IFigureRunObserver
    {
        private readonly object _gate = new();
        private int _finished;

        public void Planned(int runs) => inner?.Planned(runs);

        public void OnEvent(RunEvent e)
        {
            inner?.OnEvent(e);
            if (progress is null || e.Kind is not (RunEventKind.Done or RunEventKind.Skipped)) return;
            lock (_gate) progress(++_finished, cells);   // one display update at a time, in order
        }
    }
}
