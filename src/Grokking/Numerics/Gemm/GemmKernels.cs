using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// The micro-kernels of <see cref="Gemm"/>: one MR x NR tile of C from an A micro-panel (MR contiguous values per
/// k, the next k <c>ak</c> floats on) and a B micro-panel (NR contiguous values per k, <c>bk</c> floats apart),
/// <c>C = alpha A B + beta C</c> over kc steps. Packed panels have ak = MR, bk = NR; an operand whose rows or columns
/// are already contiguous in that direction is read in place with its leading dimension as the stride.
/// The accumulators live in registers for the whole k loop; A values are broadcast from memory (folded into the FMA
/// as an embedded broadcast on AVX-512), so each k costs NR/lanes loads of B plus MR broadcasts per 2 MR FMAs.
/// A tile cut by the edge of C (mr &lt; MR or nr &lt; NR) is written to <c>tile</c> first and merged element by element:
/// the packed panels are zero-padded, so the arithmetic is the same and only the store differs.
/// </summary>
internal static unsafe class GemmKernels
{
    /// <summary>8 x 32 tile on Vector512: 16 accumulators + 2 B vectors, A broadcast from memory (32 zmm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile512x8(int kc, float* a, nint ak, float* b, nint bk, float* c, nint ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += ak;
            b += bk;
        }
        bool full = mr == 8 && nr == 32;
        float* t = full ? c : tile;
        nint ld = full ? ldc : 32;
        float tb = full ? beta : 0f;
        Store512(t + 0 * ld, c00, c01, alpha, tb);
        Store512(t + 1 * ld, c10, c11, alpha, tb);
        Store512(t + 2 * ld, c20, c21, alpha, tb);
        Store512(t + 3 * ld, c30, c31, alpha, tb);
        Store512(t + 4 * ld, c40, c41, alpha, tb);
        Store512(t + 5 * ld, c50, c51, alpha, tb);
        Store512(t + 6 * ld, c60, c61, alpha, tb);
        Store512(t + 7 * ld, c70, c71, alpha, tb);
        if (!full) MergeTile(tile, 32, c, ldc, mr, nr, beta);
    }

    /// <summary>12 x 32 tile on Vector512: 24 accumulators + 2 B vectors, A broadcast from memory (32 zmm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile512x12(int kc, float* a, nint ak, float* b, nint bk, float* c, nint ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(a[8]); c80 = Vector512.FusedMultiplyAdd(a8, b0, c80); c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(a[9]); c90 = Vector512.FusedMultiplyAdd(a9, b0, c90); c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(a[10]); c100 = Vector512.FusedMultiplyAdd(a10, b0, c100); c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(a[11]); c110 = Vector512.FusedMultiplyAdd(a11, b0, c110); c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            a += ak;
            b += bk;
        }
        bool full = mr == 12 && nr == 32;
        float* t = full ? c : tile;
        nint ld = full ? ldc : 32;
        float tb = full ? beta : 0f;
        Store512(t + 0 * ld, c00, c01, alpha, tb);
        Store512(t + 1 * ld, c10, c11, alpha, tb);
        Store512(t + 2 * ld, c20, c21, alpha, tb);
        Store512(t + 3 * ld, c30, c31, alpha, tb);
        Store512(t + 4 * ld, c40, c41, alpha, tb);
        Store512(t + 5 * ld, c50, c51, alpha, tb);
        Store512(t + 6 * ld, c60, c61, alpha, tb);
        Store512(t + 7 * ld, c70, c71, alpha, tb);
        Store512(t + 8 * ld, c80, c81, alpha, tb);
        Store512(t + 9 * ld, c90, c91, alpha, tb);
        Store512(t + 10 * ld, c100, c101, alpha, tb);
        Store512(t + 11 * ld, c110, c111, alpha, tb);
        if (!full) MergeTile(tile, 32, c, ldc, mr, nr, beta);
    }

    /// <summary>14 x 32 tile on Vector512: 28 accumulators + 2 B vectors, A broadcast from memory (32 zmm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile512x14(int kc, float* a, nint ak, float* b, nint bk, float* c, nint ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        Vector512<float> c120 = default, c121 = default;
        Vector512<float> c130 = default, c131 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(a[8]); c80 = Vector512.FusedMultiplyAdd(a8, b0, c80); c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(a[9]); c90 = Vector512.FusedMultiplyAdd(a9, b0, c90); c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(a[10]); c100 = Vector512.FusedMultiplyAdd(a10, b0, c100); c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(a[11]); c110 = Vector512.FusedMultiplyAdd(a11, b0, c110); c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            var a12 = Vector512.Create(a[12]); c120 = Vector512.FusedMultiplyAdd(a12, b0, c120); c121 = Vector512.FusedMultiplyAdd(a12, b1, c121);
            var a13 = Vector512.Create(a[13]); c130 = Vector512.FusedMultiplyAdd(a13, b0, c130); c131 = Vector512.FusedMultiplyAdd(a13, b1, c131);
            a += ak;
            b += bk;
        }
        bool full = mr == 14 && nr == 32;
        float* t = full ? c : tile;
        nint ld = full ? ldc : 32;
        float tb = full ? beta : 0f;
        Store512(t + 0 * ld, c00, c01, alpha, tb);
        Store512(t + 1 * ld, c10, c11, alpha, tb);
        Store512(t + 2 * ld, c20, c21, alpha, tb);
        Store512(t + 3 * ld, c30, c31, alpha, tb);
        Store512(t + 4 * ld, c40, c41, alpha, tb);
        Store512(t + 5 * ld, c50, c51, alpha, tb);
        Store512(t + 6 * ld, c60, c61, alpha, tb);
        Store512(t + 7 * ld, c70, c71, alpha, tb);
        Store512(t + 8 * ld, c80, c81, alpha, tb);
        Store512(t + 9 * ld, c90, c91, alpha, tb);
        Store512(t + 10 * ld, c100, c101, alpha, tb);
        Store512(t + 11 * ld, c110, c111, alpha, tb);
        Store512(t + 12 * ld, c120, c121, alpha, tb);
        Store512(t + 13 * ld, c130, c131, alpha, tb);
        if (!full) MergeTile(tile, 32, c, ldc, mr, nr, beta);
    }

    /// <summary>
    /// 14 x 32 tile on Vector512 reading A where it is stored (rows of op(A) contiguous, <paramref name="rsA"/> elements apart)
    /// instead of from a packed panel: packing a row-major A costs a strided copy as long as a short product itself.
    /// Five row pointers (rows 0, 3, 6, 9, 12) reach the others as [p + rs] and [p + 2 rs] address modes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile512x14Direct(int kc, float* a, nint rsA, float* b, nint bk, float* c, nint ldc, float alpha, float beta, int nr, float* tile)
    {
        nint rs = rsA * sizeof(float);
        byte* a0 = (byte*)a, a3 = a0 + 3 * rs, a6 = a0 + 6 * rs, a9 = a0 + 9 * rs, a12 = a0 + 12 * rs;
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        Vector512<float> c120 = default, c121 = default;
        Vector512<float> c130 = default, c131 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x0 = Vector512.Create(*(float*)a0); c00 = Vector512.FusedMultiplyAdd(x0, b0, c00); c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
            var x1 = Vector512.Create(*(float*)(a0 + rs)); c10 = Vector512.FusedMultiplyAdd(x1, b0, c10); c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
            var x2 = Vector512.Create(*(float*)(a0 + 2 * rs)); c20 = Vector512.FusedMultiplyAdd(x2, b0, c20); c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
            var x3 = Vector512.Create(*(float*)a3); c30 = Vector512.FusedMultiplyAdd(x3, b0, c30); c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
            var x4 = Vector512.Create(*(float*)(a3 + rs)); c40 = Vector512.FusedMultiplyAdd(x4, b0, c40); c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
            var x5 = Vector512.Create(*(float*)(a3 + 2 * rs)); c50 = Vector512.FusedMultiplyAdd(x5, b0, c50); c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
            var x6 = Vector512.Create(*(float*)a6); c60 = Vector512.FusedMultiplyAdd(x6, b0, c60); c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
            var x7 = Vector512.Create(*(float*)(a6 + rs)); c70 = Vector512.FusedMultiplyAdd(x7, b0, c70); c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
            var x8 = Vector512.Create(*(float*)(a6 + 2 * rs)); c80 = Vector512.FusedMultiplyAdd(x8, b0, c80); c81 = Vector512.FusedMultiplyAdd(x8, b1, c81);
            var x9 = Vector512.Create(*(float*)a9); c90 = Vector512.FusedMultiplyAdd(x9, b0, c90); c91 = Vector512.FusedMultiplyAdd(x9, b1, c91);
            var x10 = Vector512.Create(*(float*)(a9 + rs)); c100 = Vector512.FusedMultiplyAdd(x10, b0, c100); c101 = Vector512.FusedMultiplyAdd(x10, b1, c101);
            var x11 = Vector512.Create(*(float*)(a9 + 2 * rs)); c110 = Vector512.FusedMultiplyAdd(x11, b0, c110); c111 = Vector512.FusedMultiplyAdd(x11, b1, c111);
            var x12 = Vector512.Create(*(float*)a12); c120 = Vector512.FusedMultiplyAdd(x12, b0, c120); c121 = Vector512.FusedMultiplyAdd(x12, b1, c121);
            var x13 = Vector512.Create(*(float*)(a12 + rs)); c130 = Vector512.FusedMultiplyAdd(x13, b0, c130); c131 = Vector512.FusedMultiplyAdd(x13, b1, c131);
            a0 += sizeof(float); a3 += sizeof(float); a6 += sizeof(float); a9 += sizeof(float); a12 += sizeof(float);
            b += bk;
        }
        bool full = nr == 32;
        float* t = full ? c : tile;
        nint ld = full ? ldc : 32;
        float tb = full ? beta : 0f;
        Store512(t + 0 * ld, c00, c01, alpha, tb);
        Store512(t + 1 * ld, c10, c11, alpha, tb);
        Store512(t + 2 * ld, c20, c21, alpha, tb);
        Store512(t + 3 * ld, c30, c31, alpha, tb);
        Store512(t + 4 * ld, c40, c41, alpha, tb);
        Store512(t + 5 * ld, c50, c51, alpha, tb);
        Store512(t + 6 * ld, c60, c61, alpha, tb);
        Store512(t + 7 * ld, c70, c71, alpha, tb);
        Store512(t + 8 * ld, c80, c81, alpha, tb);
        Store512(t + 9 * ld, c90, c91, alpha, tb);
        Store512(t + 10 * ld, c100, c101, alpha, tb);
        Store512(t + 11 * ld, c110, c111, alpha, tb);
        Store512(t + 12 * ld, c120, c121, alpha, tb);
        Store512(t + 13 * ld, c130, c131, alpha, tb);
        if (!full) MergeTile(tile, 32, c, ldc, 14, nr, beta);
    }

    /// <summary>6 x 16 tile on Vector256: 12 accumulators + 2 B vectors + 1 broadcast (16 ymm on AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile256x6(int kc, float* a, nint ak, float* b, nint bk, float* c, nint ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]); c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]); c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += ak;
            b += bk;
        }
        bool full = mr == 6 && nr == 16;
        float* t = full ? c : tile;
        nint ld = full ? ldc : 16;
        float tb = full ? beta : 0f;
        Store256(t + 0 * ld, c00, c01, alpha, tb);
        Store256(t + 1 * ld, c10, c11, alpha, tb);
        Store256(t + 2 * ld, c20, c21, alpha, tb);
        Store256(t + 3 * ld, c30, c31, alpha, tb);
        Store256(t + 4 * ld, c40, c41, alpha, tb);
        Store256(t + 5 * ld, c50, c51, alpha, tb);
        if (!full) MergeTile(tile, 16, c, ldc, mr, nr, beta);
    }

    /// <summary>4 x 4 tile in scalars: the portable fallback (16 accumulators fit the general registers' budget).</summary>
    internal static void TileScalar4x4(int kc, float* a, nint ak, float* b, nint bk, float* c, nint ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += ak;
            b += bk;
        }
        float* t = tile;
        t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
        t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
        for (int i = 0; i < 16; i++) t[i] *= alpha;
        MergeTile(tile, 4, c, ldc, mr, nr, beta);
    }

    /// <summary>Row of a full tile: <c>c = alpha acc + beta c</c>; with beta = 0, C is not read (it may hold NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> acc0, Vector512<float> acc1, float alpha, float beta)
    {
        var va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            (acc0 * va).Store(c);
            (acc1 * va).Store(c + 16);
            return;
        }
        var vb = Vector512.Create(beta);
        Vector512.FusedMultiplyAdd(acc0, va, Vector512.Load(c) * vb).Store(c);
        Vector512.FusedMultiplyAdd(acc1, va, Vector512.Load(c + 16) * vb).Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> acc0, Vector256<float> acc1, float alpha, float beta)
    {
        var va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            (acc0 * va).Store(c);
            (acc1 * va).Store(c + 8);
            return;
        }
        var vb = Vector256.Create(beta);
        Vector256.FusedMultiplyAdd(acc0, va, Vector256.Load(c) * vb).Store(c);
        Vector256.FusedMultiplyAdd(acc1, va, Vector256.Load(c + 8) * vb).Store(c + 8);
    }

    /// <summary>The valid mr x nr corner of a tile (already scaled by alpha) into C, with beta.</summary>
    private static void MergeTile(float* tile, int ldt, float* c, nint ldc, int mr, int nr, float beta)
    {
        for (int r = 0; r < mr; r++)
        {
            float* t = tile + r * ldt;
            float* cr = c + r * ldc;
            if (beta == 0f)
                for (int j = 0; j < nr; j++) cr[j] = t[j];
            else
                for (int j = 0; j < nr; j++) cr[j] = MathF.FusedMultiplyAdd(beta, cr[j], t[j]);
        }
    }
}
