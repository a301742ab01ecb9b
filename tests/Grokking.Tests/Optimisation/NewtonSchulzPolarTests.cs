using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

/// <summary>The Newton-Schulz polar factor against the Jacobi SVD's U V^T, in float64.</summary>
public class NewtonSchulzPolarTests
{
    /// <summary>A rows x cols matrix U diag(s) V^T with orthonormal U, V from QR-like Gram-Schmidt of random columns.</summary>
    internal static double[] WithSingularValues(int rows, int cols, double[] s, int seed)
    {
        var rng = new System.Random(seed);
        int k = s.Length;
        double[][] Orthonormal(int n)
        {
            var q = new double[k][];
            for (int j = 0; j < k; j++)
            {
                var v = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
                for (int i = 0; i < j; i++)
                {
                    double dot = v.Zip(q[i], (a, b) => a * b).Sum();
                    for (int t = 0; t < n; t++) v[t] -= dot * q[i][t];
                }
                double norm = Math.Sqrt(v.Sum(x => x * x));
                q[j] = [.. v.Select(x => x / norm)];
            }
            return q;
        }
        var u = Orthonormal(rows);
        var vv = Orthonormal(cols);
        var w = new double[rows * cols];
        for (int j = 0; j < k; j++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) w[r * cols + c] += s[j] * u[j][r] * vv[j][c];
        return w;
    }

    [Theory]
    [InlineData(40, 12, 0.5)]      // tall, well conditioned
    [InlineData(6, 30, 0.5)]       // wide
    [InlineData(50, 10, 1e-3)]     // tall, s_min / s_max = 1e-3: ~20 iterations
    public void EqualsTheSvdsPolarFactor(int rows, int cols, double smallest)
    {
        int k = Math.Min(rows, cols);
        var s = Enumerable.Range(0, k).Select(i => 3.0 * Math.Pow(smallest, i / (k - 1.0))).ToArray();
        var w = WithSingularValues(rows, cols, s, seed: rows + cols);
        var polar = new NewtonSchulzPolar<double>(rows, cols);
        var ours = new double[w.Length];
        polar.AddPolarFactor(w, ours, 2.0);
        polar.AddPolarFactor(w, ours, -1.0); // accumulates: 2 - 1 = 1 U V^T
        var svd = new GroupSvd<double>(rows, cols);
        svd.Decompose(w);
        var expected = new double[w.Length];
        svd.AddPolarFactor(expected, 1.0);
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(expected[i] - ours[i]) <= 1e-10, $"[{i}]: SVD {expected[i]}, Newton-Schulz {ours[i]}");
        Assert.Equal(0, polar.Fallbacks);
        Assert.InRange(polar.LastIterations, 1, polar.MaxIterations - 1);
        Assert.Equal(s.Sum(), polar.NuclearNorm(w), 1e-10 * s.Sum());
    }

    /// <summary>Equal singular values s: W = s U V^T, so the factor is W / s (closed form).</summary>
    [Fact]
    public void EqualSingularValues_GiveWOverS()
    {
        var w = WithSingularValues(40, 12, [.. Enumerable.Repeat(3.0, 12)], seed: 4);
        var ours = new double[w.Length];
        new NewtonSchulzPolar<double>(40, 12).AddPolarFactor(w, ours, 1.0);
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(w[i] / 3 - ours[i]) <= 1e-12, $"[{i}]: W/3 {w[i] / 3}, Newton-Schulz {ours[i]}");
    }

    /// <summary>A rank-deficient matrix (a zero singular value) does not converge: the SVD's factor is used.</summary>
    [Fact]
    public void RankDeficient_FallsBackToTheSvd()
    {
        var w = WithSingularValues(20, 8, [2, 1.5, 1, 0.7, 0.5, 0.3, 0.2, 0.1], seed: 1);
        // make the last column a combination of the others: rank 7
        for (int r = 0; r < 20; r++) w[r * 8 + 7] = w[r * 8] - w[r * 8 + 1];
        var polar = new NewtonSchulzPolar<double>(20, 8);
        var ours = new double[w.Length];
        polar.AddPolarFactor(w, ours, 1.0);
        Assert.Equal(1, polar.Fallbacks);
        var svd = new GroupSvd<double>(20, 8);
        svd.Decompose(w, warmStart: true);
        var expected = new double[w.Length];
        svd.AddPolarFactor(expected, 1.0);
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void Float32_AgreesWithTheSvdToSinglePrecision()
    {
        var w = WithSingularValues(60, 15, [.. Enumerable.Range(0, 15).Select(i => 2.0 - 0.1 * i)], seed: 3);
        var polar = new NewtonSchulzPolar<float>(60, 15);
        var ours = new float[w.Length];
        polar.AddPolarFactor(Array.ConvertAll(w, v => (float)v), ours, 1f);
        var svd = new GroupSvd<double>(60, 15);
        svd.Decompose(w);
        var expected = new double[w.Length];
        svd.AddPolarFactor(expected, 1.0);
        for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(expected[i] - ours[i]) <= 2e-5, $"[{i}]: SVD {expected[i]}, Newton-Schulz {ours[i]}");
        Assert.Equal(0, polar.Fallbacks);
    }
}
