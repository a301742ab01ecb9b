using Grokking.Problems.Sensing;
using Grokking.Experiments;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The convex-programming grid of Figures 19(b) and 20 (spec B.6): Phi = I, no noise, measurements N(0, 1/N) with a
/// fraction tau of coherent rows, a* (n entries, s non-zeros ~ N(0, 1/n)) drawn once per (tau, s) as the notebook does
/// (its a* loop sits inside the tau loop), <see cref="Trials"/> fresh X per (tau, s, N), basis pursuit, and
/// N_min(s, tau) = the first N whose mean relative l2 error is below <see cref="Threshold"/>.
/// </summary>
public sealed record ConvexRecoveryGrid(int Dimension, int[] Sparsities, int[] Measurements, double[] Taus, int Trials = 4,
    double Threshold = 1e-6)
{
    /// <summary>The notebook's grid: n = 100, s = 1, 11, ..., 91, N = 1, 11, ..., 101, tau in {0, 0.5, 1}, 4 trials.</summary>
    public static ConvexRecoveryGrid Paper { get; } = new(100, Steps(1, 91, 10), Steps(1, 101, 10), [0.0, 0.5, 1.0]);

    /// <summary>A reduced grid (every other s, every N) whose cells coincide with the paper grid's (seeds depend on values).</summary>
    public static ConvexRecoveryGrid Quick { get; } = new(100, [1, 21, 41, 61, 81], Steps(1, 101, 10), [0.0, 0.5, 1.0]);

    public int SolveCount => Taus.Length * Sparsities.Length * Measurements.Length * Trials;

    /// <summary>Flat index of one solve: tau-major, then s, N, trial.</summary>
    public int Index(int tau, int s, int n, int trial) => ((tau * Sparsities.Length + s) * Measurements.Length + n) * Trials + trial;

    /// <summary>Bad grids surface as one-line <see cref="SpecException"/>s.</summary>
    public ConvexRecoveryGrid Validated()
    {
        if (Dimension < 1) throw new SpecException($"convex recovery: n must be >= 1, got {Dimension}");
        if (Sparsities.Length == 0 || Sparsities.Any(s => s < 1 || s > Dimension))
            throw new SpecException($"convex recovery: sparsities must be in [1, n = {Dimension}], got [{string.Join(", ", Sparsities)}]");
        if (Measurements.Length == 0 || Measurements.Any(m => m < 1))
            throw new SpecException($"convex recovery: N values must be >= 1, got [{string.Join(", ", Measurements)}]");
        if (!Measurements.Zip(Measurements.Skip(1)).All(p => p.First < p.Second))
            throw new SpecException("convex recovery: N values must increase (N_min is the first N that recovers)");
        if (Taus.Length == 0 || Taus.Any(t => !(t >= 0 && t <= 1)))
            throw new SpecException($"convex recovery: tau must be in [0, 1], got [{string.Join(", ", Taus)}]");
        if (Trials < 1) throw new SpecException($"convex recovery: trials must be >= 1, got {Trials}");
        if (!(Threshold > 0)) throw new SpecException($"convex recovery: the recovery threshold must be positive, got {Threshold}");
        return this;
    }

    internal static int[] Steps(int first, int last, int step) =>
        Enumerable.Range(0, (last - first) / step + 1).Select(k => first + k * step).ToArray();
}
