using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>Receives one finished register tile entry: <c>C[row, col..col+W)</c> (masked lanes invalid).</summary>
internal interface ITileEpilogue<T> where T : unmanaged
{
    void Apply(int row, int col, Vector512<T> acc, Vector512<T> mask);
}

/// <summary>
/// Register-tiled small GEMM for the batched kernels: <c>C[r, cols] = sum_p xop[r*rs + p*ps] * Bm[p, cols]</c> for
/// an MR x (K vector chunks) tile, MR &lt;= 8, K &lt;= 4, MR*K &lt;= 24 zmm accumulators. The left operand is broadcast
/// from X with arbitrary strides, so the same kernel computes X A (rs = n, ps = 1) and X^T R (rs = 1, ps = n).
/// Every output is a sequential FMA chain over p = 0..depth-1 starting from +0.
/// (The per-(MR, K) bodies are generated; unused accumulators are dead code after specialisation.)
/// </summary>
internal static unsafe class BatchedCore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Tile<T, TEp>(int mr, int k, T* xop, nint rs, nint ps, int depth, T* bm, nint ldb,
        int col0, Vector512<T> lastMask, int row0, ref TEp ep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEp : struct, ITileEpilogue<T>
    {
        switch (mr * 8 + k)
        {
            case 1 * 8 + 1: Kernel<T, C1, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 1 * 8 + 2: Kernel<T, C1, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 1 * 8 + 3: Kernel<T, C1, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 1 * 8 + 4: Kernel<T, C1, C4, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 2 * 8 + 1: Kernel<T, C2, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 2 * 8 + 2: Kernel<T, C2, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 2 * 8 + 3: Kernel<T, C2, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 2 * 8 + 4: Kernel<T, C2, C4, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 3 * 8 + 1: Kernel<T, C3, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 3 * 8 + 2: Kernel<T, C3, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 3 * 8 + 3: Kernel<T, C3, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 3 * 8 + 4: Kernel<T, C3, C4, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 4 * 8 + 1: Kernel<T, C4, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 4 * 8 + 2: Kernel<T, C4, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 4 * 8 + 3: Kernel<T, C4, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 4 * 8 + 4: Kernel<T, C4, C4, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 5 * 8 + 1: Kernel<T, C5, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 5 * 8 + 2: Kernel<T, C5, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 5 * 8 + 3: Kernel<T, C5, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 5 * 8 + 4: Kernel<T, C5, C4, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 6 * 8 + 1: Kernel<T, C6, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 6 * 8 + 2: Kernel<T, C6, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 6 * 8 + 3: Kernel<T, C6, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 6 * 8 + 4: Kernel<T, C6, C4, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 7 * 8 + 1: Kernel<T, C7, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 7 * 8 + 2: Kernel<T, C7, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 7 * 8 + 3: Kernel<T, C7, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 8 * 8 + 1: Kernel<T, C8, C1, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 8 * 8 + 2: Kernel<T, C8, C2, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            case 8 * 8 + 3: Kernel<T, C8, C3, TEp>(xop, rs, ps, depth, bm, ldb, col0, lastMask, row0, ref ep); break;
            default: throw new ArgumentOutOfRangeException(nameof(mr));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Ld<T, TK>(T* p, int idx, Vector512<T> lastMask)
        where T : unmanaged where TK : struct, IConstInt =>
        idx == TK.Value - 1 ? Simd.MaskLoad(p, lastMask) : Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Mk<T, TK>(int idx, Vector512<T> lastMask) where TK : struct, IConstInt =>
        idx == TK.Value - 1 ? lastMask : Vector512<T>.AllBitsSet;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<T, TMR, TK, TEp>(T* xop, nint rs, nint ps, int depth, T* bm, nint ldb,
        int col0, Vector512<T> lm, int row0, ref TEp ep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMR : struct, IConstInt
        where TK : struct, IConstInt
        where TEp : struct, ITileEpilogue<T>
    {
        int MR = TMR.Value, K = TK.Value;
        nint W = Vector512<T>.Count;
        var z = Vector512<T>.Zero;
        Vector512<T> c00 = z, c01 = z, c02 = z, c03 = z;
        Vector512<T> c10 = z, c11 = z, c12 = z, c13 = z;
        Vector512<T> c20 = z, c21 = z, c22 = z, c23 = z;
        Vector512<T> c30 = z, c31 = z, c32 = z, c33 = z;
        Vector512<T> c40 = z, c41 = z, c42 = z, c43 = z;
        Vector512<T> c50 = z, c51 = z, c52 = z, c53 = z;
        Vector512<T> c60 = z, c61 = z, c62 = z, c63 = z;
        Vector512<T> c70 = z, c71 = z, c72 = z, c73 = z;
        T* bp = bm + col0;
        T* xp = xop;
        for (int p = 0; p < depth; p++, bp += ldb, xp += ps)
        {
            var b0 = Ld<T, TK>(bp, 0, lm);
            var b1 = K > 1 ? Ld<T, TK>(bp + 1 * W, 1, lm) : z;
            var b2 = K > 2 ? Ld<T, TK>(bp + 2 * W, 2, lm) : z;
            var b3 = K > 3 ? Ld<T, TK>(bp + 3 * W, 3, lm) : z;

            var x0 = Vector512.Create(xp[0]);
            c00 = Simd.Fma(x0, b0, c00);
            if (K > 1) c01 = Simd.Fma(x0, b1, c01);
            if (K > 2) c02 = Simd.Fma(x0, b2, c02);
            if (K > 3) c03 = Simd.Fma(x0, b3, c03);
            if (MR > 1)
            {
                var x1 = Vector512.Create(xp[rs]);
                c10 = Simd.Fma(x1, b0, c10);
                if (K > 1) c11 = Simd.Fma(x1, b1, c11);
                if (K > 2) c12 = Simd.Fma(x1, b2, c12);
                if (K > 3) c13 = Simd.Fma(x1, b3, c13);
            }
            if (MR > 2)
            {
                var x2 = Vector512.Create(xp[2 * rs]);
                c20 = Simd.Fma(x2, b0, c20);
                if (K > 1) c21 = Simd.Fma(x2, b1, c21);
                if (K > 2) c22 = Simd.Fma(x2, b2, c22);
                if (K > 3) c23 = Simd.Fma(x2, b3, c23);
            }
            if (MR > 3)
            {
                var x3 = Vector512.Create(xp[3 * rs]);
                c30 = Simd.Fma(x3, b0, c30);
                if (K > 1) c31 = Simd.Fma(x3, b1, c31);
                if (K > 2) c32 = Simd.Fma(x3, b2, c32);
                if (K > 3) c33 = Simd.Fma(x3, b3, c33);
            }
            if (MR > 4)
            {
                var x4 = Vector512.Create(xp[4 * rs]);
                c40 = Simd.Fma(x4, b0, c40);
                if (K > 1) c41 = Simd.Fma(x4, b1, c41);
                if (K > 2) c42 = Simd.Fma(x4, b2, c42);
                if (K > 3) c43 = Simd.Fma(x4, b3, c43);
            }
            if (MR > 5)
            {
                var x5 = Vector512.Create(xp[5 * rs]);
                c50 = Simd.Fma(x5, b0, c50);
                if (K > 1) c51 = Simd.Fma(x5, b1, c51);
                if (K > 2) c52 = Simd.Fma(x5, b2, c52);
                if (K > 3) c53 = Simd.Fma(x5, b3, c53);
            }
            if (MR > 6)
            {
                var x6 = Vector512.Create(xp[6 * rs]);
                c60 = Simd.Fma(x6, b0, c60);
                if (K > 1) c61 = Simd.Fma(x6, b1, c61);
                if (K > 2) c62 = Simd.Fma(x6, b2, c62);
                if (K > 3) c63 = Simd.Fma(x6, b3, c63);
            }
            if (MR > 7)
            {
                var x7 = Vector512.Create(xp[7 * rs]);
                c70 = Simd.Fma(x7, b0, c70);
                if (K > 1) c71 = Simd.Fma(x7, b1, c71);
                if (K > 2) c72 = Simd.Fma(x7, b2, c72);
                if (K > 3) c73 = Simd.Fma(x7, b3, c73);
            }
        }

        int w = (int)W;
        var e = ep; // local copy: lets the JIT keep the epilogue's pointers in registers
        Row<T, TK, TEp>(row0, col0, w, c00, c01, c02, c03, lm, ref e);
        if (MR > 1) Row<T, TK, TEp>(row0 + 1, col0, w, c10, c11, c12, c13, lm, ref e);
        if (MR > 2) Row<T, TK, TEp>(row0 + 2, col0, w, c20, c21, c22, c23, lm, ref e);
        if (MR > 3) Row<T, TK, TEp>(row0 + 3, col0, w, c30, c31, c32, c33, lm, ref e);
        if (MR > 4) Row<T, TK, TEp>(row0 + 4, col0, w, c40, c41, c42, c43, lm, ref e);
        if (MR > 5) Row<T, TK, TEp>(row0 + 5, col0, w, c50, c51, c52, c53, lm, ref e);
        if (MR > 6) Row<T, TK, TEp>(row0 + 6, col0, w, c60, c61, c62, c63, lm, ref e);
        if (MR > 7) Row<T, TK, TEp>(row0 + 7, col0, w, c70, c71, c72, c73, lm, ref e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<T, TK, TEp>(int row, int col0, int w, Vector512<T> v0, Vector512<T> v1,
        Vector512<T> v2, Vector512<T> v3, Vector512<T> lm, ref TEp ep)
        where T : unmanaged
        where TK : struct, IConstInt
        where TEp : struct, ITileEpilogue<T>
    {
        int K = TK.Value;
        ep.Apply(row, col0, v0, Mk<T, TK>(0, lm));
        if (K > 1) ep.Apply(row, col0 + w, v1, Mk<T, TK>(1, lm));
        if (K > 2) ep.Apply(row, col0 + 2 * w, v2, Mk<T, TK>(2, lm));
        if (K > 3) ep.Apply(row, col0 + 3 * w, v3, Mk<T, TK>(3, lm));
    }
}
