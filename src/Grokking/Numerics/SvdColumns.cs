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
