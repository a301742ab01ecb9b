using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// Allocation-free dense kernels on spans for <see cref="float"/> and <see cref="double"/>.
/// Matrices are row-major and contiguous (<c>A[i, j] = A[i * cols + j]</c>).
/// Sizes are checked exactly (vectors must have exactly the length the shape implies); outputs must not
/// overlap inputs unless stated.
/// </summary>
/// <remarks>
/// Element-wise kernels and plain reductions delegate to <see cref="TensorPrimitives"/>, which is already
/// optimal for them. GEMV / GEMV^T are hand-written AVX-512 (FMA, 8 independent accumulators, masked tails,
/// no bounds checks); without AVX-512 they fall back to simpler <c>Vector&lt;T&gt;</c> loops (see <c>Fallback</c>).
/// Summation orders are fixed (see <see cref="GemvCore"/>), so results are bit-reproducible from run to run on
/// the same code path.
/// </remarks>
public static class Kernels
{
    /// <summary>sum_i x_i y_i.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(x.Length, y.Length, nameof(y));
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>y += alpha * x (fused multiply-add per element).</summary>
    public static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(x.Length, y.Length, nameof(y));
        TensorPrimitives.FusedMultiplyAdd(x, alpha, y, y);
    }

    /// <summary>x *= alpha in place.</summary>
    public static void Scale<T>(T alpha, Span<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Multiply(x, alpha, x);

    /// <summary>dst = alpha * x.</summary>
    public static void Scale<T>(T alpha, ReadOnlySpan<T> x, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(x.Length, dst.Length, nameof(dst));
        TensorPrimitives.Multiply(x, alpha, dst);
    }

    /// <summary>dst = x - y (dst may be x or y itself).</summary>
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(x.Length, y.Length, nameof(y));
        SameLength(x.Length, dst.Length, nameof(dst));
        TensorPrimitives.Subtract(x, y, dst);
    }

    /// <summary>sum_i |x_i| (0 for an empty span; NaN if any element is NaN).</summary>
    public static T Norm1<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.IsEmpty ? T.Zero : TensorPrimitives.SumOfMagnitudes(x);

    /// <summary>
    /// sqrt(sum_i x_i^2), computed as a plain (vectorised) sum of squares: no rescaling, so it overflows to +inf
    /// once the sum of squares exceeds the type's range (|x| ≳ 1e154 for double, 1e19 for float) and loses
    /// subnormal contributions. That is ample for the lab's parameters and errors; use a scaled norm elsewhere.
    /// </summary>
    public static T Norm2<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.IsEmpty ? T.Zero : TensorPrimitives.Norm(x);

    /// <summary>max_i |x_i| (0 for an empty span; NaN if any element is NaN, like numpy's norm(x, inf)).</summary>
    public static T NormInf<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.IsEmpty ? T.Zero : T.Abs(TensorPrimitives.MaxMagnitude(x));

    /// <summary>
    /// dst_i = sign(x_i) with numpy's conventions: +1, -1, sign(±0) = +0, sign(NaN) = NaN (the same NaN),
    /// sign(±inf) = ±1. dst may be x itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Sign<T>(ReadOnlySpan<T> x, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.CheckType<T>();
        SameLength(x.Length, dst.Length, nameof(dst));
        int n = x.Length;
        if (Simd.Enabled)
        {
            fixed (T* px = x)
            fixed (T* pd = dst)
            {
                int W = Vector512<T>.Count;
                var one = Vector512.Create(T.One);
                var nz = Vector512.Create(T.NegativeZero);
                for (int i = 0; i < n; i += W)
                {
                    var m = Simd.PrefixMask<T>(n - i);
                    var v = Simd.MaskLoad(px + i, m);
                    var s = Simd.ScaledSign(v, one, nz);
                    s = Vector512.ConditionalSelect(Vector512.Equals(v, v), s, v);
                    Simd.MaskStore(pd + i, m, s);
                }
            }
            return;
        }
        for (int i = 0; i < n; i++)
        {
            T v = x[i];
            dst[i] = T.IsNaN(v) ? v : (v > T.Zero ? T.One : (v < T.Zero ? -T.One : T.Zero));
        }
    }

    /// <summary>True when no element is NaN or ±inf (true for an empty span).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.CheckType<T>();
        int n = x.Length;
        if (Simd.Enabled)
        {
            fixed (T* px = x)
            {
                int W = Vector512<T>.Count;
                // v - v is +0 for finite v and NaN for NaN/inf; NaN is sticky under addition.
                var acc0 = Vector512<T>.Zero;
                var acc1 = Vector512<T>.Zero;
                int i = 0;
                for (; i + 2 * W <= n; i += 2 * W)
                {
                    var v0 = Vector512.Load(px + i);
                    var v1 = Vector512.Load(px + i + W);
                    acc0 += v0 - v0;
                    acc1 += v1 - v1;
                }
                for (; i < n; i += W)
                {
                    var v = Simd.MaskLoad(px + i, Simd.PrefixMask<T>(n - i));
                    acc0 += v - v;
                }
                return Vector512.EqualsAll(acc0 + acc1, Vector512<T>.Zero);
            }
        }
        for (int i = 0; i < n; i++)
            if (!T.IsFinite(x[i])) return false;
        return true;
    }

    /// <summary>y = A x, A row-major rows x cols.</summary>
    public static void Gemv<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemvImpl(A, rows, cols, x, y, default, T.Zero, false);

    /// <summary>
    /// y = A x + beta y. With beta = 0 the old y is not read (BLAS convention: NaN/garbage in y is ignored).
    /// </summary>
    public static void Gemv<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemvImpl(A, rows, cols, x, y, y, beta, beta != T.Zero);

    /// <summary>r = A x - b (the residual of a linear model; one exactly rounded subtraction per row).</summary>
    public static void Residual<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, ReadOnlySpan<T> b, Span<T> r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SameLength(rows, b.Length, nameof(b));
        if (b.Overlaps(r) && !Unsafe.AreSame(ref Unsafe.AsRef(in b[0]), ref r[0]))
            throw new ArgumentException("b and r must be the same span or not overlap.", nameof(r));
        GemvImpl(A, rows, cols, x, r, b, -T.One, true);
    }

    /// <summary>y = A^T x (x has length rows, y length cols), streaming A row by row.</summary>
    public static void GemvT<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemvTImpl(A, rows, cols, x, y, T.Zero);

    /// <summary>y = A^T x + beta y (beta = 0: the old y is not read).</summary>
    public static void GemvT<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemvTImpl(A, rows, cols, x, y, beta);

    private static unsafe void GemvImpl<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> bias, T biasScale, bool hasBias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.CheckType<T>();
        CheckMatrix(A.Length, rows, cols);
        SameLength(cols, x.Length, nameof(x));
        SameLength(rows, y.Length, nameof(y));
        NoOverlap(A, y, nameof(y));
        NoOverlap(x, y, nameof(y));
        if (rows == 0) return;
        fixed (T* pA = A)
        fixed (T* px = x)
        fixed (T* py = y)
        fixed (T* pb = bias)
        {
            if (Simd.Enabled)
                GemvCore.Rows(pA, rows, cols, cols, px, py, hasBias ? pb : null, biasScale);
            else
                Fallback.Rows(pA, rows, cols, cols, px, py, hasBias ? pb : null, biasScale);
        }
    }

    private static unsafe void GemvTImpl<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.CheckType<T>();
        CheckMatrix(A.Length, rows, cols);
        SameLength(rows, x.Length, nameof(x));
        SameLength(cols, y.Length, nameof(y));
        NoOverlap(A, y, nameof(y));
        NoOverlap(x, y, nameof(y));
        if (cols == 0) return;
        fixed (T* pA = A)
        fixed (T* px = x)
        fixed (T* py = y)
        {
            if (!Simd.Enabled)
            {
                var sep = new ScalarStoreEpilogue<T>(py, beta, beta != T.Zero);
                Fallback.ColumnSums(pA, rows, cols, cols, px, ref sep);
            }
            else if (beta == T.Zero)
            {
                var ep = new GemvCore.StoreEpilogue<T>(py);
                GemvCore.ColumnBlocks(pA, rows, cols, cols, px, ref ep);
            }
            else
            {
                var ep = new GemvCore.AccumulateEpilogue<T>(py, beta);
                GemvCore.ColumnBlocks(pA, rows, cols, cols, px, ref ep);
            }
        }
    }

    internal static void CheckMatrix(int length, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if ((long)rows * cols != length)
            throw new ArgumentException($"Matrix span has length {length}, expected rows*cols = {(long)rows * cols}.");
    }

    internal static void SameLength(int expected, int actual, string name)
    {
        if (expected != actual)
            throw new ArgumentException($"Span '{name}' has length {actual}, expected {expected}.", name);
    }

    internal static void NoOverlap<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string name)
    {
        if (input.Overlaps(output))
            throw new ArgumentException($"Output '{name}' must not overlap an input.", name);
    }
}
