using Grokking.Experiments;
using Grokking.Training;

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

/// <summary>
/// The <see cref="CoherenceGrid"/> as runs: every cell (N, tau) is one run of <see cref="CoherenceCellExperiment"/>
/// (<see cref="Cells"/>), executed by the sweep runner into the run store; <see cref="Assemble"/> turns the finished
/// cells back into the grid's result. Each draw has its own seeded stream, so the numbers do not depend on who ran it.
/// </summary>
public static class CoherenceSweep
{
    /// <summary>One run per cell, in the grid's order (N-major, then tau).</summary>
    public static IReadOnlyList<RunSpec> Cells(CoherenceGrid grid)
    {
        grid = grid.Validated();
        var cells = new List<RunSpec>(grid.Measurements.Length * grid.Taus.Length);
        foreach (int rows in grid.Measurements)
            foreach (double tau in grid.Taus)
                cells.Add(CoherenceCellExperiment.Cell(grid.Dimension, grid.PhiSeed, rows, tau, grid.Trials));
        return cells;
    }

    /// <summary>The grid's result from the records of its finished cells (in the order of <see cref="Cells"/>).</summary>
    public static CoherenceResult Assemble(CoherenceGrid grid, IReadOnlyList<MetricRecord> cells, double wallSeconds)
    {
        grid = grid.Validated();
        int nCount = grid.Measurements.Length, tauCount = grid.Taus.Length;
        var values = new double[nCount * tauCount * grid.Trials];
        var mean = new double[nCount, tauCount];
        for (int c = 0; c < cells.Count; c++)
        {
            var cell = CoherenceCellExperiment.Values(cells[c]);
            if (cell.Length != grid.Trials) throw new InvalidOperationException($"cell {c} holds {cell.Length} trials, the grid {grid.Trials}");
            cell.CopyTo(values, c * grid.Trials);
            mean[c / tauCount, c % tauCount] = Mean(cell);
        }
        return new CoherenceResult(grid, mean, values, wallSeconds);
    }

    /// <summary>Mean over a cell's trials, summed in trial order.</summary>
    public static double Mean(ReadOnlySpan<double> trials)
    {
        double sum = 0.0;
        foreach (double v in trials) sum += v;
        return sum / trials.Length;
    }
}
