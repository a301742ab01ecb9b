using Grokking.Numerics;
using MathNet.Numerics.LinearAlgebra;
using static Grokking.Tests.Numerics.TestData;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>
/// The one-sided Jacobi SVD against MathNet.Numerics (LAPACK-style Golub-Kahan): singular values to 1e-12
/// relative to sigma_max, reconstruction, orthogonality, rank-deficient inputs of the kind the nuclear-norm
/// runs produce (1e-6 I, rank 2 plus 1e-5 spurious values, exact zeros), warm starts and the two products
/// the solvers use (U V^T and singular value thresholding).
/// </summary>
public class JacobiSvdTests
{
    internal static double[] Random(System.Random rng, int rows, int cols, double scale = 1)
    {
        var a = new double[rows * cols]; // column-major, lda = rows
        for (int i = 0; i < a.Length; i++) a[i] = scale * Gauss(rng);
        return a;
    }

    private static Matrix<double> ToMathNet(double[] a, int rows, int cols) =>
        Matrix<double>.Build.Dense(rows, cols, (i, j) => a[j * rows + i]);

    /// <summary>rank-r matrix G1 G2^T with singular values of order 1..10 plus optional small extra rank.</summary>
    internal static double[] LowRank(System.Random rng, int rows, int cols, int r, double scale = 3)
    {
        var g1 = Random(rng, rows, r);
        var g2 = Random(rng, cols, r);
        var a = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                for (int k = 0; k < r; k++) a[j * rows + i] += scale * g1[k * rows + i] * g2[k * cols + j] / Math.Sqrt(r);
        return a;
    }

    internal static void CheckAgainstMathNet(double[] a, int rows, int cols, string what, bool warm = false, JacobiSvd? svd = null)
    {
        svd ??= new JacobiSvd(rows, cols);
        svd.Decompose(a, rows, warm);
        var reference = ToMathNet(a, rows, cols).Svd(computeVectors: true);
        int k = Math.Min(rows, cols);
        double smax = Math.Max(reference.S[0], 1e-300);
        for (int i = 0; i < k; i++)
        {
            Assert.True(Math.Abs(svd.SingularValues[i] - reference.S[i]) <= 1e-12 * smax,
                $"{what}: sigma_{i} = {svd.SingularValues[i]:R} vs MathNet {reference.S[i]:R}");
            if (i > 0) Assert.True(svd.SingularValues[i] <= svd.SingularValues[i - 1], $"{what}: not descending");
        }
        double recon = 0, orthU = 0, orthV = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double s = 0;
                for (int l = 0; l < k; l++) s += svd.U(i, l) * svd.SingularValues[l] * svd.V(j, l);
                recon = Math.Max(recon, Math.Abs(s - a[j * rows + i]));
            }
        for (int p = 0; p < k; p++)
            for (int q = 0; q < k; q++)
            {
                double u = 0, v = 0;
                for (int i = 0; i < rows; i++) u += svd.U(i, p) * svd.U(i, q);
                for (int j = 0; j < cols; j++) v += svd.V(j, p) * svd.V(j, q);
                orthU = Math.Max(orthU, Math.Abs(u - (p == q ? 1 : 0)));
                orthV = Math.Max(orthV, Math.Abs(v - (p == q ? 1 : 0)));
            }
        Assert.True(recon <= 1e-13 * Math.Max(smax, 1e-300) * Math.Max(rows, cols), $"{what}: reconstruction {recon:G3}");
        Assert.True(orthU <= 1e-13, $"{what}: U^T U - I = {orthU:G3}");
        Assert.True(orthV <= 1e-13, $"{what}: V^T V - I = {orthV:G3}");
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(7, 4)]
    [InlineData(4, 7)]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(5, 1)]
    [InlineData(13, 13)]
    [InlineData(30, 20)]
    public void RandomMatricesMatchMathNet(int rows, int cols)
    {
        var rng = new System.Random(rows * 100 + cols);
        for (int trial = 0; trial < 5; trial++)
            CheckAgainstMathNet(Random(rng, rows, cols, Math.Pow(10, trial - 2)), rows, cols, $"{rows}x{cols} trial {trial}");
    }

    [Theory]
    [InlineData(10, 10, 2)]
    [InlineData(10, 6, 3)]
    [InlineData(6, 10, 1)]
    public void RankDeficientMatricesMatchMathNetAndKeepOrthonormalVectors(int rows, int cols, int rank)
    {
        var rng = new System.Random(rows + cols + rank);
        CheckAgainstMathNet(LowRank(rng, rows, cols, rank), rows, cols, "exact low rank");
        CheckAgainstMathNet(new double[rows * cols], rows, cols, "zero matrix");
    }

    [Fact]
    public void TheNuclearNormIteratesAreDecomposedAccurately()
    {
        const int n = 10;
        // the initial iterate 1e-6 I: all singular values equal
        var init = new double[n * n];
        for (int i = 0; i < n; i++) init[i * n + i] = 1e-6;
        CheckAgainstMathNet(init, n, n, "1e-6 I");

        // a late iterate: A* (rank 2, sigma ~ 8 and 6) plus three spurious values ~1e-5 and five exact zeros
        var rng = new System.Random(5);
        var a = LowRank(rng, n, n, 2, scale: 5);
        var spurious = LowRank(rng, n, n, 3, scale: 1e-5);
        for (int i = 0; i < a.Length; i++) a[i] += spurious[i];
        CheckAgainstMathNet(a, n, n, "rank 2 + 1e-5 spurious");
        var svd = new JacobiSvd(n, n);
        svd.Decompose(a, n);
        Assert.InRange(svd.SingularValues[4], 1e-8, 1e-4);   // third spurious value resolved
        Assert.True(svd.SingularValues[5] < 1e-12 * svd.SingularValues[0], $"sigma_6 = {svd.SingularValues[5]:G3} should be rounding noise");
    }

    [Fact]
    public void WarmStartGivesTheSameDecompositionWithFewerSweeps()
    {
        const int n = 10;
        var rng = new System.Random(11);
        var a = LowRank(rng, n, n, 2, 4);
        var noise = Random(rng, n, n, 1e-3);
        for (int i = 0; i < a.Length; i++) a[i] += noise[i];
        var svd = new JacobiSvd(n, n);
        int cold = svd.Decompose(a, n);
        var perturbation = Random(rng, n, n, 1e-6);
        for (int i = 0; i < a.Length; i++) a[i] += perturbation[i];
        CheckAgainstMathNet(a, n, n, "warm", warm: true, svd: svd);
        Assert.True(svd.LastSweeps < cold, $"warm start took {svd.LastSweeps} sweeps, cold {cold}");
    }

    [Fact]
    public void PolarFactorIsUVTransposeForFullRankMatrices()
    {
        foreach (var (rows, cols) in new[] { (10, 10), (8, 5), (5, 8) })
        {
            var rng = new System.Random(rows * cols);
            var a = Random(rng, rows, cols);
            var svd = new JacobiSvd(rows, cols);
            svd.Decompose(a, rows);
            int ld = JacobiSvd.PaddedRows(rows);
            var h = new double[ld * cols];
            svd.AddPolarFactor(h, ld, 1.0);
            var r = ToMathNet(a, rows, cols).Svd(computeVectors: true);
            int k = Math.Min(rows, cols);
            var expected = r.U.SubMatrix(0, rows, 0, k) * r.VT.SubMatrix(0, k, 0, cols);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    Assert.True(Math.Abs(h[j * ld + i] - expected[i, j]) <= 1e-12, $"{rows}x{cols} H[{i},{j}]");
        }
    }

    /// <summary>Spec E1.6: one pure nuclear step A - alpha U V^T maps every sigma_i to |sigma_i - alpha|
    /// (exactly, because the step acts on each singular pair separately).</summary>
    [Fact]
    public void PureNuclearStepMapsEachSingularValueToItsDistanceFromAlpha()
    {
        const int n = 10;
        var rng = new System.Random(3);
        var a = Random(rng, n, n, 0.3);
        var svd = new JacobiSvd(n, n);
        svd.Decompose(a, n);
        var before = svd.SingularValues.ToArray();
        foreach (double alpha in new[] { 0.05, 0.2, 0.5 })
        {
            var stepped = (double[])a.Clone();
            svd.AddPolarFactor(stepped, n, -alpha);
            var after = ToMathNet(stepped, n, n).Svd(computeVectors: false).S.ToArray();
            var predicted = before.Select(s => Math.Abs(s - alpha)).OrderDescending().ToArray();
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(after[i] - predicted[i]) <= 1e-13, $"alpha {alpha}: sigma_{i} = {after[i]:R}, predicted {predicted[i]:R}");
        }
    }

    [Fact]
    public void ThresholdingShrinksSingularValuesAndKeepsVectors()
    {
        const int n = 9;
        var rng = new System.Random(8);
        var a = Random(rng, n, n);
        var svd = new JacobiSvd(n, n);
        svd.Decompose(a, n);
        double shrink = svd.SingularValues[4];
        var t = new double[n * n];
        svd.Threshold(t, n, shrink);
        var r = ToMathNet(t, n, n).Svd(computeVectors: false).S;
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(r[i] - Math.Max(svd.SingularValues[i] - shrink, 0)) <= 1e-13, $"shrunk sigma_{i}");
    }

    [Fact]
    public void DecomposeAllocatesNothing()
    {
        var rng = new System.Random(1);
        var a = Random(rng, 10, 10);
        var svd = new JacobiSvd(10, 10);
        var h = new double[JacobiSvd.PaddedRows(10) * 10];
        svd.Decompose(a, 10);
        svd.AddPolarFactor(h, JacobiSvd.PaddedRows(10), 1);
        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                a[i % 100] += 1e-7;
                svd.Decompose(a, 10, warmStart: true);
                svd.AddPolarFactor(h, JacobiSvd.PaddedRows(10), 1e-9);
            }
        });
    }
}
