using Grokking.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Grokking.Tests.BasisPursuit;

/// <summary>The solver against independent answers: vertex enumeration, MathNet least squares, and its own certificate
/// recomputed here with plain loops.</summary>
public class BasisPursuitVerificationTests
{
    [Fact]
    public void MatchesVertexEnumerationOnSmallRandomProblems()
    {
        // An LP optimum is attained at a basic solution: a supported on `rows` linearly independent columns. For
        // N = 2 or 3 and n = 6 all of them can be enumerated, which gives the optimal value independently.
        var rng = new System.Random(11);
        var solver = new BasisPursuitSolver();
        for (int problem = 0; problem < 40; problem++)
        {
            int rows = 2 + problem % 2, n = 6;
            var x = new DenseMatrix(rows, n, Enumerable.Range(0, rows * n).Select(_ => rng.NextDouble() * 2 - 1).ToArray());
            var y = Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double best = BruteForceOptimum(x, y);
            var r = solver.Solve(x, y);
            Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
            Assert.True(Math.Abs(r.Objective - best) <= 1e-9 * best, $"problem {problem}: {r.Objective} vs brute force {best}");
        }
    }

    [Fact]
    public void FeasibleAndNoWorseThanMathNetLeastSquares()
    {
        var solver = new BasisPursuitSolver();
        foreach (var (rows, tau, seed) in new[] { (20, 0.0, 1), (45, 0.5, 2), (70, 0.0, 3), (90, 1.0, 4) })
        {
            var (x, y, _) = BasisPursuitSolverTests.Problem(n: 100, s: 10, rows: rows, seed: seed, tau: tau);
            var r = solver.Solve(x, y);
            var X = Matrix<double>.Build.Dense(rows, 100, (i, j) => x[i, j]);
            var Y = Vector<double>.Build.DenseOfArray(y);
            var a = Vector<double>.Build.DenseOfArray(r.A);
            Assert.True((X * a - Y).L2Norm() <= 1e-12 * Y.L2Norm(), $"N = {rows}: MathNet residual {(X * a - Y).L2Norm()}");
            // The min-norm least-squares point is feasible too, so the l1 minimiser cannot have a larger l1 norm.
            var leastSquares = X.PseudoInverse() * Y;
            Assert.True((X * leastSquares - Y).L2Norm() <= 1e-10 * Y.L2Norm());
            Assert.True(r.Objective <= leastSquares.L1Norm() + 1e-12, $"N = {rows}: {r.Objective} > {leastSquares.L1Norm()}");
        }
    }

    [Fact]
    public void CertificateRecomputedIndependently()
    {
        var (x, y, _) = BasisPursuitSolverTests.Problem(n: 100, s: 30, rows: 50, seed: 9, tau: 0.5);  // a failure case: a != a*
        var r = BasisPursuitSolver.Minimize(x, y);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        double dualNorm = 0, dualObjective = 0, objective = r.A.Sum(Math.Abs), residual = 0;
        for (int j = 0; j < x.Cols; j++)
        {
            double s = 0;
            for (int i = 0; i < x.Rows; i++) s += x[i, j] * r.Lambda[i];
            dualNorm = Math.Max(dualNorm, Math.Abs(s));
        }
        for (int i = 0; i < x.Rows; i++)
        {
            double s = -y[i];
            for (int j = 0; j < x.Cols; j++) s += x[i, j] * r.A[j];
            residual += s * s;
            dualObjective += y[i] * r.Lambda[i];
        }
        Assert.True(dualNorm <= 1 + 1e-12, $"||X^T lambda||_inf = {dualNorm}");
        Assert.True(objective - dualObjective <= 1e-9 * objective && objective - dualObjective >= -1e-12, $"gap {objective - dualObjective}");
        Assert.Equal(r.DualityGap, objective - dualObjective, 1e-12);
        Assert.Equal(r.PrimalResidual, Math.Sqrt(residual), 1e-14);
    }

    [Fact]
    public void SparseRecoveryWithCoherentRowsIsExact()
    {
        var solver = new BasisPursuitSolver();
        for (int seed = 1; seed <= 4; seed++)
        {
            var (x, y, aStar) = BasisPursuitSolverTests.Problem(n: 100, s: 3, rows: 70, seed: seed, tau: 0.5);
            var r = solver.Solve(x, y);
            Assert.True(BasisPursuitSolverTests.RelativeError(r.A, aStar) < 1e-6, $"seed {seed}: {r}");
        }
    }

    [Fact]
    public void ScaleOfYCarriesOverToTheSolution()
    {
        var (x, y, _) = BasisPursuitSolverTests.Problem(n: 100, s: 8, rows: 40, seed: 5);
        var r1 = BasisPursuitSolver.Minimize(x, y);
        var r2 = BasisPursuitSolver.Minimize(x, y.Select(v => v * 1e-7).ToArray());
        Assert.Equal(BasisPursuitStatus.Optimal, r2.Status);
        for (int i = 0; i < r1.A.Length; i++) Assert.Equal(r1.A[i] * 1e-7, r2.A[i], 1e-18);
    }

    [Fact]
    public void InteriorPointIterationsDoNotAllocate()
    {
        // Same problem, 3 vs 12 iterations (no polish, which allocates its result): equal allocation means the
        // per-iteration work allocates nothing. The first call warms the workspace and the JIT.
        var (x, y, _) = BasisPursuitSolverTests.Problem(n: 100, s: 10, rows: 50, seed: 2);
        var few = new BasisPursuitSolver(new BasisPursuitOptions(MaxIterations: 3, Polish: false));
        var many = new BasisPursuitSolver(new BasisPursuitOptions(MaxIterations: 12, Polish: false));
        BasisPursuitResult? r3 = null, r12 = null;
        long fewBytes = Allocations.Measure(() => r3 = few.Solve(x, y));
        long manyBytes = Allocations.Measure(() => r12 = many.Solve(x, y));
        Assert.Equal(3, r3!.Iterations);
        Assert.True(r12!.Iterations > 3);
        Assert.Equal(fewBytes, manyBytes);
    }

    private static double BruteForceOptimum(DenseMatrix x, double[] y)
    {
        int rows = x.Rows, n = x.Cols;
        double best = double.PositiveInfinity;
        foreach (var columns in Subsets(n, rows))
        {
            var sub = Matrix<double>.Build.Dense(rows, rows, (i, k) => x[i, columns[k]]);
            if (Math.Abs(sub.Determinant()) < 1e-12) continue;
            var z = sub.Solve(Vector<double>.Build.DenseOfArray(y));
            best = Math.Min(best, z.L1Norm());
        }
        return best;
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int last = k - 1; last < n; last++)
            foreach (var rest in Subsets(last, k - 1)) yield return [.. rest, last];
    }
}
