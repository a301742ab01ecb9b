using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Training;
using Grokking.Problems.Sensing;
using Grokking.Numerics;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>Outcome of one nuclear-norm completion of the sweep, with its certificate.</summary>
/// <param name="Error">||A - A*||_F / ||A*||_F.</param>
/// <param name="TruthExcess">(||A*||_* - ||A||_*) / ||A*||_*: above the relative gap it proves A* is not a minimiser
/// (the failure is the convex program's, not the solver's); within the gap of 0 when A* is recovered.</param>
/// <param name="UnobservedLine">Some row or column of the mask has no observation: recovery is then impossible.</param>
public readonly record struct NuclearTrial(double Error, NuclearNormStatus Status, int Iterations, double RelativeGap,
    double IterateResidual, double DualNorm, double TruthExcess, bool UnobservedLine, double Seconds);

/// <summary>Everything the E3.6 report shows: per-trial results, mean errors [tau, r, N] and two N-needed tables [tau, r].</summary>
/// <param name="NNeeded">The mean-error rule: mean error below the threshold at N and every larger N. With many trials it
/// asks that (nearly) every trial recovers, so it follows the unluckiest A* and mask.</param>
/// <param name="NHalf">The typical-case rule: at least half of the trials below the threshold at N and every larger N.</param>
public sealed record NuclearRecoveryResult(NuclearRecoveryGrid Grid, NuclearTrial[] Trials, double[,,] MeanError,
    int?[,] NNeeded, int?[,] NHalf, double WallSeconds, int Threads)
{
    public int Count(NuclearNormStatus status) => Trials.Count(t => t.Status == status);
}

/// <summary>
/// The <see cref="NuclearRecoveryGrid"/> as runs: every cell (tau, r, N) is one run of
/// <see cref="NuclearRecoveryCellExperiment"/> (<see cref="Cells"/>), executed by the sweep runner into the run store;
/// <see cref="Assemble"/> turns the finished cells back into the grid's result. A* is drawn per (r, trial) and shared
/// by every tau and N (each cell draws it again from the same seed), so the curves over N and tau compare the same
/// matrices; the mask stream is seeded per (tau, r, trial) and not per N, so for tau = 0 the masks are nested (a prefix
/// of one permutation) and more observations never means other ones. Seeds depend on values, not on positions
/// (<see cref="TrialSeeds"/>): the quick grid repeats the full grid's trials and the numbers do not depend on who ran them.
/// </summary>
public static class NuclearRecoverySweep
{
    /// <summary>A* of (r, trial).</summary>
    public static PaddedMatrix Truth(int n, int rank, int trial) =>
        LowRankMatrix.Create(n, n, rank, TrialSeeds.Of(TrialSeeds.LowRankTruth, rank, trial));

    /// <summary>The observed entries (flat row-major) of (tau, r, N, trial) for A* with local coherences (mu, nu).</summary>
    public static int[] Mask(int n, int observations, double tau, double[] mu, double[] nu, int rank, int trial) =>
        MatrixData.SelectEntries(n, n, observations, tau, mu, nu, TrialSeeds.Of(TrialSeeds.Entries, TrialSeeds.TauKey(tau), rank, trial));

    /// <summary>One run per cell, in the grid's order (tau-major, then r, then N).</summary>
    public static IReadOnlyList<RunSpec> Cells(NuclearRecoveryGrid grid)
    {
        grid = grid.Validated();
        var cells = new List<RunSpec>(grid.Taus.Length * grid.Ranks.Length * grid.Observations.Length);
        foreach (double tau in grid.Taus)
            foreach (int rank in grid.Ranks)
                foreach (int observations in grid.Observations)
                    cells.Add(NuclearRecoveryCellExperiment.Cell(grid.Size, rank, observations, tau, grid.Trials));
        return cells;
    }

    /// <summary>The grid's result from the records of its finished cells (in the order of <see cref="Cells"/>).</summary>
    public static NuclearRecoveryResult Assemble(NuclearRecoveryGrid grid, IReadOnlyList<MetricRecord> cells, double wallSeconds, int threads)
    {
        grid = grid.Validated();
        int tauCount = grid.Taus.Length, rankCount = grid.Ranks.Length, nCount = grid.Observations.Length;
        var trials = new NuclearTrial[grid.SolveCount];
        for (int c = 0; c < cells.Count; c++)
        {
            var cell = NuclearRecoveryCellExperiment.Trials(cells[c]);
            if (cell.Length != grid.Trials) throw new InvalidOperationException($"cell {c} holds {cell.Length} trials, the grid {grid.Trials}");
            cell.CopyTo(trials, c * grid.Trials);
        }

        var mean = new double[tauCount, rankCount, nCount];
        var needed = new int?[tauCount, rankCount];
        var half = new int?[tauCount, rankCount];
        for (int t = 0; t < tauCount; t++)
            for (int i = 0; i < rankCount; i++)
            {
                var meanBelow = new bool[nCount];
                var halfBelow = new bool[nCount];
                for (int j = 0; j < nCount; j++)
                {
                    var cell = trials.AsSpan(grid.Index(t, i, j, 0), grid.Trials);
                    int recovered = 0;
                    foreach (var trial in cell) if (trial.Error < grid.Threshold) recovered++;
                    mean[t, i, j] = Mean(cell);
                    meanBelow[j] = mean[t, i, j] < grid.Threshold;
                    halfBelow[j] = 2 * recovered >= grid.Trials;
                }
                needed[t, i] = Needed(meanBelow, grid.Observations);
                half[t, i] = Needed(halfBelow, grid.Observations);
            }
        return new NuclearRecoveryResult(grid, trials, mean, needed, half, wallSeconds, threads);
    }

    /// <summary>Mean error of a cell's trials, summed in trial order.</summary>
    public static double Mean(ReadOnlySpan<NuclearTrial> trials)
    {
        double sum = 0.0;
        foreach (var t in trials) sum += t.Error;
        return sum / trials.Length;
    }

    /// <summary>The smallest N that recovers there and at every larger N (null if the largest N fails), so a lucky
    /// small N followed by failures does not count.</summary>
    public static int? Needed(ReadOnlySpan<bool> recovered, int[] observations)
    {
        int? needed = null;
        for (int j = observations.Length - 1; j >= 0 && recovered[j]; j--) needed = observations[j];
        return needed;
    }

    /// <summary>One completion: the observed entries of A*, the solver, the error and the certificate figures.</summary>
    internal static NuclearTrial Solve(NuclearNormSolver solver, TruthMatrix truth, int[] mask)
    {
        var a = truth.A;
        int n = a.Rows;
        var values = mask.Select(k => a[k / n, k % n]).ToArray();
        long start = Stopwatch.GetTimestamp();
        var r = solver.Complete(n, a.Cols, mask, values);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double num = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < a.Cols; j++) num += (r.A[i, j] - a[i, j]) * (r.A[i, j] - a[i, j]);
        var rowSeen = new bool[n];
        var colSeen = new bool[a.Cols];
        foreach (int k in mask) (rowSeen[k / a.Cols], colSeen[k % a.Cols]) = (true, true);
        bool unobservedLine = rowSeen.Contains(false) || colSeen.Contains(false);
        return new NuclearTrial(Math.Sqrt(num) / truth.Frobenius, r.Status, r.Iterations, r.RelativeGap, r.IterateResidual,
            r.DualNorm, (truth.Nuclear - r.Objective) / truth.Nuclear, unobservedLine, seconds);
    }

    /// <summary>A* with what every trial of it needs: local coherences and its norms.</summary>
    internal sealed class TruthMatrix
    {
        public TruthMatrix(PaddedMatrix a)
        {
            A = a;
            (Mu, Nu, _) = LowRankMatrix.LocalCoherence(a);
            Frobenius = a.FrobeniusNorm();
            double nuclear = 0;
            foreach (double s in a.Svd().SingularValues) nuclear += s;
            Nuclear = nuclear;
        }

        public PaddedMatrix A { get; }
        public double[] Mu { get; }
        public double[] Nu { get; }
        public double Frobenius { get; }
        public double Nuclear { get; }
    }
}
