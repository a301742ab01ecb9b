using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Problems.SparseRecovery;
using Grokking.Random;

namespace Grokking.Tests.BasisPursuit;

/// <summary>Closed-form cases, certificates, rank deficiency and infeasibility of the basis-pursuit LP solver.</summary>
public class BasisPursuitSolverTests
{
    [Fact]
    public void IdentityDesignReturnsY()
    {
        double[] y = [0.3, -1.5, 0.0, 2.25, -0.125];
        var r = BasisPursuitSolver.Minimize(DenseMatrix.Identity(5), y);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        for (int i = 0; i < y.Length; i++) Assert.Equal(y[i], r.A[i], 1e-14);
        Assert.Equal(4.175, r.Objective, 1e-13);
        Assert.True(r.Polished);
    }

    [Fact]
    public void OneRowSystemPutsAllWeightOnTheLargestCoefficient()
    {
        // min |a1| + |a2| s.t. a1 + 2 a2 = 1: the cheapest way to make 1 is a2 = 1/2 (cost 0.5 < 1).
        var r = BasisPursuitSolver.Minimize(new DenseMatrix(1, 2, [1.0, 2.0]), [1.0]);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        Assert.Equal(0.0, r.A[0], 1e-14);
        Assert.Equal(0.5, r.A[1], 1e-14);
        // The dual is unique: lambda = 1/2 (X^T lambda = (1/2, 1)), objective 1/2.
        Assert.Equal(0.5, r.Lambda[0], 1e-10);
        Assert.Equal(0.5, r.DualObjective, 1e-10);
    }

    [Fact]
    public void NegativeTargetsAndWideRows()
    {
        // min ||a||_1 s.t. a1 - a2 + 4 a3 = -2 and a2 = 1: a2 = 1 is forced, then a1 + 4 a3 = -1 -> a3 = -1/4.
        var x = new DenseMatrix(2, 3, [1, -1, 4, 0, 1, 0]);
        var r = BasisPursuitSolver.Minimize(x, [-2.0, 1.0]);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        Assert.Equal([0.0, 1.0, -0.25], r.A.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Fact]
    public void InconsistentDuplicateRowsAreInfeasible()
    {
        var x = new DenseMatrix(3, 2, [1, 0, 1, 0, 0, 1]);
        var r = BasisPursuitSolver.Minimize(x, [1.0, 2.0, 0.5]);
        Assert.Equal(BasisPursuitStatus.Infeasible, r.Status);
        Assert.True(r.Inconsistency > 0.1, $"inconsistency {r.Inconsistency}");
        Assert.Equal(2, r.Rank);
    }

    [Fact]
    public void ConsistentDuplicateRowsAreFine()
    {
        // tau = 1, N = n + 1 in Figure 20: all n canonical rows plus one repeated row.
        var x = new DenseMatrix(4, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0]);
        var r = BasisPursuitSolver.Minimize(x, [0.5, -0.25, 0.0, -0.25]);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        Assert.Equal(3, r.Rank);
        Assert.Equal([0.5, -0.25, 0.0], r.A.Select(v => Math.Round(v, 13)).ToArray());
    }

    [Fact]
    public void ZeroRightHandSideGivesZero()
    {
        var r = BasisPursuitSolver.Minimize(new DenseMatrix(2, 3, [1, 2, 3, 4, 5, 6]), [0.0, 0.0]);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        Assert.All(r.A, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => BasisPursuitSolver.Minimize(DenseMatrix.Identity(2), [1.0]));
        Assert.Throws<ArgumentException>(() => BasisPursuitSolver.Minimize(DenseMatrix.Identity(2), [1.0, double.NaN]));
        Assert.Throws<ArgumentException>(() => new BasisPursuitSolver(new BasisPursuitOptions(Tolerance: 0)));
    }

    [Fact]
    public void TooFewIterationsReportsMaxIterationsWithAnHonestCertificate()
    {
        var (x, y, _) = Problem(n: 60, s: 5, rows: 30, seed: 7);
        var r = new BasisPursuitSolver(new BasisPursuitOptions(MaxIterations: 2, Polish: false)).Solve(x, y);
        Assert.Equal(BasisPursuitStatus.MaxIterations, r.Status);
        Assert.True(Math.Abs(r.RelativeGap) > 1e-8, r.ToString());
        Assert.Equal(2, r.Iterations);
    }

    [Fact]
    public void GaussianSparseRecoveryIsExactAndCertified()
    {
        // N = 60 Gaussian measurements of a 5-sparse a* in R^100 (far above the phase transition).
        var solver = new BasisPursuitSolver();
        for (int seed = 1; seed <= 5; seed++)
        {
            var (x, y, aStar) = Problem(n: 100, s: 5, rows: 60, seed: seed);
            var r = solver.Solve(x, y);
            Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
            Assert.True(RelativeError(r.A, aStar) < 1e-6, $"seed {seed}: error {RelativeError(r.A, aStar)}; {r}");
            Assert.True(r.RelativePrimalResidual < 1e-12 && r.DualInfeasibility < 1e-9 && Math.Abs(r.RelativeGap) < 1e-9, r.ToString());
            Assert.InRange(r.Iterations, 5, 40);
        }
    }

    [Fact]
    public void MoreRowsThanUnknownsRecoverExactly()
    {
        var (x, y, aStar) = Problem(n: 100, s: 60, rows: 101, seed: 3);
        var r = BasisPursuitSolver.Minimize(x, y);
        Assert.Equal(BasisPursuitStatus.Optimal, r.Status);
        Assert.Equal(100, r.Rank);
        Assert.True(RelativeError(r.A, aStar) < 1e-10, r.ToString());
    }

    internal static (DenseMatrix X, double[] Y, double[] AStar) Problem(int n, int s, int rows, int seed, double tau = 0.0)
    {
        var signal = SparseSignal.Create(n, s, seed);
        var m = Measurements.Create(rows, Basis.Identity(n), tau, 1.0 / rows, seed: seed + 1000);
        var y = new double[rows];
        Kernels.Gemv<double>(m.X.Data, rows, n, signal.A, y);
        return (m.X, y, signal.A);
    }

    internal static double RelativeError(double[] a, double[] aStar)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++) { num += (a[i] - aStar[i]) * (a[i] - aStar[i]); den += aStar[i] * aStar[i]; }
        return Math.Sqrt(num / den);
    }
}
