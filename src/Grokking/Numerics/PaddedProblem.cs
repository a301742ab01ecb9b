using System.Numerics;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// Fast-path storage for one least-squares subgradient run: X copied into 64-byte aligned rows whose stride is
/// n rounded up to a whole vector (8 doubles / 16 floats; padding columns are zero and never read), plus
/// aligned y, a, r, g. <see cref="StepL1"/> runs the fused kernel on it.
/// </summary>
/// <remarks>
/// Owners keep the problem object for the life of the run and read/write the parameters through
/// <see cref="Parameters"/> (exactly n elements; no padding is visible). Results are bit-identical to
/// <see cref="SubgradientStep.L1{T}"/> on the same unpadded data: padding changes only the memory layout.
/// </remarks>
public sealed class PaddedProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AlignedBuffer<T> _x, _y, _a, _r, _g;

    /// <summary>Copies X (N x n, row-major, contiguous) and y (length N); parameters start at zero.</summary>
    public PaddedProblem(ReadOnlySpan<T> X, int N, int n, ReadOnlySpan<T> y)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        Kernels.SameLength(N, y.Length, nameof(y));
        Rows = N;
        Cols = n;
        Stride = PaddedStride(n);
        _x = new AlignedBuffer<T>(N * Stride);
        var xs = _x.Span;
        for (int i = 0; i < N; i++) X.Slice(i * n, n).CopyTo(xs.Slice(i * Stride));
        _y = new AlignedBuffer<T>(N);
        y.CopyTo(_y.Span);
        _a = new AlignedBuffer<T>(n);
        _r = new AlignedBuffer<T>(N);
        _g = new AlignedBuffer<T>(n);
    }

    /// <summary>n rounded up to a whole number of 64-byte vectors.</summary>
    public static int PaddedStride(int n)
    {
        int w = Vector512<T>.Count;
        return (n + w - 1) / w * w;
    }

    /// <summary>N, the number of rows of X (measurements).</summary>
    public int Rows { get; }

    /// <summary>n, the number of columns of X (parameters).</summary>
    public int Cols { get; }

    /// <summary>Row stride of <see cref="X"/> (>= n, a multiple of the vector width).</summary>
    public int Stride { get; }

    /// <summary>Padded X: element (i, j) at i * <see cref="Stride"/> + j.</summary>
    public ReadOnlySpan<T> X => _x.Span;

    /// <summary>Targets y (length N), writable (e.g. to add noise).</summary>
    public Span<T> Targets => _y.Span;

    /// <summary>Parameters a (length n), updated in place by <see cref="StepL1"/>.</summary>
    public Span<T> Parameters => _a.Span;

    /// <summary>r = X a - y evaluated at the iterate before the last update.</summary>
    public ReadOnlySpan<T> Residual => _r.Span;

    /// <summary>g = X^T r of the last step (stale if the last call did not store it).</summary>
    public ReadOnlySpan<T> Gradient => _g.Span;

    /// <summary>
    /// <paramref name="steps"/> fused steps <c>a -= fma(alpha, X^T(Xa - y), fma(alphaBeta2, a, alphaBeta1 sign(a)))</c>;
    /// see <see cref="SubgradientStep"/>.
    /// </summary>
    public unsafe void StepL1(T alpha, T alphaBeta1, T alphaBeta2, int steps = 1, bool storeGradient = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        // The buffers are pinned, aligned and sized by construction: go straight to the unchecked core.
        SubgradientStep.L1Core(_x.Pointer, Rows, Cols, Stride, _y.Pointer, _a.Pointer, _r.Pointer,
            storeGradient ? _g.Pointer : null, alpha, alphaBeta1, alphaBeta2, steps);
    }
}

/// <summary>
/// Storage for B runs sharing X, laid out for <see cref="SubgradientStep.L1Batched{T}"/>: run b is column b of
/// A (n x <see cref="Ld"/>), Y, R (N x Ld) and G (n x Ld); Ld = B rounded up to a whole vector; all buffers
/// 64-byte aligned. Per-run alpha, alpha*beta1, alpha*beta2.
/// </summary>
public sealed class PaddedBatch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AlignedBuffer<T> _x, _y, _a, _r, _g, _alpha, _ab1, _ab2;

    /// <summary>Copies X (N x n, row-major); every run starts with y = 0, a = 0 and zero step sizes.</summary>
    public PaddedBatch(ReadOnlySpan<T> X, int N, int n, int batch)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        Rows = N;
        Cols = n;
        Batch = batch;
        Ld = PaddedProblem<T>.PaddedStride(batch);
        _x = new AlignedBuffer<T>(X.Length);
        X.CopyTo(_x.Span);
        _y = new AlignedBuffer<T>(N * Ld);
        _a = new AlignedBuffer<T>(n * Ld);
        _r = new AlignedBuffer<T>(N * Ld);
        _g = new AlignedBuffer<T>(n * Ld);
        _alpha = new AlignedBuffer<T>(batch);
        _ab1 = new AlignedBuffer<T>(batch);
        _ab2 = new AlignedBuffer<T>(batch);
    }

    /// <summary>N.</summary>
    public int Rows { get; }

    /// <summary>n.</summary>
    public int Cols { get; }

    /// <summary>B, the number of runs.</summary>
    public int Batch { get; }

    /// <summary>Row stride of A, Y, R, G (B rounded up to the vector width).</summary>
    public int Ld { get; }

    /// <summary>The shared X, N x n contiguous.</summary>
    public ReadOnlySpan<T> X => _x.Span;

    /// <summary>All targets, N x Ld (column b = run b).</summary>
    public Span<T> Y => _y.Span;

    /// <summary>All parameters, n x Ld (column b = run b).</summary>
    public Span<T> A => _a.Span;

    /// <summary>Residuals of the last step, N x Ld.</summary>
    public ReadOnlySpan<T> R => _r.Span;

    /// <summary>Gradients X^T R of the last step that stored them, n x Ld.</summary>
    public ReadOnlySpan<T> G => _g.Span;

    /// <summary>Per-run alpha (length B).</summary>
    public Span<T> Alpha => _alpha.Span;

    /// <summary>Per-run alpha * beta1 (length B).</summary>
    public Span<T> AlphaBeta1 => _ab1.Span;

    /// <summary>Per-run alpha * beta2 (length B).</summary>
    public Span<T> AlphaBeta2 => _ab2.Span;

    /// <summary>Sets everything that defines run <paramref name="run"/>.</summary>
    public void SetRun(int run, ReadOnlySpan<T> y, ReadOnlySpan<T> a0, T alpha, T alphaBeta1, T alphaBeta2)
    {
        SetColumn(_y.Span, Rows, run, y);
        SetColumn(_a.Span, Cols, run, a0);
        _alpha.Span[run] = alpha;
        _ab1.Span[run] = alphaBeta1;
        _ab2.Span[run] = alphaBeta2;
    }

    /// <summary>Copies the parameters of run <paramref name="run"/> (length n) into <paramref name="dst"/>.</summary>
    public void GetParameters(int run, Span<T> dst) => GetColumn(_a.Span, Cols, run, dst);

    /// <summary>Overwrites the parameters of run <paramref name="run"/>.</summary>
    public void SetParameters(int run, ReadOnlySpan<T> a) => SetColumn(_a.Span, Cols, run, a);

    /// <summary>Copies the last residual of run <paramref name="run"/> (length N).</summary>
    public void GetResidual(int run, Span<T> dst) => GetColumn(_r.Span, Rows, run, dst);

    /// <summary>Copies the last stored gradient of run <paramref name="run"/> (length n).</summary>
    public void GetGradient(int run, Span<T> dst) => GetColumn(_g.Span, Cols, run, dst);

    /// <summary>
    /// <paramref name="steps"/> fused steps of every run. With <paramref name="threads"/> > 1 the runs are split
    /// column-wise (whole vectors, so no false sharing) and each thread runs all the steps of its share with no
    /// synchronisation; results are bit-identical to one thread. Threads cost a few allocations per call.
    /// </summary>
    public void StepL1(int steps = 1, bool storeGradient = false, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        int w = Vector512<T>.Count;
        int chunks = (Batch + w - 1) / w;
        int parts = Math.Max(1, Math.Min(threads, chunks));
        if (parts == 1)
            StepRange(0, Batch, steps, storeGradient);
        else
            StepParallel(parts, chunks, steps, storeGradient);
    }

    // Separate method so the lambda's closure is only allocated on the threaded path.
    private void StepParallel(int parts, int chunks, int steps, bool storeGradient)
    {
        int w = Vector512<T>.Count;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int c0 = (int)((long)chunks * p / parts) * w;
            int c1 = Math.Min(Batch, (int)((long)chunks * (p + 1) / parts) * w);
            StepRange(c0, c1 - c0, steps, storeGradient);
        });
    }

    private unsafe void StepRange(int c0, int b, int steps, bool storeGradient)
    {
        if (b <= 0) return;
        // The buffers are pinned, aligned and sized by construction: go straight to the unchecked core.
        SubgradientStep.L1BatchedCore(_x.Pointer, Rows, Cols, b, Ld, _y.Pointer + c0, _a.Pointer + c0, _r.Pointer + c0,
            storeGradient ? _g.Pointer + c0 : null, _alpha.Pointer + c0, _ab1.Pointer + c0, _ab2.Pointer + c0, steps);
    }

    private void SetColumn(Span<T> m, int rows, int run, ReadOnlySpan<T> src)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(run);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(run, Batch);
        Kernels.SameLength(rows, src.Length, nameof(src));
        for (int i = 0; i < rows; i++) m[i * Ld + run] = src[i];
    }

    private void GetColumn(Span<T> m, int rows, int run, Span<T> dst)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(run);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(run, Batch);
        Kernels.SameLength(rows, dst.Length, nameof(dst));
        for (int i = 0; i < rows; i++) dst[i] = m[i * Ld + run];
    }
}
