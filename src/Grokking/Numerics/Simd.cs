using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grokking.Numerics;

/// <summary>
/// Low-level AVX-512 helpers shared by the hand-written kernels. Everything here is generic over
/// <c>T</c> = <see cref="float"/> or <see cref="double"/>; the <c>typeof(T)</c> tests are JIT-time constants,
/// so each instantiation compiles to straight-line intrinsics.
/// </summary>
/// <remarks>
/// The hand-written paths are gated on <see cref="Avx512F.IsSupported"/> rather than
/// <see cref="Vector512.IsHardwareAccelerated"/>: on some Intel parts the runtime reports 512-bit vectors as
/// "not preferred" while the instructions are available and fast enough for FMA-bound kernels.
/// Without AVX-512 the kernels fall back to <see cref="Portable"/> (scalar, same semantics, slower).
/// </remarks>
internal static unsafe class Simd
{
    internal static bool Enabled => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckType<T>()
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            ThrowType<T>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowType<T>() =>
        throw new NotSupportedException($"Numerics kernels support float and double, not {typeof(T).Name}.");

    /// <summary>a * b + c with a single rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    /// <summary>Lanes [0, count) all-ones, the rest zero (count clamped to [0, lanes]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> PrefixMask<T>(int count)
    {
        if (typeof(T) == typeof(double))
            return Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
        return Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();
    }

    /// <summary>Masked load: lanes outside <paramref name="mask"/> read as +0 and their memory is not touched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> MaskLoad<T>(T* p, Vector512<T> mask) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Avx512F.MaskLoad((double*)p, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
        return Avx512F.MaskLoad((float*)p, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
    }

    /// <summary>Masked store: only lanes in <paramref name="mask"/> are written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MaskStore<T>(T* p, Vector512<T> mask, Vector512<T> value) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            Avx512F.MaskStore((double*)p, mask.AsDouble(), value.AsDouble());
        else
            Avx512F.MaskStore((float*)p, mask.AsSingle(), value.AsSingle());
    }

    /// <summary>
    /// <c>scale * sign(a)</c> with sign(±0) = 0, for any sign of <paramref name="scale"/>; NaN lanes give ±scale
    /// (callers that need NaN propagation add <c>a</c> itself elsewhere, as the subgradient step does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> ScaledSign<T>(Vector512<T> a, Vector512<T> scale, Vector512<T> negZero)
        where T : IFloatingPointIeee754<T>
    {
        var s = (a & negZero) ^ scale;
        return Vector512.AndNot(s, Vector512.Equals(a, Vector512<T>.Zero));
    }

    /// <summary>
    /// Horizontal sums of eight vectors: lane k of the result is the sum of all lanes of <c>vk</c> (lanes 8..15
    /// of a float result are unspecified). Fixed summation tree: pairs of adjacent lanes first, then 128-bit
    /// blocks (0+1), (2+3), then the two 256-bit halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Reduce8<T>(
        Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3,
        Vector512<T> v4, Vector512<T> v5, Vector512<T> v6, Vector512<T> v7)
        where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            // level A: 64-bit interleave of pairs -> each 128-bit block holds (vi, vj) partials
            var s01 = UnpackLo64(v0, v1) + UnpackHi64(v0, v1);
            var s23 = UnpackLo64(v2, v3) + UnpackHi64(v2, v3);
            var s45 = UnpackLo64(v4, v5) + UnpackHi64(v4, v5);
            var s67 = UnpackLo64(v6, v7) + UnpackHi64(v6, v7);
            // level B: [x.L0+x.L1, x.L2+x.L3, y.L0+y.L1, y.L2+y.L3]
            var w0 = Blocks02(s01, s23) + Blocks13(s01, s23);
            var w1 = Blocks02(s45, s67) + Blocks13(s45, s67);
            // level C
            return Blocks02(w0, w1) + Blocks13(w0, w1);
        }
        else
        {
            // level 0: 32-bit interleave of pairs -> 64-bit units hold (vi, vj) partials
            var p01 = UnpackLo32(v0, v1) + UnpackHi32(v0, v1);
            var p23 = UnpackLo32(v2, v3) + UnpackHi32(v2, v3);
            var p45 = UnpackLo32(v4, v5) + UnpackHi32(v4, v5);
            var p67 = UnpackLo32(v6, v7) + UnpackHi32(v6, v7);
            // level A: each 128-bit block holds (v0..v3) or (v4..v7) partials
            var q0 = UnpackLo64(p01, p23) + UnpackHi64(p01, p23);
            var q1 = UnpackLo64(p45, p67) + UnpackHi64(p45, p67);
            // level B: [(0..3) L0+L1, (0..3) L2+L3, (4..7) L0+L1, (4..7) L2+L3]
            var w = Blocks02(q0, q1) + Blocks13(q0, q1);
            // level C: lanes 0..7 = totals of v0..v7
            return Blocks02(w, w) + Blocks13(w, w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> UnpackLo64<T>(Vector512<T> a, Vector512<T> b) =>
        Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> UnpackHi64<T>(Vector512<T> a, Vector512<T> b) =>
        Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> UnpackLo32<T>(Vector512<T> a, Vector512<T> b) =>
        Avx512F.UnpackLow(a.AsSingle(), b.AsSingle()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> UnpackHi32<T>(Vector512<T> a, Vector512<T> b) =>
        Avx512F.UnpackHigh(a.AsSingle(), b.AsSingle()).As<float, T>();

    /// <summary>[a.L0, a.L2, b.L0, b.L2] in 128-bit blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Blocks02<T>(Vector512<T> a, Vector512<T> b) =>
        Avx512F.Shuffle4x128(a.AsDouble(), b.AsDouble(), 0b10_00_10_00).As<double, T>();

    /// <summary>[a.L1, a.L3, b.L1, b.L3] in 128-bit blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Blocks13<T>(Vector512<T> a, Vector512<T> b) =>
        Avx512F.Shuffle4x128(a.AsDouble(), b.AsDouble(), 0b11_01_11_01).As<double, T>();
}

/// <summary>Compile-time integer constants for specialising kernels through generic struct arguments.</summary>
internal interface IConstInt { static abstract int Value { get; } }
internal readonly struct C1 : IConstInt { public static int Value => 1; }
internal readonly struct C2 : IConstInt { public static int Value => 2; }
internal readonly struct C3 : IConstInt { public static int Value => 3; }
internal readonly struct C4 : IConstInt { public static int Value => 4; }
internal readonly struct C5 : IConstInt { public static int Value => 5; }
internal readonly struct C6 : IConstInt { public static int Value => 6; }
internal readonly struct C7 : IConstInt { public static int Value => 7; }
internal readonly struct C8 : IConstInt { public static int Value => 8; }
internal readonly struct C9 : IConstInt { public static int Value => 9; }
internal readonly struct C10 : IConstInt { public static int Value => 10; }
internal readonly struct C11 : IConstInt { public static int Value => 11; }
internal readonly struct C12 : IConstInt { public static int Value => 12; }
internal readonly struct C13 : IConstInt { public static int Value => 13; }
internal readonly struct C14 : IConstInt { public static int Value => 14; }
internal readonly struct C15 : IConstInt { public static int Value => 15; }
internal readonly struct C16 : IConstInt { public static int Value => 16; }
