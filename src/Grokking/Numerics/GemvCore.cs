using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// Called once per vector chunk of output columns at the end of a column block of <see cref="GemvCore.ColumnBlocks{T,TEp}"/>:
/// <paramref name="acc"/> holds <c>sum_i A[i, col..col+W) * x[i]</c> and <paramref name="mask"/> selects the valid lanes.
/// </summary>
internal unsafe interface IColumnEpilogue<T> where T : unmanaged
{
    void Apply(int col, Vector512<T> acc, Vector512<T> mask);
}

/// <summary>
/// AVX-512 GEMV cores on raw pointers (callers pin and validate).
/// <para><b>Summation orders</b> (fixed, so results are reproducible run to run on any AVX-512 machine):</para>
/// <list type="bullet">
/// <item><see cref="Rows{T}"/> (y = A x): lane l of an accumulator sums <c>A[i, cW + l] x[cW + l]</c> over chunks c
/// with FMA; the W lanes are then added by the fixed tree of <see cref="Simd.Reduce8{T}"/>.</item>
/// <item><see cref="ColumnBlocks{T,TEp}"/> (y = A^T x): every output is a sequential FMA chain over rows,
/// <c>y_j = fma(A[N-1,j], x[N-1], ... fma(A[0,j], x[0], 0))</c>, i.e. exactly the naive
/// "sum of scaled rows" with FMA.</item>
/// </list>
/// </summary>
internal static unsafe class GemvCore
{
    private const int RowBlock = 8;

    /// <summary>
    /// y[i] = sum_j A[i,j] x[j] (+ biasScale * bias[i] when <paramref name="bias"/> is not null, as one FMA
    /// after the dot product). <paramref name="bias"/> may alias <paramref name="y"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows<T>(T* A, int rows, int cols, nint lda, T* x, T* y, T* bias, T biasScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int W = Vector512<T>.Count;
        int nFull = cols / W;
        int rem = cols - nFull * W;
        var tailMask = Simd.PrefixMask<T>(rem);
        var bs = Vector512.Create(biasScale);
        var xt = rem > 0 ? Simd.MaskLoad(x + (nint)nFull * W, tailMask) : Vector512<T>.Zero;

        for (int r0 = 0; r0 < rows; r0 += RowBlock)
        {
            int valid = Math.Min(RowBlock, rows - r0);
            int last = rows - 1;
            T* q0 = A + Math.Min(r0 + 0, last) * lda;
            T* q1 = A + Math.Min(r0 + 1, last) * lda;
            T* q2 = A + Math.Min(r0 + 2, last) * lda;
            T* q3 = A + Math.Min(r0 + 3, last) * lda;
            T* q4 = A + Math.Min(r0 + 4, last) * lda;
            T* q5 = A + Math.Min(r0 + 5, last) * lda;
            T* q6 = A + Math.Min(r0 + 6, last) * lda;
            T* q7 = A + Math.Min(r0 + 7, last) * lda;
            var z = Vector512<T>.Zero;
            Vector512<T> a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
            nint end = (nint)nFull * W;
            for (nint c = 0; c < end; c += W)
            {
                var xv = Vector512.Load(x + c);
                a0 = Simd.Fma(Vector512.Load(q0 + c), xv, a0);
                a1 = Simd.Fma(Vector512.Load(q1 + c), xv, a1);
                a2 = Simd.Fma(Vector512.Load(q2 + c), xv, a2);
                a3 = Simd.Fma(Vector512.Load(q3 + c), xv, a3);
                a4 = Simd.Fma(Vector512.Load(q4 + c), xv, a4);
                a5 = Simd.Fma(Vector512.Load(q5 + c), xv, a5);
                a6 = Simd.Fma(Vector512.Load(q6 + c), xv, a6);
                a7 = Simd.Fma(Vector512.Load(q7 + c), xv, a7);
            }
            if (rem > 0)
            {
                a0 = Simd.Fma(Simd.MaskLoad(q0 + end, tailMask), xt, a0);
                a1 = Simd.Fma(Simd.MaskLoad(q1 + end, tailMask), xt, a1);
                a2 = Simd.Fma(Simd.MaskLoad(q2 + end, tailMask), xt, a2);
                a3 = Simd.Fma(Simd.MaskLoad(q3 + end, tailMask), xt, a3);
                a4 = Simd.Fma(Simd.MaskLoad(q4 + end, tailMask), xt, a4);
                a5 = Simd.Fma(Simd.MaskLoad(q5 + end, tailMask), xt, a5);
                a6 = Simd.Fma(Simd.MaskLoad(q6 + end, tailMask), xt, a6);
                a7 = Simd.Fma(Simd.MaskLoad(q7 + end, tailMask), xt, a7);
            }
            var s = Simd.Reduce8(a0, a1, a2, a3, a4, a5, a6, a7);
            var vm = Simd.PrefixMask<T>(valid);
            if (bias != null)
                s = Simd.Fma(bs, Simd.MaskLoad(bias + r0, vm), s);
            Simd.MaskStore(y + r0, vm, s);
        }
    }

    /// <summary>
    /// Column-blocked A^T x: output columns are split into blocks of at most 16 vector chunks (balanced sizes);
    /// each block keeps its accumulators in registers over all rows (one broadcast of x[i] per row) and hands
    /// them to <paramref name="ep"/>. The last chunk of the last block is masked.
    /// </summary>
    /// <summary>Largest number of vector chunks one column block keeps in registers.</summary>
    internal const int MaxBlockChunks = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ColumnBlocks<T, TEp>(T* A, int rows, int cols, nint lda, T* x, ref TEp ep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEp : struct, IColumnEpilogue<T>
    {
        int W = Vector512<T>.Count;
        int nChunks = (cols + W - 1) / W;
        if (nChunks == 0) return;
        int nBlocks = (nChunks + MaxBlockChunks - 1) / MaxBlockChunks;
        int baseK = nChunks / nBlocks, extra = nChunks % nBlocks;
        var tailMask = Simd.PrefixMask<T>(cols - (nChunks - 1) * W);
        var all = Vector512<T>.AllBitsSet;
        int chunk = 0;
        for (int b = 0; b < nBlocks; b++)
        {
            int k = baseK + (b < extra ? 1 : 0);
            var m = b == nBlocks - 1 ? tailMask : all;
            int col0 = chunk * W;
            switch (k)
            {
                case 1: Block<T, C1, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 2: Block<T, C2, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 3: Block<T, C3, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 4: Block<T, C4, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 5: Block<T, C5, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 6: Block<T, C6, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 7: Block<T, C7, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 8: Block<T, C8, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 9: Block<T, C9, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 10: Block<T, C10, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 11: Block<T, C11, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 12: Block<T, C12, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 13: Block<T, C13, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 14: Block<T, C14, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                case 15: Block<T, C15, TEp>(A, rows, lda, x, col0, m, ref ep); break;
                default: Block<T, C16, TEp>(A, rows, lda, x, col0, m, ref ep); break;
            }
            chunk += k;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Ld<T, TK>(T* p, int idx, Vector512<T> lastMask)
        where T : unmanaged where TK : struct, IConstInt =>
        idx == TK.Value - 1 ? Simd.MaskLoad(p, lastMask) : Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Mk<T, TK>(int idx, Vector512<T> lastMask)
        where TK : struct, IConstInt =>
        idx == TK.Value - 1 ? lastMask : Vector512<T>.AllBitsSet;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T, TK, TEp>(T* A, int rows, nint lda, T* x, int col0, Vector512<T> lm, ref TEp ep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : struct, IConstInt
        where TEp : struct, IColumnEpilogue<T>
    {
        int K = TK.Value;
        nint W = Vector512<T>.Count;
        var z = Vector512<T>.Zero;
        Vector512<T> c0 = z, c1 = z, c2 = z, c3 = z;
        Vector512<T> c4 = z, c5 = z, c6 = z, c7 = z;
        Vector512<T> c8 = z, c9 = z, c10 = z, c11 = z;
        Vector512<T> c12 = z, c13 = z, c14 = z, c15 = z;
        T* p = A + col0;
        for (int i = 0; i < rows; i++, p += lda)
        {
            var xb = Vector512.Create(x[i]);
            c0 = Simd.Fma(Ld<T, TK>(p, 0, lm), xb, c0);
            if (K > 1) c1 = Simd.Fma(Ld<T, TK>(p + 1 * W, 1, lm), xb, c1);
            if (K > 2) c2 = Simd.Fma(Ld<T, TK>(p + 2 * W, 2, lm), xb, c2);
            if (K > 3) c3 = Simd.Fma(Ld<T, TK>(p + 3 * W, 3, lm), xb, c3);
            if (K > 4) c4 = Simd.Fma(Ld<T, TK>(p + 4 * W, 4, lm), xb, c4);
            if (K > 5) c5 = Simd.Fma(Ld<T, TK>(p + 5 * W, 5, lm), xb, c5);
            if (K > 6) c6 = Simd.Fma(Ld<T, TK>(p + 6 * W, 6, lm), xb, c6);
            if (K > 7) c7 = Simd.Fma(Ld<T, TK>(p + 7 * W, 7, lm), xb, c7);
            if (K > 8) c8 = Simd.Fma(Ld<T, TK>(p + 8 * W, 8, lm), xb, c8);
            if (K > 9) c9 = Simd.Fma(Ld<T, TK>(p + 9 * W, 9, lm), xb, c9);
            if (K > 10) c10 = Simd.Fma(Ld<T, TK>(p + 10 * W, 10, lm), xb, c10);
            if (K > 11) c11 = Simd.Fma(Ld<T, TK>(p + 11 * W, 11, lm), xb, c11);
            if (K > 12) c12 = Simd.Fma(Ld<T, TK>(p + 12 * W, 12, lm), xb, c12);
            if (K > 13) c13 = Simd.Fma(Ld<T, TK>(p + 13 * W, 13, lm), xb, c13);
            if (K > 14) c14 = Simd.Fma(Ld<T, TK>(p + 14 * W, 14, lm), xb, c14);
            if (K > 15) c15 = Simd.Fma(Ld<T, TK>(p + 15 * W, 15, lm), xb, c15);
        }
        var e = ep; // local copy: lets the JIT keep the epilogue's fields in registers
        int w = (int)W;
        e.Apply(col0, c0, Mk<T, TK>(0, lm));
        if (K > 1) e.Apply(col0 + 1 * w, c1, Mk<T, TK>(1, lm));
        if (K > 2) e.Apply(col0 + 2 * w, c2, Mk<T, TK>(2, lm));
        if (K > 3) e.Apply(col0 + 3 * w, c3, Mk<T, TK>(3, lm));
        if (K > 4) e.Apply(col0 + 4 * w, c4, Mk<T, TK>(4, lm));
        if (K > 5) e.Apply(col0 + 5 * w, c5, Mk<T, TK>(5, lm));
        if (K > 6) e.Apply(col0 + 6 * w, c6, Mk<T, TK>(6, lm));
        if (K > 7) e.Apply(col0 + 7 * w, c7, Mk<T, TK>(7, lm));
        if (K > 8) e.Apply(col0 + 8 * w, c8, Mk<T, TK>(8, lm));
        if (K > 9) e.Apply(col0 + 9 * w, c9, Mk<T, TK>(9, lm));
        if (K > 10) e.Apply(col0 + 10 * w, c10, Mk<T, TK>(10, lm));
        if (K > 11) e.Apply(col0 + 11 * w, c11, Mk<T, TK>(11, lm));
        if (K > 12) e.Apply(col0 + 12 * w, c12, Mk<T, TK>(12, lm));
        if (K > 13) e.Apply(col0 + 13 * w, c13, Mk<T, TK>(13, lm));
        if (K > 14) e.Apply(col0 + 14 * w, c14, Mk<T, TK>(14, lm));
        if (K > 15) e.Apply(col0 + 15 * w, c15, Mk<T, TK>(15, lm));
    }

    /// <summary>y[col..] = acc.</summary>
    internal struct StoreEpilogue<T>(T* y) : IColumnEpilogue<T> where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply(int col, Vector512<T> acc, Vector512<T> mask) => Simd.MaskStore(y + col, mask, acc);
    }

    /// <summary>y[col..] = acc + beta * y[col..] (one FMA).</summary>
    internal struct AccumulateEpilogue<T>(T* y, T beta) : IColumnEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply(int col, Vector512<T> acc, Vector512<T> mask) =>
            Simd.MaskStore(y + col, mask, Simd.Fma(Vector512.Create(beta), Simd.MaskLoad(y + col, mask), acc));
    }
}
