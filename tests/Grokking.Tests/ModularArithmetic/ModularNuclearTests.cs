using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The two fast paths of the modular network's nuclear norm: the metric from the Gram matrix's eigenvalues (against
/// the Jacobi SVD and the Jacobi eigen-solver), and the float penalty's U V^T (a looser rotation threshold and
/// whole-column products for the wide matrices) against the strict double one, on the network's four shapes.
/// </summary>
public class ModularNuclearTests
{
    private static double[] Random(int count, int seed, double scale = 1)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => scale * (2 * rng.NextDouble() - 1))];
    }

    /// <summary>A rows x cols matrix of rank r (a product of two random factors), row-major.</summary>
    private static double[] LowRank(int rows, int cols, int rank, int seed)
    {
        var a = Random(rows * rank, seed);
        var b = Random(rank * cols, seed + 1);
        var m = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                for (int k = 0; k < rank; k++) m[i * cols + j] += a[i * rank + k] * b[k * cols + j];
        return m;
    }

    [Theory]
    [InlineData(64, 97)]
    [InlineData(97, 64)]
    [InlineData(64, 64)]
    [InlineData(1, 5)]
    [InlineData(7, 1)]
    public void GramNuclearNorm_IsTheSumOfTheSingularValues(int rows, int cols)
    {
        var w = Random(rows * cols, rows * 100 + cols, 0.1);
        double expected = Norms.Nuclear<double>(w, rows, cols);
        var gram = new GramNuclearNorm(rows, cols);
        Assert.Equal(expected, gram.Of<double>(w), 1e-12 * expected);
        // float input is widened exactly: the same value as the double copy of the floats
        var f = w.Select(v => (float)v).ToArray();
        Assert.Equal(Norms.Nuclear<float>(f, rows, cols), gram.Of<float>(f), 1e-12 * expected);
    }

    /// <summary>Rank 3 in 20 x 30 and in 30 x 20 (the Gram of the columns): the 17 zero singular values come back
    /// within sqrt(eps) ||W|| each.</summary>
    [Theory]
    [InlineData(20, 30)]
    [InlineData(30, 20)]
    public void GramNuclearNorm_OfARankDeficientMatrix_IsCloseToTheSvds(int rows, int cols)
    {
        var w = LowRank(rows, cols, 3, 5);
        double expected = Norms.Nuclear<double>(w, rows, cols);
        double top = JacobiSvd.OfRowMajor(w, rows, cols).SingularValues[0];
        Assert.Equal(expected, new GramNuclearNorm(rows, cols).Of<double>(w), 17 * 1.5e-8 * top);
        Assert.True(double.IsNaN(new GramNuclearNorm(2, 2).Of<double>([1, double.NaN, 0, 1])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(64)]
    public void SymmetricEigenvalues_MatchTheJacobiEigenSolver(int n)
    {
        var b = Random(n * n, n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = b[i * n + j] + b[j * n + i];
        var expected = SymmetricEigen.Decompose(a, n).Values;
        var values = new double[n];
        Assert.True(SymmetricEigenvalues.Compute((double[])a.Clone(), n, values, new double[n]));
        Array.Sort(values);
        Array.Reverse(values);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], values[i], 1e-13 * scale * n);
    }

    /// <summary>The float penalty's U V^T (rotation threshold 1e-9, whole-column products for a wide W^T) against the
    /// double one at 4 eps, warm-started along a drifting sequence as in training: equal to float rounding.</summary>
    [Theory]
    [InlineData(64, 97)]
    [InlineData(97, 64)]
    [InlineData(64, 64)]
    public void FloatPolarFactor_EqualsTheStrictDoubleOne(int rows, int cols)
    {
        var w = Random(rows * cols, 7 * rows + cols, 0.1);
        var step = Random(rows * cols, 11 * rows + cols, 1e-3);
        var single = new GroupSvd<float>(rows, cols);
        var strict = new GroupSvd<double>(rows, cols);
        Assert.Equal(GroupSvd<float>.FloatTolerance, single.Svd.Tolerance);
        for (int t = 0; t < 5; t++)
        {
            for (int i = 0; i < w.Length; i++) w[i] += step[i] * (1 + t % 3);
            var wf = w.Select(v => (float)v).ToArray();
            var pf = new float[w.Length];
            var pd = new double[w.Length];
            single.Decompose(wf, warmStart: true);
            single.AddPolarFactor(pf, 1f);
            strict.Decompose(wf.Select(v => (double)v).ToArray(), warmStart: true);
            strict.AddPolarFactor(pd, 1.0);
            for (int i = 0; i < w.Length; i++) Assert.True(Math.Abs(pd[i] - pf[i]) <= 2e-7, $"step {t}, entry {i}: {pf[i]:R} vs {pd[i]:R}");
        }
    }
}
