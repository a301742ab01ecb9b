using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grokking.Problems.Mnist;

/// <summary>
/// A constant sparse matrix in compressed rows (CSR): row r holds the values <c>Values[RowStart[r] .. RowStart[r+1])</c>
/// at the columns <c>Columns[...]</c>. MNIST images are ~80 % zero pixels, so the first layer's products with the
/// images (forward X A^T, weight gradient X^T dH) cost a fifth of the dense GEMM's multiply-adds here.
/// </summary>
public sealed class SparseRows
{
    private SparseRows(int rows, int cols, int[] rowStart, int[] columns, float[] values)
    {
        (Rows, Cols, RowStart, Columns, Values) = (rows, cols, rowStart, columns, values);
    }

    public int Rows { get; }
    public int Cols { get; }
    public int[] RowStart { get; }
    public int[] Columns { get; }
    public float[] Values { get; }
    public int NonZeros => RowStart[Rows];

    /// <summary>The non-zero entries of a row-major dense matrix.</summary>
    public static SparseRows FromDense(ReadOnlySpan<float> dense, int rows, int cols)
    {
        if (dense.Length < (long)rows * cols) throw new ArgumentException($"{dense.Length} values do not hold {rows} x {cols}");
        var rowStart = new int[rows + 1];
        var columns = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            var row = dense.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++)
                if (row[c] != 0f) { columns.Add(c); values.Add(row[c]); }
            rowStart[r + 1] = columns.Count;
        }
        return new SparseRows(rows, cols, rowStart, [.. columns], [.. values]);
    }

    /// <summary>The transpose, also in compressed rows (the compressed columns of this matrix); entries of a row in
    /// increasing column order, as here.</summary>
    public SparseRows Transpose()
    {
        var count = new int[Cols + 1];
        for (int i = 0; i < NonZeros; i++) count[Columns[i] + 1]++;
        for (int c = 0; c < Cols; c++) count[c + 1] += count[c];
        var next = (int[])count.Clone();
        var columns = new int[NonZeros];
        var values = new float[NonZeros];
        for (int r = 0; r < Rows; r++)
            for (int i = RowStart[r]; i < RowStart[r + 1]; i++)
            {
                int at = next[Columns[i]]++;
                columns[at] = r;
                values[at] = Values[i];
            }
        return new SparseRows(Cols, Rows, count, columns, values);
    }

    /// <summary>
    /// <c>C[r, :] = sum_j S[r, j] D[j, :]</c> for the rows r in [<paramref name="from"/>, <paramref name="to"/>):
    /// this matrix times a dense row-major <paramref name="dense"/> (Cols x <paramref name="width"/>), into row-major
    /// <paramref name="product"/> (row r at row r - from, overwritten).
    /// </summary>
    /// <remarks>
    /// <para>The loop runs over blocks of output columns, and within a block over the rows: the block's slice of D
    /// (Cols x 128 floats, 400 KiB for MNIST's 784 pixels) stays in L2 while every row streams it, where a row-outer
    /// order would read all of D from L3 for each row (measured 1.7x slower). A row's 128 outputs stay in eight
    /// 512-bit registers while its non-zeros stream the matching rows of the block: one load and one multiply-add per
    /// 16 values, C written once. (Blocks of 64 columns in four accumulators measured the same CPU time, within 10 %:
    /// the product is bound by reading the block's rows, not by the multiply-adds' latency.)</para>
    /// <para>A width that is not a multiple of the block ends with one more block placed flush with the last column
    /// (overlapping the one before): the overlapped columns are computed again by the same multiply-adds in the same
    /// order, so they are written with the same values, and no column runs in a scalar tail (4 scalar columns of
    /// MNIST's width 500 cost as much as 60 vector ones).</para>
    /// <para>Every output is the same sum: the row's non-zeros in order, by fused multiply-adds from zero, whichever
    /// block computes it (so any split of the rows or of the columns gives the same bits).</para>
    /// </remarks>
    public void Multiply(ReadOnlySpan<float> dense, int width, Span<float> product, int from, int to)
    {
        if (from < 0 || to > Rows || from > to) throw new ArgumentOutOfRangeException(nameof(to), $"rows [{from}, {to}) of {Rows}");
        if (dense.Length < (long)Cols * width || product.Length < (long)(to - from) * width)
            throw new ArgumentException($"a {Rows} x {Cols} sparse matrix times {Cols} x {width} does not fit the spans");
        ref float d0 = ref MemoryMarshal.GetReference(dense);
        ref float c0 = ref MemoryMarshal.GetReference(product);
        if (Vector512.IsHardwareAccelerated && width >= Vector512<float>.Count)
        {
            const int wide = 8 * 16, narrow = 4 * 16, one = 16;
            int j = 0;
            if (width >= wide)
            {
                for (; j + wide <= width; j += wide) Block8(ref d0, width, ref c0, from, to, j);
                if (j < width)
                {
                    if (width - j > narrow) Block8(ref d0, width, ref c0, from, to, width - wide);
                    else Block4(ref d0, width, ref c0, from, to, width - narrow);
                }
            }
            else if (width >= narrow)
            {
                Block4(ref d0, width, ref c0, from, to, 0);
                if (width > narrow) Block4(ref d0, width, ref c0, from, to, width - narrow);
            }
            else
            {
                for (; j + one <= width; j += one) Block1(ref d0, width, ref c0, from, to, j);
                if (j < width) Block1(ref d0, width, ref c0, from, to, width - one);
            }
            return;
        }
        int col = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; col + 32 <= width; col += 32)
                for (int r = from; r < to; r++)
                {
                    int start = RowStart[r], end = RowStart[r + 1];
                    Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (int i = start; i < end; i++)
                    {
                        var v = Vector256.Create(Values[i]);
                        ref float src = ref Unsafe.Add(ref d0, (nint)Columns[i] * width + col);
                        a0 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref src), a0);
                        a1 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref src, 8), a1);
                        a2 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref src, 16), a2);
                        a3 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref src, 24), a3);
                    }
                    ref float row = ref Unsafe.Add(ref c0, (nint)(r - from) * width + col);
                    a0.StoreUnsafe(ref row);
                    a1.StoreUnsafe(ref row, 8);
                    a2.StoreUnsafe(ref row, 16);
                    a3.StoreUnsafe(ref row, 24);
                }
        }
        // the last columns (fewer than a vector): scalar, in the same order of the non-zeros
        for (; col < width; col++)
            for (int r = from; r < to; r++)
            {
                float sum = 0f;
                for (int i = RowStart[r]; i < RowStart[r + 1]; i++) sum = MathF.FusedMultiplyAdd(Values[i], Unsafe.Add(ref d0, (nint)Columns[i] * width + col), sum);
                Unsafe.Add(ref c0, (nint)(r - from) * width + col) = sum;
            }
    }

    /// <summary>Columns [j, j + 128) of rows [from, to) in eight 512-bit accumulators.</summary>
    private void Block8(ref float d0, int width, ref float c0, int from, int to, int j)
    {
        ref int rowStart = ref MemoryMarshal.GetArrayDataReference(RowStart);
        ref int columns = ref MemoryMarshal.GetArrayDataReference(Columns);
        ref float values = ref MemoryMarshal.GetArrayDataReference(Values);
        ref float block = ref Unsafe.Add(ref d0, j);
        for (int r = from; r < to; r++)
        {
            int end = Unsafe.Add(ref rowStart, r + 1);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int i = Unsafe.Add(ref rowStart, r); i < end; i++)
            {
                var v = Vector512.Create(Unsafe.Add(ref values, i));
                ref float src = ref Unsafe.Add(ref block, (nint)Unsafe.Add(ref columns, i) * width);
                a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src), a0);
                a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 16), a1);
                a2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 32), a2);
                a3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 48), a3);
                a4 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 64), a4);
                a5 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 80), a5);
                a6 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 96), a6);
                a7 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 112), a7);
            }
            ref float row = ref Unsafe.Add(ref c0, (nint)(r - from) * width + j);
            a0.StoreUnsafe(ref row);
            a1.StoreUnsafe(ref row, 16);
            a2.StoreUnsafe(ref row, 32);
            a3.StoreUnsafe(ref row, 48);
            a4.StoreUnsafe(ref row, 64);
            a5.StoreUnsafe(ref row, 80);
            a6.StoreUnsafe(ref row, 96);
            a7.StoreUnsafe(ref row, 112);
        }
    }

    /// <summary>Columns [j, j + 64) of rows [from, to) in four 512-bit accumulators.</summary>
    private void Block4(ref float d0, int width, ref float c0, int from, int to, int j)
    {
        ref int rowStart = ref MemoryMarshal.GetArrayDataReference(RowStart);
        ref int columns = ref MemoryMarshal.GetArrayDataReference(Columns);
        ref float values = ref MemoryMarshal.GetArrayDataReference(Values);
        ref float block = ref Unsafe.Add(ref d0, j);
        for (int r = from; r < to; r++)
        {
            int end = Unsafe.Add(ref rowStart, r + 1);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = Unsafe.Add(ref rowStart, r); i < end; i++)
            {
                var v = Vector512.Create(Unsafe.Add(ref values, i));
                ref float src = ref Unsafe.Add(ref block, (nint)Unsafe.Add(ref columns, i) * width);
                a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src), a0);
                a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 16), a1);
                a2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 32), a2);
                a3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref src, 48), a3);
            }
            ref float row = ref Unsafe.Add(ref c0, (nint)(r - from) * width + j);
            a0.StoreUnsafe(ref row);
            a1.StoreUnsafe(ref row, 16);
            a2.StoreUnsafe(ref row, 32);
            a3.StoreUnsafe(ref row, 48);
        }
    }

    /// <summary>Columns [j, j + 16) of rows [from, to) in one 512-bit accumulator.</summary>
    private void Block1(ref float d0, int width, ref float c0, int from, int to, int j)
    {
        for (int r = from; r < to; r++)
        {
            Vector512<float> a0 = default;
            for (int i = RowStart[r]; i < RowStart[r + 1]; i++)
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Values[i]),
                    Vector512.LoadUnsafe(ref Unsafe.Add(ref d0, (nint)Columns[i] * width + j)), a0);
            a0.StoreUnsafe(ref Unsafe.Add(ref c0, (nint)(r - from) * width + j));
        }
    }
}
