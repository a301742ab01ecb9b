using System.Numerics.Tensors;

namespace Grokking.Numerics;

/// <summary>
/// In-place Cholesky A = L L^T of a small dense SPD matrix (row-major, lower triangle read and overwritten),
/// and the matching triangular solves. Row-oriented (Crout) so every inner product runs over two contiguous
/// row prefixes. No allocation.
/// </summary>
internal static class DenseCholesky
{
    /// <summary>Stands in for an "infinite" pivot: the matching solution component becomes ~0.</summary>
    private const double SkippedPivot = 1e64;

    /// <summary>
    /// Factors the lower triangle of <paramref name="a"/> (n x n). A pivot at or below
    /// <paramref name="pivotFloor"/> * max(diag) is replaced by a huge value instead of failing (Wright's
    /// modification for interior-point normal equations: near the optimum the matrix is rank-deficient by
    /// design, and the skipped direction is one the iterate no longer needs). Returns the number of skipped
    /// pivots; with <paramref name="skip"/> false a tiny pivot returns -1 (not positive definite).
    /// </summary>
    public static int Factor(Span<double> a, int n, double pivotFloor, bool skip = true)
    {
        double maxDiag = 0.0;
        for (int i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, a[i * n + i]);
        double floor = pivotFloor * maxDiag;
        int skipped = 0;
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = a.Slice(i * n, n);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> rowJ = a.Slice(j * n, j);
                rowI[j] = (rowI[j] - TensorPrimitives.Dot(rowI[..j], rowJ)) / a[j * n + j];
            }
            double pivot = rowI[i] - TensorPrimitives.Dot(rowI[..i], rowI[..i]);
            if (!(pivot > floor) || maxDiag == 0.0)
            {
                if (!skip) return -1;
                rowI[i] = SkippedPivot;
                skipped++;
            }
            else
            {
                rowI[i] = Math.Sqrt(pivot);
            }
        }
        return skipped;
    }

    /// <summary>Solves L L^T x = b in place (b becomes x) with the factor from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = l.Slice(i * n, i);
            b[i] = (b[i] - TensorPrimitives.Dot(row, b[..i])) / l[i * n + i];
        }
        // L^T x = z: column access of L, i.e. a strided walk; n <= ~100 so this stays cheap.
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k];
            b[i] = sum / l[i * n + i];
        }
    }
}
