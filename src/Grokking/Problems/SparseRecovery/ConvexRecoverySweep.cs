using System.Diagnostics;
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
/// Runs a <see cref="ConvexRecoveryGrid"/>: every (tau, s, N, trial) is an independent task with its own seeded
/// stream (<see cref="TrialSeeds"/>), so Parallel.For may run them in any order on any number of threads and the
/// numbers are bit-identical. Means are summed in trial order, as the notebook's loop does.
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

    public static ConvexRecoveryResult Run(ConvexRecoveryGrid grid, int maxThreads = -1, Action<long, long>? progress = null,
        CancellationToken cancellation = default)
    {
        grid = grid.Validated();
        int n = grid.Dimension, tauCount = grid.Taus.Length, sCount = grid.Sparsities.Length;
        var signals = new SparseSignal[tauCount, sCount];
        for (int t = 0; t < tauCount; t++)
            for (int i = 0; i < sCount; i++) signals[t, i] = Signal(n, grid.Taus[t], grid.Sparsities[i]);

        var trials = new RecoveryTrial[grid.SolveCount];
        long done = 0;
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancellation };
        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        using var solvers = new ThreadLocal<BasisPursuitSolver>(() => new BasisPursuitSolver());
        object progressLock = new();
        Parallel.For(0, trials.Length, parallel, index =>
        {
            int k = index % grid.Trials, rest = index / grid.Trials;
            int j = rest % grid.Measurements.Length; rest /= grid.Measurements.Length;
            int i = rest % sCount, t = rest / sCount;
            trials[index] = Solve(solvers.Value!, signals[t, i], grid.Taus[t], grid.Sparsities[i], grid.Measurements[j], k);
            long finished = Interlocked.Increment(ref done);
            if (progress is not null) lock (progressLock) progress(finished, trials.Length);
        });

        var mean = new double[tauCount, sCount, grid.Measurements.Length];
        var nMin = new int?[tauCount, sCount];
        for (int t = 0; t < tauCount; t++)
            for (int i = 0; i < sCount; i++)
                for (int j = 0; j < grid.Measurements.Length; j++)
                {
                    double sum = 0.0;
                    for (int k = 0; k < grid.Trials; k++) sum += trials[grid.Index(t, i, j, k)].Error;
                    mean[t, i, j] = sum / grid.Trials;
                    if (mean[t, i, j] < grid.Threshold && nMin[t, i] is null) nMin[t, i] = grid.Measurements[j];
                }
        return new ConvexRecoveryResult(grid, trials, mean, nMin, clock.Elapsed.TotalSeconds, threads);
    }

    private static RecoveryTrial Solve(BasisPursuitSolver solver, SparseSignal signal, double tau, int s, int rows, int trial)
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
