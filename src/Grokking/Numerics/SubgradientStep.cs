using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// Fused hot-path kernels for regularised subgradient descent on least squares,
/// <c>a &lt;- a - alpha (X^T (X a - y) + beta1 sign(a) + beta2 a)</c> (spec B.0.5, real case, data term
/// ½||Xa - y||² without 1/N, sign(0) = 0).
/// </summary>
/// <remarks>
/// <para>Every step computes, from the OLD <c>a</c>:</para>
/// <code>
/// r = X a - y                       (residual)
/// g = X^T r                         (data gradient; sequential FMA chain over the N rows)
/// a = a - fma(alpha, g, fma(alphaBeta2, a, alphaBeta1 * sign(a)))
/// </code>
/// with <c>alphaBeta1 = alpha * beta1</c> and <c>alphaBeta2 = alpha * beta2</c> folded by the caller. This differs
/// from numpy's <c>a - alpha * (g + beta2 a + beta1 sign(a))</c> only by rounding (~1 ulp per step).
/// <para>X is N x n row-major and unpadded; no layout constraints. After the call <c>residual</c> and
/// <c>grad</c> hold r and g of the LAST step performed (i.e. evaluated at the iterate before the final update).
/// <c>grad</c> may be empty to skip storing it.</para>
/// <para>Batched layout: the B runs share X; per-run vectors are COLUMNS of row-major matrices with row stride
/// <c>ld >= B</c> (A: n x ld, Y and R: N x ld, G: n x ld), so a sub-batch is a slice starting at a column
/// offset with the same <c>ld</c>. Per-run step sizes are vectors of length B.</para>
/// </remarks>
public static class SubgradientStep
{
    /// <summary>
    /// <paramref name="steps"/> fused l1/l2-regularised subgradient steps on one run (X contiguous, any alignment).
    /// For peak speed use <see cref="PaddedProblem{T}"/>, whose 64-byte aligned, padded rows avoid cache-line
    /// split loads (about 2x faster at n = 100).
    /// </summary>
    /// <param name="X">N x n, row-major.</param>
    /// <param name="N">rows of X (measurements).</param>
    /// <param name="n">columns of X (parameters).</param>
    /// <param name="y">targets, length N.</param>
    /// <param name="a">parameters, length n, updated in place.</param>
    /// <param name="residual">output r = X a - y of the last step, length N.</param>
    /// <param name="grad">output g = X^T r of the last step, length n, or empty.</param>
    /// <param name="alpha">step size.</param>
    /// <param name="alphaBeta1">alpha * beta1 (l1 weight, may be 0).</param>
    /// <param name="alphaBeta2">alpha * beta2 (l2 weight for ½||a||², may be 0).</param>
    /// <param name="steps">number of steps to run (default 1).</param>
    public static void L1<T>(ReadOnlySpan<T> X, int N, int n, ReadOnlySpan<T> y, Span<T> a,
        Span<T> residual, Span<T> grad, T alpha, T alphaBeta1, T alphaBeta2, int steps = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Kernels.CheckMatrix(X.Length, N, n);
        L1Strided(X, N, n, n, y, a, residual, grad, alpha, alphaBeta1, alphaBeta2, steps);
    }

    /// <summary>
    /// As <see cref="L1{T}"/> with X stored with row stride <paramref name="ldx"/> >= n
    /// (<c>X[i, j] = X[i * ldx + j]</c>; the padding columns are never read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void L1Strided<T>(ReadOnlySpan<T> X, int N, int n, int ldx, ReadOnlySpan<T> y, Span<T> a,
        Span<T> residual, Span<T> grad, T alpha, T alphaBeta1, T alphaBeta2, int steps = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.CheckType<T>();
        ArgumentOutOfRangeException.ThrowIfNegative(N);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldx, n);
        CheckStrided(X.Length, N, n, ldx, nameof(X));
        Kernels.SameLength(N, y.Length, nameof(y));
        Kernels.SameLength(n, a.Length, nameof(a));
        Kernels.SameLength(N, residual.Length, nameof(residual));
        if (!grad.IsEmpty) Kernels.SameLength(n, grad.Length, nameof(grad));
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        CheckDisjoint(X, y, a, residual, grad);
        if (n == 0 || steps == 0) return;

        fixed (T* pX = X)
        fixed (T* py = y)
        fixed (T* pa = a)
        fixed (T* pr = residual)
        fixed (T* pg = grad)
            L1Core(pX, N, n, ldx, py, pa, pr, grad.IsEmpty ? null : pg, alpha, alphaBeta1, alphaBeta2, steps);
    }

    /// <summary>Unchecked core of <see cref="L1Strided{T}"/> (g may be null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void L1Core<T>(T* X, int N, int n, nint ldx, T* y, T* a, T* r, T* g,
        T alpha, T alphaBeta1, T alphaBeta2, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0 || steps == 0) return;
        if (!Simd.Enabled)
        {
            for (int s = 0; s < steps; s++)
                Fallback.L1Step(X, N, n, ldx, y, a, r, g, alpha, alphaBeta1, alphaBeta2);
            return;
        }
        var ep = new L1Epilogue<T>(a, g, alpha, alphaBeta1, alphaBeta2);
        for (int s = 0; s < steps; s++)
        {
            if (N > 0)
                GemvCore.Rows(X, N, n, ldx, a, r, y, -T.One);
            GemvCore.ColumnBlocks(X, N, n, ldx, r, ref ep);
        }
    }

    /// <summary>
    /// <paramref name="steps"/> fused steps on B independent runs sharing X (columns of A), each with its own
    /// alpha, alpha*beta1, alpha*beta2. Column b evolves exactly as a run of
    /// <see cref="Portable"/>'s sequential-FMA reference (bit for bit); compared with the single-run
    /// <see cref="L1{T}"/> it differs only in the summation order of X a (~1e-16 relative per step).
    /// </summary>
    /// <param name="X">N x n, row-major, shared by all runs.</param>
    /// <param name="B">number of runs (columns).</param>
    /// <param name="ld">row stride of Y, A, R, G (>= B).</param>
    /// <param name="Y">targets, N x ld (column b = run b).</param>
    /// <param name="A">parameters, n x ld, updated in place.</param>
    /// <param name="R">residuals of the last step, N x ld.</param>
    /// <param name="G">gradients X^T R of the last step, n x ld, or empty.</param>
    /// <param name="alpha">per-run step sizes, length B.</param>
    /// <param name="alphaBeta1">per-run alpha*beta1, length B.</param>
    /// <param name="alphaBeta2">per-run alpha*beta2, length B.</param>
    /// <param name="steps">number of steps (default 1).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void L1Batched<T>(ReadOnlySpan<T> X, int N, int n, int B, int ld,
        ReadOnlySpan<T> Y, Span<T> A, Span<T> R, Span<T> G,
        ReadOnlySpan<T> alpha, ReadOnlySpan<T> alphaBeta1, ReadOnlySpan<T> alphaBeta2, int steps = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.CheckType<T>();
        Kernels.CheckMatrix(X.Length, N, n);
        ArgumentOutOfRangeException.ThrowIfNegative(B);
        ArgumentOutOfRangeException.ThrowIfLessThan(ld, B);
        CheckStrided(Y.Length, N, B, ld, nameof(Y));
        CheckStrided(A.Length, n, B, ld, nameof(A));
        CheckStrided(R.Length, N, B, ld, nameof(R));
        if (!G.IsEmpty) CheckStrided(G.Length, n, B, ld, nameof(G));
        Kernels.SameLength(B, alpha.Length, nameof(alpha));
        Kernels.SameLength(B, alphaBeta1.Length, nameof(alphaBeta1));
        Kernels.SameLength(B, alphaBeta2.Length, nameof(alphaBeta2));
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        CheckDisjoint(X, Y, A, R, G);
        if (B == 0 || n == 0 || steps == 0) return;

        fixed (T* pX = X)
        fixed (T* pY = Y)
        fixed (T* pA = A)
        fixed (T* pR = R)
        fixed (T* pG = G)
        fixed (T* pal = alpha)
        fixed (T* pb1 = alphaBeta1)
        fixed (T* pb2 = alphaBeta2)
            L1BatchedCore(pX, N, n, B, ld, pY, pA, pR, G.IsEmpty ? null : pG, pal, pb1, pb2, steps);
    }

    /// <summary>Unchecked core of <see cref="L1Batched{T}"/> (G may be null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void L1BatchedCore<T>(T* X, int N, int n, int B, int ld, T* Y, T* A, T* R, T* G,
        T* alpha, T* ab1, T* ab2, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (B == 0 || n == 0 || steps == 0) return;
        if (!Simd.Enabled)
        {
            for (int s = 0; s < steps; s++)
                Fallback.L1StepBatched(X, N, n, B, ld, Y, A, R, G, alpha, ab1, ab2);
            return;
        }
        var rEp = new ResidualTileEpilogue<T>(R, Y, ld);
        var sEp = new L1TileEpilogue<T>(A, G, ld, alpha, ab1, ab2);
        int W = Vector512<T>.Count;
        int nChunks = (B + W - 1) / W;
        int nBlocks = (nChunks + TileK - 1) / TileK;
        int baseK = nChunks / nBlocks, extra = nChunks % nBlocks;
        var tailMask = Simd.PrefixMask<T>(B - (nChunks - 1) * W);
        // Column blocks are independent runs, so each block runs all its steps before the next block starts:
        // its slice of A, R, Y stays in L1/L2 for the whole call.
        int chunk = 0;
        for (int blk = 0; blk < nBlocks; blk++)
        {
            int k = baseK + (blk < extra ? 1 : 0);
            var m = blk == nBlocks - 1 ? tailMask : Vector512<T>.AllBitsSet;
            int col0 = chunk * W;
            for (int s = 0; s < steps; s++)
            {
                // R[:, block] = X A[:, block] - Y[:, block]   (broadcast X[i, p], stream rows p of A)
                int mr1 = Math.Min(Math.Min(8, TileMR1), 24 / k);
                for (int i0 = 0; i0 < N; i0 += mr1)
                {
                    int mr = Math.Min(mr1, N - i0);
                    BatchedCore.Tile(mr, k, X + (nint)i0 * n, n, 1, n, A, ld, col0, m, i0, ref rEp);
                }
                // G[:, block] = X^T R[:, block], then update A[:, block] (broadcast X[p, j], stream rows p of R)
                int mr2 = Math.Min(Math.Min(8, TileMR2), 24 / k);
                for (int j0 = 0; j0 < n; j0 += mr2)
                {
                    int mr = Math.Min(mr2, n - j0);
                    BatchedCore.Tile(mr, k, X + j0, 1, n, N, R, ld, col0, m, j0, ref sEp);
                }
            }
            chunk += k;
        }
    }

    // Batched tile shape (measured on Zen 5, B = 64, N = 30, n = 100: all of 4x4 ... 8x2 are within 5 %):
    // column blocks of TileK vector chunks; X A uses TileMR1 x TileK register tiles, X^T R uses TileMR2 x TileK.
    private const int TileK = 4, TileMR1 = 6, TileMR2 = 4;

    /// <summary>Minimal length of a rows x cols view with row stride ld: (rows-1)*ld + cols (0 if empty).</summary>
    public static int StridedLength(int rows, int cols, int ld) =>
        rows == 0 || cols == 0 ? 0 : checked((rows - 1) * ld + cols);

    internal static void CheckStrided(int length, int rows, int cols, int ld, string name)
    {
        if (length < StridedLength(rows, cols, ld))
            throw new ArgumentException($"Span '{name}' has length {length}, needs at least (rows-1)*ld + B = {StridedLength(rows, cols, ld)}.", name);
    }

    private static void CheckDisjoint<T>(ReadOnlySpan<T> X, ReadOnlySpan<T> y, Span<T> a, Span<T> r, Span<T> g)
    {
        Kernels.NoOverlap(X, a, "a/A");
        Kernels.NoOverlap(X, r, "residual/R");
        Kernels.NoOverlap(X, g, "grad/G");
        Kernels.NoOverlap(y, a, "a/A");
        Kernels.NoOverlap(y, r, "residual/R");
        Kernels.NoOverlap(y, g, "grad/G");
        Kernels.NoOverlap<T>(a, r, "residual/R");
        Kernels.NoOverlap<T>(a, g, "grad/G");
        Kernels.NoOverlap<T>(r, g, "grad/G");
    }

    /// <summary>g = acc (optional store); a = a - fma(alpha, g, fma(ab2, a, ab1 sign(a))).</summary>
    private unsafe struct L1Epilogue<T>(T* a, T* g, T alpha, T ab1, T ab2) : IColumnEpilogue<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply(int col, Vector512<T> acc, Vector512<T> mask)
        {
            if (g != null) Simd.MaskStore(g + col, mask, acc);
            var av = Simd.MaskLoad(a + col, mask);
            var t = Simd.Fma(Vector512.Create(ab2), av,
                Simd.ScaledSign(av, Vector512.Create(ab1), Vector512.Create(T.NegativeZero)));
            t = Simd.Fma(Vector512.Create(alpha), acc, t);
            Simd.MaskStore(a + col, mask, av - t);
        }
    }

    private unsafe struct ResidualTileEpilogue<T>(T* r, T* y, int ld) : ITileEpilogue<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply(int row, int col, Vector512<T> acc, Vector512<T> mask)
        {
            nint o = (nint)row * ld + col;
            Simd.MaskStore(r + o, mask, acc - Simd.MaskLoad(y + o, mask));
        }
    }

    private unsafe struct L1TileEpilogue<T>(T* a, T* g, int ld, T* alpha, T* ab1, T* ab2) : ITileEpilogue<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Apply(int row, int col, Vector512<T> acc, Vector512<T> mask)
        {
            nint o = (nint)row * ld + col;
            if (g != null) Simd.MaskStore(g + o, mask, acc);
            var av = Simd.MaskLoad(a + o, mask);
            var t = Simd.Fma(Simd.MaskLoad(ab2 + col, mask), av,
                Simd.ScaledSign(av, Simd.MaskLoad(ab1 + col, mask), Vector512.Create(T.NegativeZero)));
            t = Simd.Fma(Simd.MaskLoad(alpha + col, mask), acc, t);
            Simd.MaskStore(a + o, mask, av - t);
        }
    }
}
