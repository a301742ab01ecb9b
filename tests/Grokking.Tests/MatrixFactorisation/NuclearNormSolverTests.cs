using Grokking.Numerics;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>
/// Closed-form cases and certificates of the nuclear-norm solver, with every norm re-measured by MathNet's SVD
/// (independent of our Jacobi SVD): exact recovery, a forced failure with a known minimiser, a degenerate optimum,
/// sensing, and weak duality against random feasible matrices.
/// </summary>
public class NuclearNormSolverTests
{
    private const int Size = 10;

    [Fact]
    public void FullyObservedMatrixIsReturnedWithATightCertificate()
    {
        var a = LowRankMatrix.Create(Size, Size, 3, seed: 4);
        var all = Enumerable.Range(0, Size * Size).ToArray();
        var r = new NuclearNormSolver().Complete(Size, Size, all, Values(a, all));
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        for (int i = 0; i < Size; i++)
            for (int j = 0; j < Size; j++) Assert.Equal(a[i, j], r.A[i, j]);   // projected: the observed values exactly
        double nuclear = Nuclear(ToMathNet(a));
        Assert.Equal(nuclear, r.Objective, 1e-12 * nuclear);
        Assert.InRange(r.LowerBound, nuclear * (1 - 1e-9), nuclear * (1 + 1e-12));
        AssertCertificate(r, all, Values(a, all));
    }

    [Fact]
    public void RankOneCompletionWithEnoughSamplesRecoversTheMatrix()
    {
        var (a, mask) = Instance(rank: 1, matrixSeed: 11, observations: 70, tau: 0.0, maskSeed: 5);
        var r = new NuclearNormSolver().Complete(Size, Size, mask, Values(a, mask));
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        Assert.True(RelativeError(r.A, a) <= 1e-6, $"error {RelativeError(r.A, a):E2}; {r}");
        Assert.Equal(Size, r.Objective, 1e-8);   // rank 1 with ||A*||_F = 10: ||A*||_* = 10
        AssertCertificate(r, mask, Values(a, mask));
    }

    [Fact]
    public void UnobservedRowIsZeroedAndTheFailureIsStillCertified()
    {
        // Rank-1 A* = u v^T observed everywhere except row 3. Deleting a row never increases the nuclear norm, and for
        // a rank-1 rest every non-zero fill of the row increases it, so the unique minimiser is A* with row 3 zeroed.
        var a = LowRankMatrix.Create(Size, Size, 1, seed: 2);
        var mask = Enumerable.Range(0, Size * Size).Where(k => k / Size != 3).ToArray();
        var r = new NuclearNormSolver().Complete(Size, Size, mask, Values(a, mask));
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        double rowNorm = Math.Sqrt(Enumerable.Range(0, Size).Sum(j => a[3, j] * a[3, j]));
        for (int i = 0; i < Size; i++)
            for (int j = 0; j < Size; j++) Assert.Equal(i == 3 ? 0.0 : a[i, j], r.A[i, j], 1e-7);
        Assert.Equal(rowNorm / Size, RelativeError(r.A, a), 1e-7);
        Assert.True(rowNorm / Size > 0.05, "the instance must fail by a visible margin");
        // A* is feasible, so its nuclear norm is above the certified optimum: the failure is the convex program's
        Assert.True(Nuclear(ToMathNet(a)) > r.Objective + 0.01);
        AssertCertificate(r, mask, Values(a, mask));
    }

    [Fact]
    public void TooFewSamplesGiveALargeErrorAndAValidCertificate()
    {
        var (a, mask) = Instance(rank: 2, matrixSeed: 8, observations: 25, tau: 0.0, maskSeed: 1);
        var r = new NuclearNormSolver().Complete(Size, Size, mask, Values(a, mask));
        Assert.True(RelativeError(r.A, a) > 0.1, $"error {RelativeError(r.A, a)}");
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        Assert.True(r.LowerBound < Nuclear(ToMathNet(a)));
        AssertCertificate(r, mask, Values(a, mask));
    }

    [Fact]
    public void DiagonalConstraintsHaveOptimumTwoAmongManyMinimisers()
    {
        // min ||A||_* s.t. A_11 = A_22 = 1: ||A||_* >= |tr A| = 2, reached by every [[1, x], [x, 1]] with |x| <= 1.
        var r = new NuclearNormSolver().Complete(2, 2, [0, 3], [1.0, 1.0]);
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        Assert.Equal(2.0, r.Objective, 1e-8);
        Assert.InRange(r.LowerBound, 2 - 1e-8, 2 + 1e-12);
        AssertCertificate(r, [0, 3], [1.0, 1.0]);
    }

    [Fact]
    public void SensingRecoversALowRankMatrixAndYIsXTransposeLambda()
    {
        var a = LowRankMatrix.Create(Size, Size, 2, seed: 3);
        const int n = 70;
        var rng = new NumpyRandomState(12);
        var x = new DenseMatrix(n, Size * Size, rng.StandardNormal(n * Size * Size).Select(v => v / Size).ToArray());
        var y = new double[n];
        for (int q = 0; q < n; q++)
            for (int j = 0; j < Size; j++)
                for (int i = 0; i < Size; i++) y[q] += x[q, j * Size + i] * a[i, j];   // vec is column-major
        var r = new NuclearNormSolver().Sense(Size, Size, x, y);
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        Assert.True(RelativeError(r.A, a) <= 1e-6, $"error {RelativeError(r.A, a):E2}; {r}");
        Assert.True(r.Residual <= 1e-12, r.ToString());
        for (int i = 0; i < Size; i++)
            for (int j = 0; j < Size; j++)
            {
                double expected = 0;
                for (int q = 0; q < n; q++) expected += x[q, j * Size + i] * r.Lambda[q];
                Assert.Equal(expected, r.Y[i, j], 1e-12);
            }
        Assert.True(ToMathNet(r.Y).L2Norm() <= 1 + 1e-9);
        Assert.Equal(r.LowerBound, r.Lambda.Zip(y, (l, v) => l * v).Sum(), 1e-10);
        Assert.True(r.RelativeGap <= 1e-9);
    }

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 50)]
    [InlineData(3, 80)]
    public void PlainAndAcceleratedIterationsAgree(int rank, int observations)
    {
        var (a, mask) = Instance(rank, matrixSeed: 21, observations, tau: 0.5, maskSeed: 3);
        var plain = new NuclearNormSolver(new NuclearNormOptions(AndersonMemory: 0)).Complete(Size, Size, mask, Values(a, mask));
        var fast = new NuclearNormSolver().Complete(Size, Size, mask, Values(a, mask));
        Assert.Equal(NuclearNormStatus.Optimal, plain.Status);
        Assert.Equal(NuclearNormStatus.Optimal, fast.Status);
        Assert.Equal(plain.Objective, fast.Objective, 2e-9 * plain.Objective);
        AssertCertificate(plain, mask, Values(a, mask));
    }

    [Fact]
    public void NoObservationsGiveTheZeroMatrix()
    {
        var r = new NuclearNormSolver().Complete(3, 4, [], []);
        Assert.Equal(NuclearNormStatus.Optimal, r.Status);
        Assert.All(r.A.Data, v => Assert.Equal(0.0, v));
        Assert.Equal(0.0, r.Objective);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var solver = new NuclearNormSolver();
        Assert.Throws<ArgumentException>(() => solver.Complete(2, 2, [1, 1], [0.5, 0.5]));
        Assert.Throws<ArgumentException>(() => solver.Complete(2, 2, [4], [0.5]));
        Assert.Throws<ArgumentException>(() => solver.Complete(2, 2, [0], [double.NaN]));
        Assert.Throws<ArgumentException>(() => solver.Sense(2, 2, new DenseMatrix(1, 3), [1.0]));
        Assert.Throws<ArgumentException>(() => new NuclearNormSolver(new NuclearNormOptions(Relaxation: 2)));
    }

    /// <summary>
    /// The certificate, re-measured: Y vanishes off the mask and equals lambda on it, ||Y||_2 &lt;= 1 (MathNet), the
    /// lower bound is &lt;Y, M&gt;, the gap is small, the returned A is feasible with the claimed nuclear norm, and no
    /// random feasible matrix has a nuclear norm below the lower bound (weak duality, checked).
    /// </summary>
    private static void AssertCertificate(NuclearNormResult r, int[] mask, double[] values)
    {
        int rows = r.A.Rows, cols = r.A.Cols;
        var observed = new Dictionary<int, int>();
        for (int q = 0; q < mask.Length; q++) observed[mask[q]] = q;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                if (observed.TryGetValue(i * cols + j, out int q))
                {
                    Assert.Equal(r.Lambda[q], r.Y[i, j]);
                    Assert.Equal(values[q], r.A[i, j]);
                }
                else Assert.Equal(0.0, r.Y[i, j]);
            }
        Assert.True(ToMathNet(r.Y).L2Norm() <= 1 + 1e-9, $"||Y||_2 = {ToMathNet(r.Y).L2Norm()}");
        Assert.Equal(r.LowerBound, mask.Select((k, q) => r.Y[k / cols, k % cols] * values[q]).Sum(), 1e-10);
        Assert.True(r.RelativeGap <= 1e-9 && r.RelativeGap >= -1e-12, r.ToString());
        Assert.Equal(Nuclear(ToMathNet(r.A)), r.Objective, 1e-10 * Math.Max(1, r.Objective));

        var rng = new NumpyRandomState(99);
        for (int trial = 0; trial < 20; trial++)
        {
            var fill = rng.StandardNormal(rows * cols);
            var feasible = Matrix<double>.Build.Dense(rows, cols, (i, j) =>
                observed.TryGetValue(i * cols + j, out int q) ? values[q] : r.A[i, j] + 1e-4 * fill[i * cols + j]);
            Assert.True(Nuclear(feasible) >= r.LowerBound - 1e-10, "weak duality violated");
        }
    }

    /// <summary>A* of the given rank (||A*||_F = 10) and a get_measures_matrix_completion mask of it.</summary>
    private static (PaddedMatrix A, int[] Mask) Instance(int rank, uint matrixSeed, int observations, double tau, uint maskSeed)
    {
        var a = LowRankMatrix.Create(Size, Size, rank, matrixSeed);
        var (mu, nu, _) = LowRankMatrix.LocalCoherence(a);
        return (a, MatrixData.SelectEntries(Size, Size, observations, tau, mu, nu, maskSeed));
    }

    private static double[] Values(PaddedMatrix a, int[] mask) => mask.Select(k => a[k / a.Cols, k % a.Cols]).ToArray();

    private static double RelativeError(DenseMatrix x, PaddedMatrix a)
    {
        double num = 0;
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Cols; j++) num += (x[i, j] - a[i, j]) * (x[i, j] - a[i, j]);
        return Math.Sqrt(num) / a.FrobeniusNorm();
    }

    private static double Nuclear(Matrix<double> m) => m.Svd(computeVectors: false).S.Sum();

    private static Matrix<double> ToMathNet(PaddedMatrix a) => Matrix<double>.Build.Dense(a.Rows, a.Cols, (i, j) => a[i, j]);

    private static Matrix<double> ToMathNet(DenseMatrix a) => Matrix<double>.Build.Dense(a.Rows, a.Cols, (i, j) => a[i, j]);
}
