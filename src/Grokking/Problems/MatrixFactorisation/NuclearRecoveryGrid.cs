using Grokking.Experiments;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// The convex nuclear-norm recovery grid of spec row E3.6 (paper 1, App. G.2.3; no figure in the paper): n x n
/// matrices A* of rank r (<see cref="LowRankMatrix"/>, ||A*||_F = n), N observed entries chosen by
/// <c>get_measures_matrix_completion</c> with coherence priority tau (the int(tau N) entries of largest mu_i + nu_j, then
/// uniform), <c>min ||A||_* s.t. A_ij = A*_ij</c> on them, and N needed(r, tau) = the smallest N whose mean relative
/// Frobenius error over <see cref="Trials"/> A* is below <see cref="Threshold"/> for that N and every larger N of the grid.
/// </summary>
public sealed record NuclearRecoveryGrid(int Size, int[] Ranks, int[] Observations, double[] Taus, int Trials,
    double Threshold = 1e-4)
{
    /// <summary>n = 10 as in the paper, r = 1..5, N = 5, 10, ..., 100, tau in {0, 0.25, 0.5, 0.75, 1}, 20 A* per cell.</summary>
    public static NuclearRecoveryGrid Full { get; } = new(10, [1, 2, 3, 4, 5], GridSteps(5, 100, 5), [0.0, 0.25, 0.5, 0.75, 1.0], 20);

    /// <summary>A sub-grid with the same seeds, so its cells repeat the full grid's trials (N step 10, tau 0, 0.5, 1, the
    /// first 4 A*; its means average fewer trials).</summary>
    public static NuclearRecoveryGrid Quick { get; } = new(10, [1, 2, 3, 4, 5], GridSteps(10, 100, 10), [0.0, 0.5, 1.0], 4);

    public int SolveCount => Taus.Length * Ranks.Length * Observations.Length * Trials;

    /// <summary>Flat index of one solve: tau-major, then r, N, trial (the layout of the basis-pursuit grid).</summary>
    public int Index(int tau, int rank, int n, int trial) => ((tau * Ranks.Length + rank) * Observations.Length + n) * Trials + trial;

    /// <summary>Bad grids surface as one-line <see cref="SpecException"/>s.</summary>
    public NuclearRecoveryGrid Validated()
    {
        int entries = Size * Size;
        if (Size < 1) throw new SpecException($"nuclear recovery: n must be >= 1, got {Size}");
        if (Ranks.Length == 0 || Ranks.Any(r => r < 1 || r > Size))
            throw new SpecException($"nuclear recovery: ranks must be in [1, n = {Size}], got [{string.Join(", ", Ranks)}]");
        if (Observations.Length == 0 || Observations.Any(m => m < 1 || m > entries))
            throw new SpecException($"nuclear recovery: N values must be in [1, n^2 = {entries}], got [{string.Join(", ", Observations)}]");
        if (!Observations.Zip(Observations.Skip(1)).All(p => p.First < p.Second))
            throw new SpecException("nuclear recovery: N values must increase (N needed is read from the largest N down)");
        if (Taus.Length == 0 || Taus.Any(t => !(t >= 0 && t <= 1)))
            throw new SpecException($"nuclear recovery: tau must be in [0, 1], got [{string.Join(", ", Taus)}]");
        if (Trials < 1) throw new SpecException($"nuclear recovery: trials must be >= 1, got {Trials}");
        if (!(Threshold > 0)) throw new SpecException($"nuclear recovery: the recovery threshold must be positive, got {Threshold}");
        return this;
    }

    private static int[] GridSteps(int first, int last, int step) =>
        Enumerable.Range(0, (last - first) / step + 1).Select(k => first + k * step).ToArray();
}
