using Grokking.Numerics;

namespace Grokking.Tests.Numerics;

/// <summary>The register-blocked double product against the plain triple loop, for A and A^T (through strides) and
/// widths with and without a ragged tail.</summary>
public class DoubleRowProductTests
{
    [Theory]
    [InlineData(97, 64, 64, false)]
    [InlineData(64, 64, 97, true)]
    [InlineData(5, 21, 3, false)]
    [InlineData(7, 3, 11, true)]
    public void EqualsTheTripleLoop(int m, int n, int k, bool transposedA)
    {
        var rng = new System.Random(m * 1000 + n * 10 + k);
        var a = new double[m * k];
        var b = new double[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
        // A stored as m x k (row stride k) or as its transpose k x m (row stride 1, column stride m)
        var (aRow, aCol) = transposedA ? (1, m) : (k, 1);
        var c = new double[m * (n + 2)];
        DoubleRowProduct.Multiply(m, n, k, a, aRow, aCol, b, n, c, n + 2);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n + 2; j++)
            {
                double expected = 0;
                if (j < n)
                    for (int p = 0; p < k; p++) expected += a[i * aRow + p * aCol] * b[p * n + j];
                Assert.True(Math.Abs(c[i * (n + 2) + j] - expected) <= 1e-13, $"C[{i}, {j}] = {c[i * (n + 2) + j]}, expected {expected}");
            }
    }
}
