using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Training;
using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.SparseRecovery;

/// <summary>Outcome of one basis-pursuit trial of the sweep.</summary>
public readonly record struct RecoveryTrial(double Error, BasisPursuitStatus Status, int Iterations, bool Polished,
    double RelativeResidual, double DualInfeasibility, double RelativeGap, double Seconds);

/// <summary>Everything Figures 19(b) and 20 plot, plus the solver's certificates.</summary>
public sealed record ConvexRecoveryResult(ConvexRecoveryGrid Grid, RecoveryTrial[] Trials, double[,,] MeanError,
    int?[,] NMin, double WallSeconds, int Threads)
{
    public int Count(BasisPursuitStatus status) => Trials.Count(t => t.Status == status);
}

/// <summary>
/// The <see cref="ConvexRecoveryGrid"/> as runs: every cell (tau, s, N) is one run of <see cref="BasisPursuitCellExperiment"/>
/// (<see cref="Cells"/>), executed by the sweep runner into the run store, so the grid resumes after a kill and runs
/// as a sweep or a Slurm array; <see cref="Assemble"/> turns the finished cells back into the grid's result. Every
/// (tau, s, N, trial) has its own seeded stream (<see cref="TrialSeeds"/>), so the numbers do not depend on the order,
/// process or thread that solved them. Means are summed in trial order, as the notebook's loop does.
/// </summary>
public static class ConvexRecoverySweep
{
    /// <summary>a* of cell (tau, s): create_signal(n, s) drawn from the stream seeded with Of(Signal, tau, s).</summary>
    public static SparseSignal Signal(int n, double tau, int s) =>
        SparseSignal.Create(n, s, seed: null, globalStream: new NumpyRandomState(TrialSeeds.Of(TrialSeeds.Signal, TrialSeeds.TauKey(tau), s)));

    /// <summary>X of one trial: get_measures(N, I, tau, 1/N) from the stream seeded with Of(Measurements, tau, s, N, trial).</summary>
    public static Measurements Design(int n, double tau, int s, int rows, int trial) =>
        Measurements.Create(rows, Basis.Identity(n), tau, 1.0 / rows, seed: null,
            globalStream: new NumpyRandomState(TrialSeeds.Of(TrialSeeds.Measurements, TrialSeeds.TauKey(tau), s, rows, trial)));

    /// <summary>One run per cell, in the grid's order (tau-major, then s, then N).</summary>
    public static IReadOnlyList<RunSpec> Cells(ConvexRecoveryGrid grid)
    {
        grid = grid.Validated();
        var cells = new List<RunSpec>(grid.Taus.Length * grid.Sparsities.Length * grid.Measurements.Length);
        foreach (double tau in grid.Taus)
            foreach (int s in grid.Sparsities)
                foreach (int rows in grid.Measurements)
                    cells.Add(BasisPursuitCellExperiment.Cell(grid.Dimension, s, rows, tau, grid.Trials));
        return cells;
    }

    /// <summary>The grid's result from the records of its finished cells (in the order of <see cref="Cells"/>).</summary>
    public static ConvexRecoveryResult Assemble(ConvexRecoveryGrid grid, IReadOnlyList<MetricRecord> cells, double wallSeconds, int threads)
    {
        grid = grid.Validated();
        int tauCount = grid.Taus.Length, sCount = grid.Sparsities.Length;
        var trials = new RecoveryTrial[grid.SolveCount];
        for (int c = 0; c < cells.Count; c++)
        {
            var cell = BasisPursuitCellExperiment.Trials(cells[c]);
            if (cell.Length != grid.Trials) throw new InvalidOperationException($"cell {c} holds {cell.Length} trials, the grid {grid.Trials}");
            cell.CopyTo(trials, c * grid.Trials);
        }
        var mean = new double[tauCount, sCount, grid.Measurements.Length];
        var nMin = new int?[tauCount, sCount];
        for (int t = 0; t < tauCount; t++)
            for (int i = 0; i < sCount; i++)
                for (int j = 0; j < grid.Measurements.Length; j++)
                {
                    mean[t, i, j] = Mean(trials.AsSpan(grid.Index(t, i, j, 0), grid.Trials));
                    if (mean[t, i, j] < grid.Threshold && nMin[t, i] is null) nMin[t, i] = grid.Measurements[j];
                }
        return new ConvexRecoveryResult(grid, trials, mean, nMin, wallSeconds, threads);
    }

    /// <summary>Mean error of a cell's trials, summed in trial order.</summary>
    public static double Mean(ReadOnlySpan<RecoveryTrial> trials)
    {
        double sum = 0.0;
        foreach (var t in trials) sum += t.Error;
        return sum / trials.Length;
    }

    /// <summary>Trial <paramref name="trial"/> of cell (tau, s, N): X, y* = X a*, basis pursuit, relative l2 error.</summary>
    public static RecoveryTrial Solve(BasisPursuitSolver solver, SparseSignal signal, double tau, int s, int rows, int trial)
    {
        int n = signal.A.Length;
        var design = Design(n, tau, s, rows, trial);
        var y = new double[rows];
        Kernels.Gemv<double>(design.X.Data, rows, n, signal.A, y);   // SNR = inf: y* = X a*
        long start = Stopwatch.GetTimestamp();
        var r = solver.Solve(design.X, y);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double num = 0, den = 0;
        for (int i = 0; i < n; i++)
        {
            double e = r.A[i] - signal.A[i];
            num += e * e;
            den += signal.A[i] * signal.A[i];
        }
        return new RecoveryTrial(Math.Sqrt(num) / Math.Sqrt(den), r.Status, r.Iterations, r.Polished,
            r.RelativePrimalResidual, r.DualInfeasibility, r.RelativeGap, seconds);
    }
}
