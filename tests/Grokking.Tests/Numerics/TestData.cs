using System.Numerics;

namespace Grokking.Tests.Numerics;

/// <summary>Seeded random data and naive reference loops for the numerics tests.</summary>
internal static class TestData
{
    public static double Gauss(System.Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static T[] Vector<T>(System.Random rng, int n, double scale = 1) where T : IFloatingPointIeee754<T>
    {
        var v = new T[n];
        for (int i = 0; i < n; i++) v[i] = T.CreateTruncating(scale * Gauss(rng));
        return v;
    }

    /// <summary>Sizes 1..300 with all the interesting tails (below/at/above multiples of 8 and 16), plus random ones.</summary>
    public static IEnumerable<int> Sizes(int seed, int randomCount = 40)
    {
        var fixedSizes = new[] { 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 23, 24, 25, 30, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 256, 257, 300 };
        var rng = new System.Random(seed);
        return fixedSizes.Concat(Enumerable.Range(0, randomCount).Select(_ => rng.Next(1, 301)));
    }

    public static double Tol<T>() => typeof(T) == typeof(float) ? 1e-5 : 1e-12;

    public static double D<T>(T v) where T : IFloatingPointIeee754<T> => double.CreateTruncating(v);

    /// <summary>Asserts |got - want| &lt;= tol * scale element-wise.</summary>
    public static void Close(double want, double got, double tol, double scale, string what)
    {
        if (double.IsNaN(want) && double.IsNaN(got)) return;
        double err = Math.Abs(got - want);
        Assert.True(err <= tol * Math.Max(scale, 1e-300), $"{what}: want {want:R}, got {got:R}, err {err:g3} > {tol:g3} * {scale:g3}");
    }

    // ---- naive references in double precision ----

    public static double[] NaiveGemv(double[] A, int rows, int cols, double[] x)
    {
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double s = 0;
            for (int j = 0; j < cols; j++) s += A[i * cols + j] * x[j];
            y[i] = s;
        }
        return y;
    }

    /// <summary>Row-wise sum of |A_ij x_j| (the natural error scale of a dot product).</summary>
    public static double[] AbsGemv(double[] A, int rows, int cols, double[] x)
    {
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) y[i] += Math.Abs(A[i * cols + j] * x[j]);
        return y;
    }

    public static double[] ToDouble<T>(T[] v) where T : IFloatingPointIeee754<T> => v.Select(D).ToArray();

    public static double[] Transpose(double[] A, int rows, int cols)
    {
        var t = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = A[i * cols + j];
        return t;
    }

    /// <summary>The textbook step: r = Xa - y; g = X^T r; a -= alpha g + ab1 sign(a) + ab2 a (plain loops, no FMA).</summary>
    public static void NaiveL1Step(double[] X, int N, int n, double[] y, double[] a, double alpha, double ab1, double ab2,
        double[]? rOut = null, double[]? gOut = null)
    {
        var r = NaiveGemv(X, N, n, a);
        for (int i = 0; i < N; i++) r[i] -= y[i];
        var g = NaiveGemv(Transpose(X, N, n), n, N, r);
        for (int j = 0; j < n; j++)
            a[j] = a[j] - (alpha * g[j] + ab1 * Math.Sign(a[j]) + ab2 * a[j]);
        r.CopyTo(rOut ?? new double[N], 0);
        g.CopyTo(gOut ?? new double[n], 0);
    }

    public static double RelDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.Sqrt(num) / Math.Max(Math.Sqrt(den), 1e-300);
    }
}
