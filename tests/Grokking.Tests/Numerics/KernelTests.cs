using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Grokking.Numerics;
using static Grokking.Tests.Numerics.TestData;

namespace Grokking.Tests.Numerics;

public class KernelTests
{
    [Fact] public void Dot_Double() => DotCase<double>();
    [Fact] public void Dot_Float() => DotCase<float>();

    private static void DotCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(11);
        foreach (int n in Sizes(1))
        {
            var x = Vector<T>(rng, n);
            var y = Vector<T>(rng, n);
            double want = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                want += D(x[i]) * D(y[i]);
                scale += Math.Abs(D(x[i]) * D(y[i]));
            }
            Close(want, D(Kernels.Dot<T>(x, y)), Tol<T>(), scale, $"Dot n={n}");
        }
    }

    [Fact] public void Axpy_Scale_Subtract_Double() => AxpyCase<double>();
    [Fact] public void Axpy_Scale_Subtract_Float() => AxpyCase<float>();

    private static void AxpyCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(12);
        foreach (int n in Sizes(2))
        {
            var x = Vector<T>(rng, n);
            var y = Vector<T>(rng, n);
            T alpha = T.CreateTruncating(0.37);
            var y0 = (T[])y.Clone();
            Kernels.Axpy(alpha, x, y);
            for (int i = 0; i < n; i++)
                Close(D(alpha) * D(x[i]) + D(y0[i]), D(y[i]), Tol<T>(), Math.Abs(D(alpha) * D(x[i])) + Math.Abs(D(y0[i])), $"Axpy n={n}");

            var s = new T[n];
            Kernels.Scale(alpha, x, s);
            var inPlace = (T[])x.Clone();
            Kernels.Scale(alpha, inPlace);
            for (int i = 0; i < n; i++)
            {
                Close(D(alpha) * D(x[i]), D(s[i]), Tol<T>(), Math.Abs(D(alpha) * D(x[i])), $"Scale n={n}");
                Assert.Equal(s[i], inPlace[i]);
            }

            var d = new T[n];
            Kernels.Subtract<T>(x, y, d);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] - y[i], d[i]);
        }
    }

    [Fact] public void Norms_Double() => NormCase<double>();
    [Fact] public void Norms_Float() => NormCase<float>();

    private static void NormCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(13);
        foreach (int n in Sizes(3))
        {
            var x = Vector<T>(rng, n);
            double n1 = 0, n2 = 0, ninf = 0;
            foreach (var v in x)
            {
                double d = D(v);
                n1 += Math.Abs(d);
                n2 += d * d;
                ninf = Math.Max(ninf, Math.Abs(d));
            }
            Close(n1, D(Kernels.Norm1<T>(x)), Tol<T>(), n1, $"Norm1 n={n}");
            Close(Math.Sqrt(n2), D(Kernels.Norm2<T>(x)), Tol<T>(), Math.Sqrt(n2), $"Norm2 n={n}");
            Assert.Equal(ninf, D(Kernels.NormInf<T>(x)));
        }
        Assert.Equal(T.Zero, Kernels.Norm1<T>(ReadOnlySpan<T>.Empty));
        Assert.Equal(T.Zero, Kernels.Norm2<T>(ReadOnlySpan<T>.Empty));
        Assert.Equal(T.Zero, Kernels.NormInf<T>(ReadOnlySpan<T>.Empty));
        var withNaN = new[] { T.One, T.NaN, -T.One };
        Assert.True(T.IsNaN(Kernels.NormInf<T>(withNaN)));
        Assert.True(T.IsNaN(Kernels.Norm1<T>(withNaN)));
        Assert.Equal(T.CreateTruncating(3.0), Kernels.NormInf<T>(new[] { T.One, -T.CreateTruncating(3.0), T.One }));
    }

    [Fact] public void Sign_Double() => SignCase<double>();
    [Fact] public void Sign_Float() => SignCase<float>();

    private static void SignCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(14);
        var specials = new[] { T.Zero, T.NegativeZero, T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Epsilon, -T.Epsilon, MaxFinite<T>(), -MaxFinite<T>() };
        foreach (int n in Sizes(4))
        {
            var x = Vector<T>(rng, n);
            for (int i = 0; i < n; i++)
                if (rng.Next(4) == 0) x[i] = specials[rng.Next(specials.Length)];
            var s = new T[n];
            Kernels.Sign<T>(x, s);
            for (int i = 0; i < n; i++)
            {
                T v = x[i];
                if (T.IsNaN(v)) Assert.True(T.IsNaN(s[i]));
                else if (v > T.Zero) Assert.Equal(T.One, s[i]);
                else if (v < T.Zero) Assert.Equal(-T.One, s[i]);
                else Assert.True(s[i] == T.Zero && !T.IsNegative(s[i]), $"sign({v}) should be +0");
            }
            // in place
            var y = (T[])x.Clone();
            Kernels.Sign<T>(y, y);
            for (int i = 0; i < n; i++) Assert.Equal(D(s[i]), D(y[i]));
        }
    }

    [Fact] public void AllFinite_Double() => AllFiniteCase<double>();
    [Fact] public void AllFinite_Float() => AllFiniteCase<float>();

    private static void AllFiniteCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(15);
        Assert.True(Kernels.AllFinite<T>(ReadOnlySpan<T>.Empty));
        foreach (int n in Sizes(5))
        {
            var x = Vector<T>(rng, n, 1e3);
            Assert.True(Kernels.AllFinite<T>(x));
            foreach (var bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
            {
                int at = rng.Next(n);
                var y = (T[])x.Clone();
                y[at] = bad;
                Assert.False(Kernels.AllFinite<T>(y), $"n={n} bad at {at}");
            }
            var big = (T[])x.Clone();
            big[rng.Next(n)] = MaxFinite<T>();
            Assert.True(Kernels.AllFinite<T>(big));
        }
    }

    private static T MaxFinite<T>() where T : IFloatingPointIeee754<T> =>
        T.CreateTruncating(typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue);

    [Fact] public void Gemv_Double() => GemvCase<double>();
    [Fact] public void Gemv_Float() => GemvCase<float>();

    private static void GemvCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(16);
        var sizes = Sizes(6, 10).ToArray();
        foreach (int rows in sizes.Where((_, k) => k % 3 == 0))
        foreach (int cols in sizes.Where((_, k) => k % 4 == 1).Append(1).Append(8).Append(100))
        {
            var A = Vector<T>(rng, rows * cols);
            var x = Vector<T>(rng, cols);
            var y0 = Vector<T>(rng, rows);
            var Ad = ToDouble(A);
            var xd = ToDouble(x);
            var want = NaiveGemv(Ad, rows, cols, xd);
            var scale = AbsGemv(Ad, rows, cols, xd);

            var y = new T[rows];
            Array.Fill(y, T.NaN); // beta-free form must not read y
            Kernels.Gemv<T>(A, rows, cols, x, y);
            for (int i = 0; i < rows; i++) Close(want[i], D(y[i]), Tol<T>(), scale[i], $"Gemv {rows}x{cols} row {i}");

            T beta = T.CreateTruncating(-0.75);
            var yb = (T[])y0.Clone();
            Kernels.Gemv<T>(A, rows, cols, x, yb, beta);
            for (int i = 0; i < rows; i++)
                Close(want[i] + D(beta) * D(y0[i]), D(yb[i]), Tol<T>(), scale[i] + Math.Abs(D(beta) * D(y0[i])), $"Gemv+beta {rows}x{cols}");

            var yz = new T[rows];
            Array.Fill(yz, T.NaN);
            Kernels.Gemv<T>(A, rows, cols, x, yz, T.Zero); // beta = 0: NaN in y ignored
            for (int i = 0; i < rows; i++) Assert.Equal(D(y[i]), D(yz[i]));

            var r = new T[rows];
            Kernels.Residual<T>(A, rows, cols, x, y0, r);
            for (int i = 0; i < rows; i++)
                Close(want[i] - D(y0[i]), D(r[i]), Tol<T>(), scale[i] + Math.Abs(D(y0[i])), $"Residual {rows}x{cols}");
            var rInPlace = (T[])y0.Clone();
            Kernels.Residual<T>(A, rows, cols, x, rInPlace, rInPlace);
            Assert.Equal(r, rInPlace);
        }
    }

    [Fact] public void GemvT_Double() => GemvTCase<double>();
    [Fact] public void GemvT_Float() => GemvTCase<float>();

    private static void GemvTCase<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(17);
        var sizes = Sizes(7, 10).ToArray();
        foreach (int rows in sizes.Where((_, k) => k % 4 == 0).Append(30))
        foreach (int cols in sizes.Where((_, k) => k % 3 == 1).Append(100).Append(1000))
        {
            var A = Vector<T>(rng, rows * cols);
            var x = Vector<T>(rng, rows);
            var y0 = Vector<T>(rng, cols);
            var At = Transpose(ToDouble(A), rows, cols);
            var xd = ToDouble(x);
            var want = NaiveGemv(At, cols, rows, xd);
            var scale = AbsGemv(At, cols, rows, xd);

            var y = new T[cols];
            Array.Fill(y, T.NaN);
            Kernels.GemvT<T>(A, rows, cols, x, y);
            for (int j = 0; j < cols; j++) Close(want[j], D(y[j]), Tol<T>(), scale[j], $"GemvT {rows}x{cols} col {j}");

            // documented order: a sequential FMA chain over rows, bit for bit
            var seq = new T[cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) seq[j] = T.FusedMultiplyAdd(A[i * cols + j], x[i], seq[j]);
            Assert.Equal(seq, y);

            T beta = T.CreateTruncating(2.5);
            var yb = (T[])y0.Clone();
            Kernels.GemvT<T>(A, rows, cols, x, yb, beta);
            for (int j = 0; j < cols; j++)
                Close(want[j] + D(beta) * D(y0[j]), D(yb[j]), Tol<T>(), scale[j] + Math.Abs(D(beta) * D(y0[j])), $"GemvT+beta {rows}x{cols}");
        }
    }

    [Fact]
    public void Gemv_LargeCols_100k()
    {
        var rng = new System.Random(18);
        const int rows = 5, cols = 100_003;
        var A = Vector<double>(rng, rows * cols);
        var x = Vector<double>(rng, cols);
        var y = new double[rows];
        Kernels.Gemv<double>(A, rows, cols, x, y);
        var want = NaiveGemv(A, rows, cols, x);
        var scale = AbsGemv(A, rows, cols, x);
        for (int i = 0; i < rows; i++) Close(want[i], y[i], 1e-12, scale[i], "Gemv 5x100003");

        var z = new double[cols];
        var xr = Vector<double>(rng, rows);
        Kernels.GemvT<double>(A, rows, cols, xr, z);
        var wantT = NaiveGemv(Transpose(A, rows, cols), cols, rows, xr);
        for (int j = 0; j < cols; j += 997) Close(wantT[j], z[j], 1e-12, 10, "GemvT 5x100003");
    }

    [Fact]
    public void EmptyShapes()
    {
        var y = new double[3];
        Array.Fill(y, 7);
        Kernels.Gemv<double>(ReadOnlySpan<double>.Empty, 3, 0, ReadOnlySpan<double>.Empty, y);
        Assert.All(y, v => Assert.Equal(0, v));
        var z = new double[4];
        Array.Fill(z, 7);
        Kernels.GemvT<double>(ReadOnlySpan<double>.Empty, 0, 4, ReadOnlySpan<double>.Empty, z);
        Assert.All(z, v => Assert.Equal(0, v));
        Kernels.Gemv<double>(ReadOnlySpan<double>.Empty, 0, 0, ReadOnlySpan<double>.Empty, Span<double>.Empty);
    }

    [Fact]
    public void ShapeAndAliasingErrors()
    {
        var A = new double[6];
        Assert.Throws<ArgumentException>(() => Kernels.Gemv<double>(A, 2, 2, new double[2], new double[2]));
        Assert.Throws<ArgumentException>(() => Kernels.Gemv<double>(A, 2, 3, new double[2], new double[2]));
        Assert.Throws<ArgumentException>(() => Kernels.Gemv<double>(A, 2, 3, new double[3], new double[3]));
        var buf = new double[10];
        Assert.Throws<ArgumentException>(() => Kernels.Gemv<double>(A, 2, 3, buf.AsSpan(0, 3), buf.AsSpan(2, 2)));
        Assert.Throws<ArgumentException>(() => Kernels.Dot<double>(new double[2], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.Gemv<double>(A, -1, 3, new double[3], new double[0]));
    }

    [Fact]
    public void Half_IsRejected() =>
        Assert.Throws<NotSupportedException>(() => Kernels.Sign<Half>(new Half[3], new Half[3]));

    [Fact]
    public void PortableFallback_MatchesSimd()
    {
        // The scalar fallback (used without AVX-512) against the SIMD kernels.
        var rng = new System.Random(19);
        foreach (var (rows, cols) in new[] { (1, 1), (7, 9), (30, 100), (33, 17) })
        {
            var A = Vector<double>(rng, rows * cols);
            var x = Vector<double>(rng, cols);
            var b = Vector<double>(rng, rows);
            var p = new double[rows];
            Grokking.Numerics.Portable.Rows<double>(A, rows, cols, x, p, b, -1.0, true);
            var s = new double[rows];
            Kernels.Residual<double>(A, rows, cols, x, b, s);
            var scale = AbsGemv(A, rows, cols, x);
            for (int i = 0; i < rows; i++) Close(s[i], p[i], 1e-12, scale[i] + Math.Abs(b[i]), "portable rows");

            var xr = Vector<double>(rng, rows);
            var pt = new double[cols];
            Grokking.Numerics.Portable.ColumnSums<double>(A, rows, cols, xr, pt);
            var st = new double[cols];
            Kernels.GemvT<double>(A, rows, cols, xr, st);
            Assert.Equal(st, pt); // same sequential FMA order
        }
    }

    [Fact]
    public void Kernels_DoNotAllocate()
    {
        var rng = new System.Random(20);
        var A = Vector<double>(rng, 30 * 100);
        var x = Vector<double>(rng, 100);
        var r = Vector<double>(rng, 30);
        var y = new double[30];
        var z = new double[100];
        var s = new double[100];
        var af = Vector<float>(rng, 30 * 100);
        var xf = Vector<float>(rng, 100);
        var yf = new float[30];
        void Body()
        {
            Kernels.Gemv<double>(A, 30, 100, x, y);
            Kernels.Gemv<double>(A, 30, 100, x, y, 0.5);
            Kernels.GemvT<double>(A, 30, 100, r, z);
            Kernels.GemvT<double>(A, 30, 100, r, z, 0.5);
            Kernels.Residual<double>(A, 30, 100, x, r, y);
            Kernels.Sign<double>(x, s);
            Kernels.Axpy(0.1, x, z);
            _ = Kernels.Dot<double>(x, z) + Kernels.Norm1<double>(x) + Kernels.Norm2<double>(x) + Kernels.NormInf<double>(x);
            _ = Kernels.AllFinite<double>(x);
            Kernels.Gemv<float>(af, 30, 100, xf, yf);
        }
        Allocations.AssertNone(() => { for (int k = 0; k < 1000; k++) Body(); });
    }

    [Fact]
    public void Sign_Property_FsCheck()
    {
        // FsCheck property: Sign agrees with Math.Sign element-wise (NaN -> NaN) for arbitrary double arrays.
        Prop.ForAll(ArbMap.Default.ArbFor<double[]>(), (double[] xs) =>
        {
            var s = new double[xs.Length];
            Kernels.Sign<double>(xs, s);
            for (int i = 0; i < xs.Length; i++)
            {
                bool ok = double.IsNaN(xs[i]) ? double.IsNaN(s[i]) : s[i] == Math.Sign(xs[i]);
                if (!ok) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
