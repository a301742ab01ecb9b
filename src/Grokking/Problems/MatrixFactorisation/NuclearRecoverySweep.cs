using System.Diagnostics;
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
/// Runs a <see cref="NuclearRecoveryGrid"/>. A* is drawn once per (r, trial) and shared by every tau and N, so the
/// curves over N and tau compare the same matrices; the mask stream is seeded per (tau, r, trial) and not per N, so
/// for tau = 0 the masks are nested (a prefix of one permutation) and more observations never means other ones.
/// Seeds depend on values, not on positions (<see cref="TrialSeeds"/>): the quick grid repeats the full grid's cells
/// and the numbers do not depend on the thread count.
/// </summary>
public static class NuclearRecoverySweep
{
    /// <summary>A* of (r, trial).</summary>
    public static PaddedMatrix Truth(int n, int rank, int trial) =>
        LowRankMatrix.Create(n, n, rank, TrialSeeds.Of(TrialSeeds.LowRankTruth, rank, trial));

    /// <summary>The observed entries (flat row-major) of (tau, r, N, trial) for A* with local coherences (mu, nu).</summary>
    public static int[] Mask(int n, int observations, double tau, double[] mu, double[] nu, int rank, int trial) =>
        MatrixData.SelectEntries(n, n, observations, tau, mu, nu, TrialSeeds.Of(TrialSeeds.Entries, TrialSeeds.TauKey(tau), rank, trial));

    public static NuclearRecoveryResult Run(NuclearRecoveryGrid grid, int maxThreads = -1, Action<long, long>? progress = null,
        CancellationToken cancellation = default)
    {
        grid = grid.Validated();
        int n = grid.Size, tauCount = grid.Taus.Length, rankCount = grid.Ranks.Length, nCount = grid.Observations.Length;
        var truths = new TruthMatrix[rankCount, grid.Trials];
        for (int i = 0; i < rankCount; i++)
            for (int k = 0; k < grid.Trials; k++) truths[i, k] = new TruthMatrix(Truth(n, grid.Ranks[i], k));

        var trials = new NuclearTrial[grid.SolveCount];
        long done = 0;
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancellation };
        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        var solver = new NuclearNormSolver();   // stateless between solves: shared by the threads
        object progressLock = new();
        Parallel.For(0, trials.Length, parallel, index =>
        {
            int k = index % grid.Trials, rest = index / grid.Trials;
            int j = rest % nCount; rest /= nCount;
            int i = rest % rankCount, t = rest / rankCount;
            var truth = truths[i, k];
            var mask = Mask(n, grid.Observations[j], grid.Taus[t], truth.Mu, truth.Nu, grid.Ranks[i], k);
            trials[index] = Solve(solver, truth, mask);
            long finished = Interlocked.Increment(ref done);
            if (progress is not null) lock (progressLock) progress(finished, trials.Length);
        });

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
                    double sum = 0.0;
                    int recovered = 0;
                    for (int k = 0; k < grid.Trials; k++)
                    {
                        double error = trials[grid.Index(t, i, j, k)].Error;
                        sum += error;
                        if (error < grid.Threshold) recovered++;
                    }
                    mean[t, i, j] = sum / grid.Trials;
                    meanBelow[j] = mean[t, i, j] < grid.Threshold;
                    halfBelow[j] = 2 * recovered >= grid.Trials;
                }
                needed[t, i] = Needed(meanBelow, grid.Observations);
                half[t, i] = Needed(halfBelow, grid.Observations);
            }
        return new NuclearRecoveryResult(grid, trials, mean, needed, half, clock.Elapsed.TotalSeconds, threads);
    }

    /// <summary>The smallest N that recovers there and at every larger N (null if the largest N fails), so a lucky
    /// small N followed by failures does not count.</summary>
    public static int? Needed(ReadOnlySpan<bool> recovered, int[] observations)
    {
        int? needed = null;
        for (int j = observations.Length - 1; j >= 0 && recovered[j]; j--) needed = observations[j];
        return needed;
    }

    private static NuclearTrial Solve(NuclearNormSolver solver, TruthMatrix truth, int[] mask)
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
    private sealed class TruthMatrix
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
