using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Tests.Numerics;

public class PolarEqualSingularValuesTests
{
    [Theory]
    [InlineData(40, 12)]
    [InlineData(12, 40)]
    [InlineData(10, 10)]
    [InlineData(7, 3)]
    public void PolarFactorOfAScaledOrthonormalMatrix_IsTheMatrixOverItsScale(int rows, int cols)
    {
        var rng = new System.Random(3);
        int k = Math.Min(rows, cols);
        // Q: orthonormal columns (rows >= cols) or rows, by Gram-Schmidt of a random matrix
        var q = new double[rows * cols];
        var g = new double[rows * cols];
        for (int i = 0; i < g.Length; i++) g[i] = rng.NextDouble() - 0.5;
        bool tall = rows >= cols;
        int n = tall ? cols : rows, len = tall ? rows : cols;
        double Get(double[] a, int v, int e) => tall ? a[e * cols + v] : a[v * cols + e];
        void Set(double[] a, int v, int e, double x) { if (tall) a[e * cols + v] = x; else a[v * cols + e] = x; }
        for (int v = 0; v < n; v++)
        {
            for (int e = 0; e < len; e++) Set(q, v, e, Get(g, v, e));
            for (int u = 0; u < v; u++)
            {
                double d = 0;
                for (int e = 0; e < len; e++) d += Get(q, u, e) * Get(q, v, e);
                for (int e = 0; e < len; e++) Set(q, v, e, Get(q, v, e) - d * Get(q, u, e));
            }
            double s = 0;
            for (int e = 0; e < len; e++) s += Get(q, v, e) * Get(q, v, e);
            for (int e = 0; e < len; e++) Set(q, v, e, Get(q, v, e) / Math.Sqrt(s));
        }
        var w = q.Select(x => 3 * x).ToArray();
        var svd = new GroupSvd<double>(rows, cols);
        svd.Decompose(w);
        var polar = new double[rows * cols];
        svd.AddPolarFactor(polar, 1.0);
        for (int i = 0; i < polar.Length; i++) Assert.Equal(q[i], polar[i], 1e-10);
        Assert.Equal(3.0 * k, svd.NuclearNorm(), 1e-10);
    }
}

/// <summary>The Jacobi SVD's U V^T of W = 3 U V^T with both factors rotated (all singular values equal, as in the
/// Newton-Schulz tests' closed form): W / 3.</summary>
public class PolarEqualSingularValuesRotatedTests
{
    [Fact]
    public void RotatedFactors_GiveWOverThree()
    {
        var w = Optimisation.NewtonSchulzPolarTests.WithSingularValues(40, 12, [.. Enumerable.Repeat(3.0, 12)], seed: 4);
        var svd = new GroupSvd<double>(40, 12);
        svd.Decompose(w);
        var polar = new double[w.Length];
        svd.AddPolarFactor(polar, 1.0);
        for (int i = 0; i < polar.Length; i++) Assert.True(Math.Abs(w[i] / 3 - polar[i]) < 1e-10, $"[{i}] {w[i] / 3} vs {polar[i]}");
    }
}
