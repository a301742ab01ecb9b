using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// Column kernels of the small-matrix SVD: columns are stored with a padded length (a multiple of
/// <see cref="Lanes"/>) whose padding is kept at zero, so every kernel runs whole 256-bit vectors with no
/// remainder loop. 256 rather than 512 bits because the matrices of the paper are 10 x 10: a column pads to 12
/// (3 vectors, 17 % waste) instead of 16 (37 % waste), and on AMD Zen 4 a 512-bit operation costs two 256-bit
/// ones. Without hardware acceleration <see cref="Vector256{T}"/> falls back to software with the same results.
/// </summary>
internal static class SvdColumns
{
    public const int Lanes = 4;

    /// <summary>The padded length of a column of <paramref name="length"/> entries.</summary>
    public static int Pad(int length) => (length + Lanes - 1) / Lanes * Lanes;

    /// <summary>Lanes of the 512-bit kernels (<see cref="Dot512"/>, <see cref="Rotate512"/>): for the networks' 64 x 97
    /// matrices, where a column pads from 97 to 104 either way and Zen 5 runs 512-bit FMAs at full rate.</summary>
    public const int WideLanes = 8;

    /// <summary>The padded length for the 512-bit kernels.</summary>
    public static int PadWide(int length) => (length + WideLanes - 1) / WideLanes * WideLanes;

    /// <summary><see cref="Dot"/> on 512-bit vectors with two accumulators (the FMA latency chain halves again);
    /// <paramref name="len"/> a multiple of <see cref="WideLanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot512(Span<double> data, int x, int y, int len)
    {
        ref double r = ref MemoryMarshal.GetReference(data);
        var acc0 = Vector512<double>.Zero;
        var acc1 = Vector512<double>.Zero;
        int i = 0;
        for (; i + 2 * WideLanes <= len; i += 2 * WideLanes)
        {
            acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, (nuint)(x + i)), Vector512.LoadUnsafe(ref r, (nuint)(y + i)), acc0);
            acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, (nuint)(x + i + WideLanes)),
                Vector512.LoadUnsafe(ref r, (nuint)(y + i + WideLanes)), acc1);
        }
        if (i < len) acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, (nuint)(x + i)), Vector512.LoadUnsafe(ref r, (nuint)(y + i)), acc0);
        return Vector512.Sum(acc0 + acc1);
    }

    /// <summary><see cref="Axpy"/> on 512-bit vectors; <paramref name="len"/> a multiple of <see cref="WideLanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy512(double alpha, Span<double> src, int s, Span<double> dst, int d, int len)
    {
        ref double rs = ref MemoryMarshal.GetReference(src);
        ref double rd = ref MemoryMarshal.GetReference(dst);
        var va = Vector512.Create(alpha);
        for (int i = 0; i < len; i += WideLanes)
            Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref rs, (nuint)(s + i)), Vector512.LoadUnsafe(ref rd, (nuint)(d + i)))
                .StoreUnsafe(ref rd, (nuint)(d + i));
    }

    /// <summary><see cref="Rotate"/> on 512-bit vectors; <paramref name="len"/> a multiple of <see cref="WideLanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Rotate512(Span<double> data, int x, int y, double c, double s, int len)
    {
        ref double r = ref MemoryMarshal.GetReference(data);
        var vc = Vector512.Create(c);
        var vs = Vector512.Create(s);
        for (int i = 0; i < len; i += WideLanes)
        {
            var a = Vector512.LoadUnsafe(ref r, (nuint)(x + i));
            var b = Vector512.LoadUnsafe(ref r, (nuint)(y + i));
            Vector512.FusedMultiplyAdd(vc, a, -(vs * b)).StoreUnsafe(ref r, (nuint)(x + i));
            Vector512.FusedMultiplyAdd(vs, a, vc * b).StoreUnsafe(ref r, (nuint)(y + i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(Span<double> data, int x, int y, int len)
    {
        ref double r = ref MemoryMarshal.GetReference(data);
        var acc = Vector256<double>.Zero;
        for (int i = 0; i < len; i += Lanes)
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r, (nuint)(x + i)), Vector256.LoadUnsafe(ref r, (nuint)(y + i)), acc);
        return Vector256.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Norm2Squared(Span<double> data, int x, int len) => Dot(data, x, x, len);

    /// <summary>(x, y) &lt;- (c x - s y, s x + c y) on two columns of the same buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Rotate(Span<double> data, int x, int y, double c, double s, int len)
    {
        ref double r = ref MemoryMarshal.GetReference(data);
        var vc = Vector256.Create(c);
        var vs = Vector256.Create(s);
        for (int i = 0; i < len; i += Lanes)
        {
            var a = Vector256.LoadUnsafe(ref r, (nuint)(x + i));
            var b = Vector256.LoadUnsafe(ref r, (nuint)(y + i));
            Vector256.FusedMultiplyAdd(vc, a, -(vs * b)).StoreUnsafe(ref r, (nuint)(x + i));
            Vector256.FusedMultiplyAdd(vs, a, vc * b).StoreUnsafe(ref r, (nuint)(y + i));
        }
    }

    /// <summary>dst[d..d+len) += alpha * src[s..s+len) (distinct buffers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double alpha, Span<double> src, int s, Span<double> dst, int d, int len)
    {
        ref double rs = ref MemoryMarshal.GetReference(src);
        ref double rd = ref MemoryMarshal.GetReference(dst);
        var va = Vector256.Create(alpha);
        for (int i = 0; i < len; i += Lanes)
            Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rs, (nuint)(s + i)), Vector256.LoadUnsafe(ref rd, (nuint)(d + i)))
                .StoreUnsafe(ref rd, (nuint)(d + i));
    }

    /// <summary>dst[d..d+len) = alpha * src[s..s+len).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(double alpha, Span<double> src, int s, Span<double> dst, int d, int len)
    {
        ref double rs = ref MemoryMarshal.GetReference(src);
        ref double rd = ref MemoryMarshal.GetReference(dst);
        var va = Vector256.Create(alpha);
        for (int i = 0; i < len; i += Lanes)
            (va * Vector256.LoadUnsafe(ref rs, (nuint)(s + i))).StoreUnsafe(ref rd, (nuint)(d + i));
    }
}
