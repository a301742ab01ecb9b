using System.Diagnostics;
using Grokking.Problems.Sensing;
using Grokking.Experiments;
using Grokking.Random;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// Figure 19(a) (spec B.6): n = 100, Phi = Q of the QR of a Gaussian matrix (unseeded in the reference; seed
/// <see cref="PhiSeed"/> here), N = 1..99, tau = np.linspace(0, 1, 21), <see cref="Trials"/> draws of
/// M = get_measures(N, Phi, tau, 1/N) per cell, mean of calculate_coherence(M^T, Phi).
/// </summary>
public sealed record CoherenceGrid(int Dimension, int PhiSeed, int[] Measurements, double[] Taus, int Trials = 10)
{
    public static CoherenceGrid Paper { get; } = new(100, 1, ConvexRecoveryGrid.Steps(1, 99, 1), Linspace(0.0, 1.0, 21));

    /// <summary>Every 7th N and every other tau of the paper grid: the same cells, same numbers (seeds depend on values).</summary>
    public static CoherenceGrid Quick { get; } = new(100, 1, ConvexRecoveryGrid.Steps(1, 99, 7),
        Linspace(0.0, 1.0, 21).Where((_, i) => i % 2 == 0).ToArray());

    public CoherenceGrid Validated()
    {
        if (Dimension < 1) throw new SpecException($"coherence: n must be >= 1, got {Dimension}");
        if (Measurements.Length == 0 || Measurements.Any(m => m < 1))
            throw new SpecException($"coherence: N values must be >= 1, got [{string.Join(", ", Measurements)}]");
        if (Taus.Length == 0 || Taus.Any(t => !(t >= 0 && t <= 1)))
            throw new SpecException($"coherence: tau must be in [0, 1], got [{string.Join(", ", Taus)}]");
        if (Trials < 1) throw new SpecException($"coherence: trials must be >= 1, got {Trials}");
        if (PhiSeed < 0) throw new SpecException($"coherence: the basis seed must be >= 0, got {PhiSeed}");
        return this;
    }

    /// <summary>np.linspace(start, stop, num): start + i * step with step = (stop - start) / (num - 1), last value = stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        if (num == 1) return [start];
        double step = (stop - start) / (num - 1);
        var values = new double[num];
        for (int i = 0; i < num; i++) values[i] = i * step + start;
        values[^1] = stop;
        return values;
    }
}

/// <summary>Mean coherence per (N, tau), and every trial's value (index (N, tau, trial), trial fastest).</summary>
public sealed record CoherenceResult(CoherenceGrid Grid, double[,] Mean, double[] TrialValues, double WallSeconds);

public static class CoherenceSweep
{
    public static CoherenceResult Run(CoherenceGrid grid, int maxThreads = -1, Action<long, long>? progress = null,
        CancellationToken cancellation = default)
    {
        grid = grid.Validated();
        int n = grid.Dimension, nCount = grid.Measurements.Length, tauCount = grid.Taus.Length;
        var phi = Basis.Orthonormal(n, grid.PhiSeed);
        double[] phiColumns = Coherence.NormalizedColumns(phi.ToDense());
        var values = new double[nCount * tauCount * grid.Trials];
        long done = 0;
        object progressLock = new();
        var clock = Stopwatch.StartNew();
        using var scratch = new ThreadLocal<double[]>(() => new double[n]);
        Parallel.For(0, values.Length, new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancellation }, index =>
        {
            int k = index % grid.Trials, rest = index / grid.Trials;
            int t = rest % tauCount, j = rest / tauCount;
            int rows = grid.Measurements[j];
            double tau = grid.Taus[t];
            var stream = new NumpyRandomState(TrialSeeds.Of(TrialSeeds.Coherence, grid.PhiSeed, TrialSeeds.TauKey(tau), rows, k));
            var (m, _) = Measurements.DrawM(rows, phi, tau, 1.0 / rows, seed: null, stream);
            values[index] = Coherence.OfMeasurements(m, phiColumns, n, scratch.Value!);
            long finished = Interlocked.Increment(ref done);
            if (progress is not null) lock (progressLock) progress(finished, values.Length);
        });

        var mean = new double[nCount, tauCount];
        for (int j = 0; j < nCount; j++)
            for (int t = 0; t < tauCount; t++)
            {
                double sum = 0.0;
                for (int k = 0; k < grid.Trials; k++) sum += values[(j * tauCount + t) * grid.Trials + k];
                mean[j, t] = sum / grid.Trials;
            }
        return new CoherenceResult(grid, mean, values, clock.Elapsed.TotalSeconds);
    }
}
