using Grokking.Numerics;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// Mutual coherence, the reference's <c>calculate_coherence(A, B)</c> (spec B.6):
/// <c>max_{i,j} |&lt;A_:,i, B_:,j&gt;| / (||A_:,i|| ||B_:,j||)</c>, with the diagonal zeroed only when A and B are the
/// same matrix (same shape and <c>np.allclose</c>), so that a matrix is not "coherent with itself". A zero column
/// gives NaN, as numpy's 0/0 does.
/// </summary>
public static class Coherence
{
    /// <summary>Coherence between the columns of <paramref name="a"/> (q x m1) and of <paramref name="b"/> (q x m2).</summary>
    /// <exception cref="ArgumentException">The column lengths differ or a matrix is empty.</exception>
    public static double Mutual(DenseMatrix a, DenseMatrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows || a.Rows == 0 || a.Cols == 0 || b.Cols == 0)
            throw new ArgumentException($"Coherence needs columns of equal, positive length: A is {a.Rows} x {a.Cols}, B is {b.Rows} x {b.Cols}.");
        double[] aT = NormalizedColumns(a), bT = NormalizedColumns(b);
        bool zeroDiagonal = a.Cols == b.Cols && AllClose(a.Data, b.Data);
        return MaxAbsDot(aT, a.Cols, bT, b.Cols, a.Rows, zeroDiagonal);
    }

    /// <summary>
    /// <c>calculate_coherence(M^T, Phi)</c> of Figure 19(a): rows of the measurement matrix M (N x n) against the
    /// columns of Phi, given as <paramref name="phiColumnsNormalized"/> (m x n, row j = Phi[:, j] / ||Phi[:, j]||, from
    /// <see cref="NormalizedColumns"/>). <paramref name="scratch"/> holds one row (length n). No allocation.
    /// </summary>
    public static double OfMeasurements(DenseMatrix m, ReadOnlySpan<double> phiColumnsNormalized, int phiColumns, Span<double> scratch)
    {
        int n = m.Cols;
        double best = 0.0;
        for (int i = 0; i < m.Rows; i++)
        {
            ReadOnlySpan<double> row = m.Row(i);
            Kernels.Scale(1.0 / Kernels.Norm2(row), row, scratch[..n]);
            for (int j = 0; j < phiColumns; j++)
                best = MaxNan(best, Math.Abs(Kernels.Dot<double>(scratch[..n], phiColumnsNormalized.Slice(j * n, n))));
        }
        return best;
    }

    /// <summary>The columns of <paramref name="a"/> divided by their norms, stored as rows (m x q, row-major).</summary>
    public static double[] NormalizedColumns(DenseMatrix a)
    {
        var t = new double[a.Cols * a.Rows];
        for (int j = 0; j < a.Cols; j++)
        {
            double norm = 0.0;
            for (int i = 0; i < a.Rows; i++) norm += a[i, j] * a[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < a.Rows; i++) t[j * a.Rows + i] = a[i, j] / norm;
        }
        return t;
    }

    private static double MaxAbsDot(double[] aT, int countA, double[] bT, int countB, int length, bool zeroDiagonal)
    {
        double best = 0.0;
        for (int i = 0; i < countA; i++)
            for (int j = 0; j < countB; j++)
            {
                if (zeroDiagonal && i == j) continue;
                best = MaxNan(best, Math.Abs(Kernels.Dot<double>(aT.AsSpan(i * length, length), bT.AsSpan(j * length, length))));
            }
        return best;
    }

    /// <summary>np.max propagates NaN.</summary>
    private static double MaxNan(double best, double value) => double.IsNaN(best) || double.IsNaN(value) ? double.NaN : Math.Max(best, value);

    /// <summary>np.allclose defaults: |a - b| &lt;= 1e-8 + 1e-5 |b| everywhere.</summary>
    private static bool AllClose(double[] a, double[] b)
    {
        for (int k = 0; k < a.Length; k++)
            if (!(Math.Abs(a[k] - b[k]) <= 1e-8 + 1e-5 * Math.Abs(b[k]))) return false;
        return true;
    }
}
