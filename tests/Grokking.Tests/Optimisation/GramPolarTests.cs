using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

/// <summary>U V^T from the double Gram matrix's eigenvectors against the Jacobi SVD's, and the eigenvectors themselves.</summary>
public class GramPolarTests
{
    private static double[] Polar<T>(GramPolar<T> polar, T[] w) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dst = new T[w.Length];
        polar.AddPolarFactor(w, dst, T.One);
        return Array.ConvertAll(dst, double.CreateTruncating);
    }

    private static double[] SvdPolar(double[] w, int rows, int cols)
    {
        var svd = new GroupSvd<double>(rows, cols);
        svd.Decompose(w);
        var expected = new double[w.Length];
        svd.AddPolarFactor(expected, 1.0);
        return expected;
    }

    /// <summary>A v_i = lambda_i v_i and V V^T = I to rounding, with the eigenvalues bit for bit those of the
    /// values-only routine (the nuclear-norm metric's).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(64)]
    public void Eigenvectors_DiagonaliseTheMatrix(int n)
    {
        var rng = new System.Random(n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.NextDouble() - 0.5;
        var (values, vectors, work) = (new double[n], new double[n * n], new double[2 * n]);
        Assert.True(SymmetricEigenvalues.ComputeWithVectors((double[])a.Clone(), n, values, work, vectors));
        var valuesOnly = new double[n];
        Assert.True(SymmetricEigenvalues.Compute((double[])a.Clone(), n, valuesOnly, new double[n]));
        Assert.Equal(valuesOnly, values);
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < n; r++)
            {
                double av = 0;
                for (int c = 0; c < n; c++) av += a[r * n + c] * vectors[i * n + c];
                Assert.True(Math.Abs(av - values[i] * vectors[i * n + r]) <= 1e-13, $"n {n}, vector {i}, row {r}: {av} vs {values[i] * vectors[i * n + r]}");
            }
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int c = 0; c < n; c++) dot += vectors[i * n + c] * vectors[j * n + c];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) <= 1e-13, $"n {n}: v{i}.v{j} = {dot}");
            }
        }
    }

    /// <summary>In double, on well-conditioned matrices of the network's shapes and small ones: the SVD's U V^T to 1e-10.</summary>
    [Theory]
    [InlineData(97, 64, 1e-2)]
    [InlineData(64, 97, 1e-2)]
    [InlineData(64, 64, 1e-1)]
    [InlineData(5, 3, 0.5)]
    [InlineData(1, 4, 1.0)]
    public void EqualsTheSvdsPolarFactor(int rows, int cols, double smallest)
    {
        int k = Math.Min(rows, cols);
        var s = Enumerable.Range(0, k).Select(i => 3.0 * Math.Pow(smallest, k == 1 ? 0 : i / (k - 1.0))).ToArray();
        var w = NewtonSchulzPolarTests.WithSingularValues(rows, cols, s, seed: rows * cols);
        var polar = new GramPolar<double>(rows, cols);
        var ours = Polar(polar, w);
        var expected = SvdPolar(w, rows, cols);
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(expected[i] - ours[i]) <= 1e-10, $"[{i}]: SVD {expected[i]}, Gram {ours[i]}");
        Assert.Equal(0, polar.Fallbacks);
    }

    /// <summary>
    /// A float32 matrix like the late weights of a nuclear-penalised run (97 x 64: 14 singular values from 8 down to
    /// 1, and a cluster of 50 between 1e-3 and 1e-4 of the largest): U V^T is a partial isometry (Q^T Q = I to
    /// float rounding), it satisfies the subgradient condition &lt;Q, W&gt; = ||W||_*, and it equals the double SVD's to
    /// the float32 rounding of the output, far inside the uncertainty float32 weights leave it (~eps_32 sigma_max /
    /// sigma_min = 1e-3).
    /// </summary>
    [Fact]
    public void LateNuclearWeights_FloatEqualsTheSvdToRounding()
    {
        const int rows = 97, cols = 64;
        var s = Enumerable.Range(0, cols).Select(i => i < 14 ? 8.0 - i * 0.5 : 8e-3 * Math.Pow(0.1, (i - 14) / 49.0)).ToArray();
        var w = Array.ConvertAll(NewtonSchulzPolarTests.WithSingularValues(rows, cols, s, seed: 3), v => (float)v);
        var wide = Array.ConvertAll(w, v => (double)v);
        var polar = new GramPolar<float>(rows, cols);
        var ours = Polar(polar, w);
        Assert.Equal(0, polar.Fallbacks);
        var expected = SvdPolar(wide, rows, cols);
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(expected[i] - ours[i]) <= 2e-6, $"[{i}]: SVD {expected[i]}, Gram {ours[i]}");
        for (int a = 0; a < cols; a++)
            for (int b = 0; b < cols; b++)
            {
                double dot = 0;
                for (int r = 0; r < rows; r++) dot += ours[r * cols + a] * ours[r * cols + b];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-5, $"Q^T Q [{a}, {b}] = {dot}");
            }
        double inner = 0;
        for (int i = 0; i < w.Length; i++) inner += ours[i] * wide[i];
        var svd = new GroupSvd<double>(rows, cols);
        svd.Decompose(wide);
        Assert.Equal(svd.NuclearNorm(), inner, 1e-6 * svd.NuclearNorm());
    }

    /// <summary>Singular values below the threshold (here an exact zero: rank 7 of 8) go to the Jacobi SVD, whose
    /// U V^T is checked on the range of the nonzero singular values and as a partial isometry of full rank (a column
    /// for the zero singular value too, as LAPACK's).</summary>
    [Fact]
    public void RankDeficient_GoesToTheJacobiSvd()
    {
        const int rows = 20, cols = 8;
        var w = NewtonSchulzPolarTests.WithSingularValues(rows, cols, [2, 1.5, 1, 0.7, 0.5, 0.3, 0.2, 0.1], seed: 1);
        for (int r = 0; r < rows; r++) w[r * cols + 7] = w[r * cols] - w[r * cols + 1];
        var polar = new GramPolar<double>(rows, cols);
        var ours = Polar(polar, w);
        Assert.Equal(1, polar.Fallbacks);
        var svd = new GroupSvd<double>(rows, cols);
        svd.Decompose(w);
        Assert.True(svd.SingularValues[^1] < 1e-12 * svd.SingularValues[0]);
        // Q^T Q = I (full partial isometry: 8 orthonormal columns)
        for (int a = 0; a < cols; a++)
            for (int b = 0; b < cols; b++)
            {
                double dot = 0;
                for (int r = 0; r < rows; r++) dot += ours[r * cols + a] * ours[r * cols + b];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-10, $"Q^T Q [{a}, {b}] = {dot}");
            }
        // on the range of the nonzero singular values: Q^T W = V S V^T, i.e. Q^T W is symmetric positive
        // semi-definite with trace ||W||_*
        var qtw = new double[cols * cols];
        for (int a = 0; a < cols; a++)
            for (int b = 0; b < cols; b++)
                for (int r = 0; r < rows; r++) qtw[a * cols + b] += ours[r * cols + a] * w[r * cols + b];
        for (int a = 0; a < cols; a++)
            for (int b = 0; b < a; b++) Assert.True(Math.Abs(qtw[a * cols + b] - qtw[b * cols + a]) <= 1e-12, $"Q^T W not symmetric at [{a}, {b}]");
        double trace = Enumerable.Range(0, cols).Sum(a => qtw[a * cols + a]);
        Assert.Equal(svd.NuclearNorm(), trace, 1e-12);
    }
}
