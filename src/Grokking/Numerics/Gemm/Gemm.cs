using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grokking.Training;

namespace Grokking.Numerics;

/// <summary>
/// A reusable GEMM context: <c>C = alpha op(A) op(B) + beta C</c> on row-major spans with leading dimensions, in the
/// BLIS / llm.c manner. The loops (outer to inner) cut N into blocks of NC columns, K into blocks of KC, pack the
/// KC x NC block of op(B) (it then lives in L3 / L2), cut M into blocks of MC rows and pack the MC x KC block of
/// op(A) (L2), and run the register-tiled micro-kernel over MR x NR tiles, each streaming one packed B panel that
/// stays in L1. On the Vector512 path an operand of a narrow product (the other side of C at most 256) is read
/// where it is stored instead of packed (see <see cref="Blocked"/>). The pack buffers belong to the context (one
/// pair per thread, grown to the largest shape seen, never per call), so a step that reuses its context does not
/// allocate (on one thread; a fork goes through Parallel.For).
/// </summary>
/// <remarks>
/// <para>A context is not thread-safe: one per model (or per thread), called by one thread at a time.</para>
/// <para>Threads: a product large enough to pay for the fork (<see cref="ParallelMinMultiplyAdds"/>) is cut into one
/// slab of C per granted thread (rows, or columns when C is wider than tall), each computed with its own buffers; no
/// thread waits on another, and the result does not depend on the thread count (every element of C sees the same
/// k-blocking and summation order).</para>
/// <para>Kernels: 14 x 32 on Vector512 (28 zmm accumulators, the shape measured fastest here), 6 x 16 on Vector256,
/// 4 x 4 scalar; <see cref="GemmPath"/> forces one (the tests run all three).</para>
/// </remarks>
public sealed unsafe class Gemm
{
    /// <summary>
    /// Products below this many multiply-adds (m n k) run on one thread. The default, 2^24, keeps the modular MLP's
    /// layer products (8-13 M) on one thread: alone they run ~1.4x faster on two, but inside a training step the
    /// fork and the pool's spinning workers made the whole step slower (2.0 against 1.4 ms, measured), while
    /// 1024^3 still splits.
    /// </summary>
    public long ParallelMinMultiplyAdds { get; init; } = 1L << 24;

    /// <summary>An operand is read in place when the other side of C is at most this wide (see <see cref="Blocked"/>).</summary>
    private const int InPlaceMaxOther = 256;

    private readonly RunThreads _threads;
    private readonly Worker[] _workers;
    private readonly Action<int> _runPart;
    private delegate*<int, float*, nint, float*, nint, float*, nint, float, float, int, int, float*, void> _tile;
    private bool _inPlace;

    // the product in flight, read by the workers (set before the fork, constant during it)
    private float* _a, _b, _c;
    private nint _rsA, _csA, _rsB, _csB, _ldc;
    private int _m, _n, _k, _partSize;
    private float _alpha, _beta;
    private bool _splitRows;

    /// <param name="threads">The run's threads (its <see cref="RunThreads.Granted"/> count is read at each call); one thread if null.</param>
    /// <param name="path">The micro-kernel; <see cref="GemmPath.Auto"/> picks the widest the hardware accelerates.</param>
    public Gemm(RunThreads? threads = null, GemmPath path = GemmPath.Auto)
    {
        _threads = threads ?? new RunThreads();
        Path = path != GemmPath.Auto ? path
            : Vector512.IsHardwareAccelerated ? GemmPath.Vector512
            : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
            : GemmPath.Scalar;
        if (Path == GemmPath.Vector512 && !Vector512.IsHardwareAccelerated || Path == GemmPath.Vector256 && !Vector256.IsHardwareAccelerated)
            throw new PlatformNotSupportedException($"GEMM path {Path} is not accelerated on this machine");
        switch (Path)
        {
            case GemmPath.Vector512: Mr = 14; Nr = 32; _tile = &GemmKernels.Tile512x14; _inPlace = true; break;
            case GemmPath.Vector256: Mr = 6; Nr = 16; _tile = &GemmKernels.Tile256x6; break;
            default: Mr = 4; Nr = 4; _tile = &GemmKernels.TileScalar4x4; break;
        }
        // KC x NR floats of B (32 KiB at 256 x 32) stay in L1; MC x KC of A (~500 KiB) in L2; NC bounds the B block.
        Kc = 256;
        Mc = 504 / Mr * Mr;
        Nc = 4096 / Nr * Nr;
        _workers = new Worker[_threads.Requested];
        for (int i = 0; i < _workers.Length; i++) _workers[i] = new Worker(Mr * Nr);
        _runPart = RunPart;
    }

    public GemmPath Path { get; }

    /// <summary>Micro-tile rows and columns.</summary>
    public int Mr { get; private set; }
    public int Nr { get; }

    /// <summary>Tuning only: another Vector512 tile height (8, 12 or 14 rows).</summary>
    internal void UseVector512Rows(int rows)
    {
        if (Path != GemmPath.Vector512) throw new InvalidOperationException("not the Vector512 path");
        _tile = rows switch { 8 => &GemmKernels.Tile512x8, 12 => &GemmKernels.Tile512x12, 14 => &GemmKernels.Tile512x14, _ => throw new ArgumentOutOfRangeException(nameof(rows)) };
        Mr = rows;
        _inPlace = false;
        Mc = 504 / rows * rows;
    }

    /// <summary>Whether full tiles read narrow operands where they are stored (see <see cref="Blocked"/>); on by default
    /// on the Vector512 path, settable for tests and tuning.</summary>
    internal bool InPlace { get => _inPlace; set => _inPlace = value && Path == GemmPath.Vector512 && Mr == 14; }

    /// <summary>Cache blocks (settable for tuning; rounded to the micro-tile).</summary>
    internal int Mc { get; set => field = Math.Max(Mr, value / Mr * Mr); }
    internal int Kc { get; set => field = Math.Max(1, value); }
    internal int Nc { get; set => field = Math.Max(Nr, value / Nr * Nr); }

    /// <summary>
    /// <c>C = alpha op(A) op(B) + beta C</c>, op(A) m x k, op(B) k x n, C m x n, all row-major with leading
    /// dimensions (the stored row lengths). beta = 0 overwrites C without reading it.
    /// </summary>
    public void Multiply(MatrixOp opA, MatrixOp opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        GemmShape.Check(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(pc, m, n, ldc, beta);
                return;
            }
            _a = pa; _b = pb; _c = pc;
            (_rsA, _csA) = opA == MatrixOp.None ? ((nint)lda, (nint)1) : (1, lda);
            (_rsB, _csB) = opB == MatrixOp.None ? ((nint)ldb, (nint)1) : (1, ldb);
            _ldc = ldc; _m = m; _n = n; _k = k; _alpha = alpha; _beta = beta;

            int parts = (long)m * n * k < ParallelMinMultiplyAdds ? 1 : _threads.Granted;
            _splitRows = (m + Mr - 1) / Mr >= (n + Nr - 1) / Nr;
            int extent = _splitRows ? m : n, unit = _splitRows ? Mr : Nr;
            _partSize = ((extent + parts - 1) / parts + unit - 1) / unit * unit;
            parts = (extent + _partSize - 1) / _partSize;
            if (parts == 1) RunPart(0);
            else _threads.For(0, parts, _runPart);
            _a = _b = _c = null;
        }
    }

    /// <summary>The same product for any float type: float runs the packed kernels, others the simple loops (gradient checks in float64).</summary>
    public void Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Multiply(opA, opB, m, n, k, Unsafe.BitCast<T, float>(alpha),
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(a), lda,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(b), ldb, Unsafe.BitCast<T, float>(beta),
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(c), ldc);
        else
            GemmReference.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private void RunPart(int part)
    {
        int from = part * _partSize;
        int m = _m, n = _n;
        float* a = _a, b = _b, c = _c;
        if (_splitRows)
        {
            m = Math.Min(_partSize, _m - from);
            a += from * _rsA;
            c += from * _ldc;
        }
        else
        {
            n = Math.Min(_partSize, _n - from);
            b += from * _csB;
            c += from;
        }
        Blocked(_workers[part], a, b, c, m, n);
    }

    /// <summary>The five loops around the micro-kernel for one slab of C.</summary>
    /// <remarks>
    /// Packing an operand costs a copy of it per block, i.e. 1/n of the product for A and 1/m for B: for the narrow
    /// products of a small network (m or n = 64) that copy, not the arithmetic, is the cost. So on the Vector512 path
    /// an operand is read where it is stored, by full tiles only (a ragged edge tile is still packed, so nothing is
    /// read outside the operand), when the other dimension is small:
    /// op(A) row-major (rows contiguous): the row-strided kernel; op(A) stored transposed (its columns contiguous):
    /// the packed kernel with k-stride lda; op(B) row-major: the packed kernel with k-stride ldb. Wide blocks keep
    /// packing: rows 4 KiB apart share L1 sets, and there the copy is cheap beside the product.
    /// </remarks>
    private void Blocked(Worker w, float* a, float* b, float* c, int m, int n)
    {
        int k = _k, mrT = Mr, nrT = Nr;
        nint rsA = _rsA, csA = _csA, rsB = _rsB, csB = _csB, ldc = _ldc;
        float* packA = w.PackA(Math.Min(Mc, RoundUp(m, mrT)) * Math.Min(Kc, k));
        float* packB = w.PackB(Math.Min(Nc, RoundUp(n, nrT)) * Math.Min(Kc, k));
        float* tile = w.Tile;
        bool inPlace = _inPlace;
        bool bInPlace = inPlace && csB == 1 && m <= InPlaceMaxOther;
        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            int fullCols = bInPlace ? nc / nrT * nrT : 0;
            bool aRows = inPlace && csA == 1 && nc <= InPlaceMaxOther;   // op(A) rows contiguous
            bool aCols = inPlace && rsA == 1 && nc <= InPlaceMaxOther;   // op(A) columns contiguous
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                float beta = pc == 0 ? _beta : 1f;
                float* bBlock = b + pc * rsB + jc * csB;
                if (fullCols < nc)
                    GemmPacking.PackB(bBlock + fullCols * csB, rsB, csB, kc, nc - fullCols, nrT, packB);
                for (int ic = 0; ic < m; ic += Mc)
                {
                    int mc = Math.Min(Mc, m - ic);
                    float* aBlock = a + ic * rsA + pc * csA;
                    int fullRows = aRows || aCols ? mc / mrT * mrT : 0;
                    if (fullRows < mc)
                        GemmPacking.PackA(aBlock + fullRows * rsA, rsA, csA, mc - fullRows, kc, mrT, packA);
                    for (int jr = 0; jr < nc; jr += nrT)
                    {
                        int nr = Math.Min(nrT, nc - jr);
                        bool bHere = jr < fullCols;
                        float* pb = bHere ? bBlock + jr : packB + (nint)(jr - fullCols) * kc;
                        nint bk = bHere ? rsB : nrT;
                        float* cBlock = c + ic * ldc + jc + jr;
                        int ir = 0;
                        if (aRows)
                            for (; ir < fullRows; ir += mrT)
                                GemmKernels.Tile512x14Direct(kc, aBlock + ir * rsA, rsA, pb, bk, cBlock + ir * ldc, ldc, _alpha, beta, nr, tile);
                        else if (aCols)
                            for (; ir < fullRows; ir += mrT)
                                _tile(kc, aBlock + ir, csA, pb, bk, cBlock + ir * ldc, ldc, _alpha, beta, mrT, nr, tile);
                        for (; ir < mc; ir += mrT)
                            _tile(kc, packA + (nint)(ir - fullRows) * kc, mrT, pb, bk, cBlock + ir * ldc, ldc, _alpha, beta, Math.Min(mrT, mc - ir), nr, tile);
                    }
                }
            }
        }
    }

    private static void ScaleC(float* c, int m, int n, nint ldc, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;

    /// <summary>One thread's pack buffers and edge tile (64-byte aligned, grown to the largest block seen).</summary>
    private sealed class Worker(int tileLength)
    {
        private AlignedBuffer<float> _packA = new(0), _packB = new(0);
        private readonly AlignedBuffer<float> _tile = new(tileLength);

        public float* Tile => _tile.Pointer;

        public float* PackA(int length) => Grow(ref _packA, length);
        public float* PackB(int length) => Grow(ref _packB, length);

        private static float* Grow(ref AlignedBuffer<float> buffer, int length)
        {
            if (buffer.Length < length) buffer = new AlignedBuffer<float>(length);
            return buffer.Pointer;
        }
    }
}
