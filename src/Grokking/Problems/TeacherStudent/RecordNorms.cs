using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Grokking.Nn;
using Grokking.Numerics;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// ||W||_* of a row-major float matrix with at least as many rows as columns, sum_i sqrt(lambda_i(W^T W)), the
/// Gram matrix in double (as <see cref="GramNuclearNorm"/>, whose error bounds hold: ~1e-8 of the norm at worst) but
/// formed from W^T converted once into padded double rows, 4 x 4 blocks of dot products at a time (16 independent
/// accumulators; the outer-product form of <see cref="GramNuclearNorm"/> makes 50,000 short vector calls for a
/// 500 x 100 layer). Allocates nothing after construction.
/// </summary>
internal sealed class TallGramNuclearNorm
{
    private const int Block = 4;
    private readonly int _rows, _cols, _stride, _paddedCols;
    private readonly double[] _transposed, _gram, _eigenvalues, _work;

    public TallGramNuclearNorm(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, cols);
        (_rows, _cols) = (rows, cols);
        _stride = (rows + Vector256<double>.Count - 1) / Vector256<double>.Count * Vector256<double>.Count;
        _paddedCols = (cols + Block - 1) / Block * Block;
        // zero padding: the rows past the matrix's and the columns past a multiple of 4 add nothing to the dots
        _transposed = new double[_paddedCols * _stride];
        _gram = new double[cols * cols];
        _eigenvalues = new double[cols];
        _work = new double[cols];
    }

    /// <summary>||W||_* of the row-major rows x cols matrix <paramref name="w"/>; NaN for non-finite input.</summary>
    public double Of(ReadOnlySpan<float> w)
    {
        if (w.Length != _rows * _cols) throw new ArgumentException($"expected {_rows} x {_cols} entries, got {w.Length}", nameof(w));
        int rows = _rows, cols = _cols, stride = _stride;
        var t = _transposed;
        for (int r = 0; r < rows; r++)
        {
            var row = w.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) t[c * stride + r] = row[c];
        }
        FormGram();
        if (!SymmetricEigenvalues.Compute(_gram, cols, _eigenvalues, _work)) return double.NaN;
        double sum = 0;
        foreach (double lambda in _eigenvalues) sum += Math.Sqrt(Math.Max(lambda, 0));
        return sum;
    }

    /// <summary>The lower triangle (and the diagonal blocks whole) of W^T W: G[i, j] = t_i . t_j over the rows.</summary>
    private void FormGram()
    {
        int cols = _cols, stride = _stride, n = _paddedCols;
        ref double t = ref MemoryMarshal.GetArrayDataReference(_transposed);
        Span<double> sums = stackalloc double[Block * Block];
        for (int i0 = 0; i0 < n; i0 += Block)
        {
            for (int j0 = 0; j0 <= i0; j0 += Block)
            {
                if (Vector256.IsHardwareAccelerated) DotBlock(ref t, stride, i0, j0, sums);
                else DotBlockScalar(_transposed, stride, i0, j0, sums);
                for (int a = 0; a < Block && i0 + a < cols; a++)
                    for (int b = 0; b < Block && j0 + b < cols; b++)
                        _gram[(i0 + a) * cols + j0 + b] = sums[a * Block + b];
            }
        }
    }

    /// <summary>The 4 x 4 block of dot products of rows i0.. and j0.. of the transposed matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotBlock(ref double t, int stride, int i0, int j0, Span<double> sums)
    {
        Vector256<double> c00 = Vector256<double>.Zero, c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00,
            c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        nuint ri0 = (nuint)(i0 * stride), ri1 = ri0 + (nuint)stride, ri2 = ri1 + (nuint)stride, ri3 = ri2 + (nuint)stride;
        nuint rj0 = (nuint)(j0 * stride), rj1 = rj0 + (nuint)stride, rj2 = rj1 + (nuint)stride, rj3 = rj2 + (nuint)stride;
        for (nuint k = 0; k < (nuint)stride; k += (nuint)Vector256<double>.Count)
        {
            var a0 = Vector256.LoadUnsafe(ref t, ri0 + k);
            var a1 = Vector256.LoadUnsafe(ref t, ri1 + k);
            var a2 = Vector256.LoadUnsafe(ref t, ri2 + k);
            var a3 = Vector256.LoadUnsafe(ref t, ri3 + k);
            var b0 = Vector256.LoadUnsafe(ref t, rj0 + k);
            var b1 = Vector256.LoadUnsafe(ref t, rj1 + k);
            var b2 = Vector256.LoadUnsafe(ref t, rj2 + k);
            var b3 = Vector256.LoadUnsafe(ref t, rj3 + k);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(a0, b2, c02); c03 = Vector256.FusedMultiplyAdd(a0, b3, c03);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(a1, b2, c12); c13 = Vector256.FusedMultiplyAdd(a1, b3, c13);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(a2, b2, c22); c23 = Vector256.FusedMultiplyAdd(a2, b3, c23);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(a3, b2, c32); c33 = Vector256.FusedMultiplyAdd(a3, b3, c33);
        }
        sums[0] = Vector256.Sum(c00); sums[1] = Vector256.Sum(c01); sums[2] = Vector256.Sum(c02); sums[3] = Vector256.Sum(c03);
        sums[4] = Vector256.Sum(c10); sums[5] = Vector256.Sum(c11); sums[6] = Vector256.Sum(c12); sums[7] = Vector256.Sum(c13);
        sums[8] = Vector256.Sum(c20); sums[9] = Vector256.Sum(c21); sums[10] = Vector256.Sum(c22); sums[11] = Vector256.Sum(c23);
        sums[12] = Vector256.Sum(c30); sums[13] = Vector256.Sum(c31); sums[14] = Vector256.Sum(c32); sums[15] = Vector256.Sum(c33);
    }

    private static void DotBlockScalar(double[] t, int stride, int i0, int j0, Span<double> sums)
    {
        for (int a = 0; a < Block; a++)
            for (int b = 0; b < Block; b++)
            {
                double s = 0;
                for (int k = 0; k < stride; k++) s = Math.FusedMultiplyAdd(t[(i0 + a) * stride + k], t[(j0 + b) * stride + k], s);
                sums[a * Block + b] = s;
            }
    }
}
