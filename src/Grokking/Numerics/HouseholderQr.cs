namespace Grokking.Numerics;

/// <summary>
/// Reduced QR of an m x n matrix (m &gt;= n) by Householder reflections with LAPACK's conventions,
/// so that Q matches <c>numpy.linalg.qr(A)[0]</c> (LAPACK <c>dgeqrf</c> + <c>dorgqr</c>) in value and
/// sign, up to rounding: <c>dlarfg</c> picks beta = -sign(alpha) * ||x|| (so diag(R) has the opposite
/// sign of the pivot), tau = 0 when the sub-column is already zero (and always for the last column of
/// a square matrix), and Q is accumulated backwards as in <c>dorg2r</c>.
/// </summary>
internal static class HouseholderQr
{
    /// <summary>Q factor (m x n, orthonormal columns) of <paramref name="a"/>; <paramref name="a"/> is not modified.</summary>
    public static DenseMatrix ComputeQ(DenseMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.Rows, n = a.Cols;
        if (m < n)
        {
            throw new ArgumentException($"Reduced QR here needs rows >= cols, got {m} x {n}.", nameof(a));
        }

        // Column-major working copy: LAPACK's layout makes every reflector a contiguous column.
        var w = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                w[j * m + i] = a.Data[i * n + j];
            }
        }

        var tau = new double[n];
        var work = new double[n];
        for (int i = 0; i < n; i++)
        {
            tau[i] = MakeReflector(w.AsSpan(i * m + i, m - i));
            if (i < n - 1)
            {
                double diagonal = w[i * m + i];
                w[i * m + i] = 1.0;
                ApplyReflectorLeft(w, m, i, i + 1, n, tau[i], work);
                w[i * m + i] = diagonal;
            }
        }

        // dorg2r: overwrite the reflectors with Q, last reflector first.
        for (int i = n - 1; i >= 0; i--)
        {
            if (i < n - 1)
            {
                w[i * m + i] = 1.0;
                ApplyReflectorLeft(w, m, i, i + 1, n, tau[i], work);
            }
            for (int r = i + 1; r < m; r++)
            {
                w[i * m + r] *= -tau[i];
            }
            w[i * m + i] = 1.0 - tau[i];
            for (int r = 0; r < i; r++)
            {
                w[i * m + r] = 0.0;
            }
        }

        var q = new DenseMatrix(m, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                q.Data[i * n + j] = w[j * m + i];
            }
        }
        return q;
    }

    /// <summary>
    /// LAPACK <c>dlarfg</c> on x = column[0..]: returns tau, leaves beta in column[0] and the
    /// reflector tail v[1..] (v[0] = 1 implicit) in column[1..].
    /// </summary>
    private static double MakeReflector(Span<double> column)
    {
        if (column.Length <= 1)
        {
            return 0.0;
        }
        double alpha = column[0];
        double xnorm = Norm(column[1..]);
        if (xnorm == 0.0)
        {
            return 0.0;
        }
        double magnitude = Hypot(alpha, xnorm);
        // Fortran SIGN(a, b) is +|a| for b >= +0, so alpha = 0 gives beta = -norm.
        double beta = double.IsNegative(alpha) ? magnitude : -magnitude;
        double t = (beta - alpha) / beta;
        double scale = 1.0 / (alpha - beta);
        for (int k = 1; k < column.Length; k++)
        {
            column[k] *= scale;
        }
        column[0] = beta;
        return t;
    }

    /// <summary>
    /// LAPACK <c>dlarf('Left')</c>: C = (I - tau v v^T) C for the block rows [i, m), columns
    /// [colStart, colEnd), with v stored in column i from row i (v[0] already set to 1).
    /// </summary>
    private static void ApplyReflectorLeft(double[] w, int m, int i, int colStart, int colEnd, double tau, double[] work)
    {
        if (tau == 0.0)
        {
            return;
        }
        ReadOnlySpan<double> v = w.AsSpan(i * m + i, m - i);
        for (int j = colStart; j < colEnd; j++)
        {
            ReadOnlySpan<double> c = w.AsSpan(j * m + i, m - i);
            double dot = 0.0;
            for (int r = 0; r < v.Length; r++)
            {
                dot += v[r] * c[r];
            }
            work[j] = dot;
        }
        for (int j = colStart; j < colEnd; j++)
        {
            Span<double> c = w.AsSpan(j * m + i, m - i);
            double factor = tau * work[j];
            for (int r = 0; r < v.Length; r++)
            {
                c[r] -= factor * v[r];
            }
        }
    }

    /// <summary>Euclidean norm with scaling against overflow (the role of LAPACK's dnrm2).</summary>
    private static double Norm(ReadOnlySpan<double> x)
    {
        double scale = 0.0;
        for (int k = 0; k < x.Length; k++)
        {
            scale = Math.Max(scale, Math.Abs(x[k]));
        }
        if (scale == 0.0 || !double.IsFinite(scale))
        {
            return scale;
        }
        double sum = 0.0;
        for (int k = 0; k < x.Length; k++)
        {
            double y = x[k] / scale;
            sum += y * y;
        }
        return scale * Math.Sqrt(sum);
    }

    /// <summary>LAPACK <c>dlapy2</c>: sqrt(a^2 + b^2) without overflow.</summary>
    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        double big = Math.Max(x, y), small = Math.Min(x, y);
        if (small == 0.0)
        {
            return big;
        }
        double ratio = small / big;
        return big * Math.Sqrt(1.0 + ratio * ratio);
    }
}
