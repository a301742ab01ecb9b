using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// ||W||_* of a row-major float or double matrix from the eigenvalues of its smaller Gram matrix (W W^T or W^T W,
/// in double, formed by one register-blocked product, <see cref="DoubleRowProduct"/>): sigma_i = sqrt(max(lambda_i, 0)). For a metric recorded at every evaluation this is ~10x cheaper than
/// a cold Jacobi SVD of W (one Gram product and a tridiagonal QL without vectors). Its error is at most
/// ~sqrt(eps) ||W|| per singular value that rounding pushed to or below zero, and ~eps ||W||^2 / sigma_i otherwise:
/// 1e-8 relative to the norm in the worst case, far below what a float32 network's norm can mean. Allocates
/// nothing after construction.
/// </summary>
public sealed class GramNuclearNorm
{
    private readonly int _rows, _cols, _n;
    private readonly double[] _w, _gram, _diagonal, _offDiagonal;

    public GramNuclearNorm(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        (_rows, _cols, _n) = (rows, cols, Math.Min(rows, cols));
        _w = new double[rows * cols];
        _gram = new double[_n * _n];
        _diagonal = new double[_n];
        _offDiagonal = new double[_n];
    }

    /// <summary>The eigenvalues of the Gram matrix of the last call (unsorted; squared singular values).</summary>
    public ReadOnlySpan<double> GramEigenvalues => _diagonal;

    /// <summary>||W||_* of the row-major rows x cols matrix <paramref name="w"/>; NaN for non-finite input.</summary>
    public double Of<T>(ReadOnlySpan<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.Length != _rows * _cols) throw new ArgumentException($"expected {_rows} x {_cols} entries, got {w.Length}", nameof(w));
        // the tall layout T (m x n, m the larger side: W, or W^T when W is wide), G = T^T T in one blocked product
        if (_rows > _cols) for (int i = 0; i < w.Length; i++) _w[i] = double.CreateTruncating(w[i]);
        else
            for (int r = 0; r < _rows; r++)
                for (int c = 0; c < _cols; c++) _w[c * _n + r] = double.CreateTruncating(w[r * _cols + c]);
        DoubleRowProduct.Multiply(_n, _n, Math.Max(_rows, _cols), _w, 1, _n, _w, _n, _gram, _n);
        if (!SymmetricEigenvalues.Compute(_gram, _n, _diagonal, _offDiagonal)) return double.NaN;
        double sum = 0;
        foreach (double lambda in _diagonal) sum += Math.Sqrt(Math.Max(lambda, 0));
        return sum;
    }

}

/// <summary>
/// Eigenvalues (no vectors) of a small dense symmetric matrix: Householder reduction to tridiagonal form, then the
/// implicit QL iteration with Wilkinson shifts (the classic tred2 / tqli pair, Numerical Recipes 3rd ed. 11.3-11.4,
/// with the eigenvector updates left out). O(2/3 n^3) + O(n^2); allocation-free.
/// </summary>
public static class SymmetricEigenvalues
{
    /// <summary>
    /// Overwrites <paramref name="a"/> (n x n row-major; only the lower triangle, j &lt;= i, is read) and writes the
    /// eigenvalues, unsorted, into <paramref name="eigenvalues"/>; <paramref name="work"/> holds n doubles. False
    /// when the iteration does not converge (non-finite input).
    /// </summary>
    public static bool Compute(Span<double> a, int n, Span<double> eigenvalues, Span<double> work)
    {
        if (a.Length < n * n || eigenvalues.Length < n || work.Length < n) throw new ArgumentException("spans too short for n");
        var d = eigenvalues;
        var e = work;
        Tridiagonalise(a, n, d, e, keepTransforms: false);
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        return Ql(d, e, n, []);
    }

    /// <summary>
    /// Eigenvalues and eigenvectors: as <see cref="Compute"/>, and row i of <paramref name="vectorsByRow"/> (n x n)
    /// the unit eigenvector of eigenvalue i (tred2 with the Householder transforms accumulated, then tqli rotating
    /// the rows of Q^T, contiguous, instead of columns of Q). <paramref name="work"/> holds 2n doubles. The
    /// eigenvalues are bit for bit those of <see cref="Compute"/>.
    /// </summary>
    public static bool ComputeWithVectors(Span<double> a, int n, Span<double> eigenvalues, Span<double> work, Span<double> vectorsByRow)
    {
        if (a.Length < n * n || eigenvalues.Length < n || work.Length < 2 * n || vectorsByRow.Length < n * n)
            throw new ArgumentException("spans too short for n");
        var d = eigenvalues;
        var e = work[..n];
        Tridiagonalise(a, n, d, e, keepTransforms: true);
        AccumulateTransforms(a, n, d, work.Slice(n, n));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) vectorsByRow[j * n + i] = a[i * n + j];
        return Ql(d, e, n, vectorsByRow);
    }

    /// <summary>
    /// tred2's second half: overwrites <paramref name="a"/> with Q (the product of the Householder reflections, so
    /// that Q^T A Q is the tridiagonal) and d with the diagonal. Step i's reflection is u = row i (columns 0..i-1)
    /// with u / h in column i (rows 0..i-1), and d[i] = h (0: no reflection); the updates run on contiguous rows.
    /// </summary>
    private static void AccumulateTransforms(Span<double> a, int n, Span<double> d, Span<double> g)
    {
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && d[i] != 0)
            {
                // g = u^T Q_block (row vector), then Q_block -= (u / h) g
                var gi = g[..i];
                gi.Clear();
                for (int k = 0; k < i; k++) TensorPrimitives.MultiplyAdd(a.Slice(k * n, i), a[i * n + k], gi, gi);
                for (int k = 0; k < i; k++)
                {
                    var row = a.Slice(k * n, i);
                    TensorPrimitives.MultiplyAdd(gi, -a[k * n + i], row, row);
                }
            }
            d[i] = a[i * n + i];
            a[i * n + i] = 1;
            for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j] = 0;
        }
    }

    /// <summary>
    /// tred2 without the transformation matrix: diagonal into d, sub-diagonal into e[1..n-1]. Unlike the book, it
    /// keeps the whole symmetric leading block (both triangles), so the products with the Householder vector and the
    /// rank-2 update run on contiguous rows as vector operations.
    /// </summary>
    private static void Tridiagonalise(Span<double> a, int n, Span<double> d, Span<double> e, bool keepTransforms)
    {
        for (int i = 1; i < n; i++)
            for (int k = 0; k < i; k++) a[k * n + i] = a[i * n + k];   // the upper triangle from the lower
        for (int i = n - 1; i > 0; i--)
        {
            int l = i - 1;
            double h = 0;
            var u = a.Slice(i * n, l + 1);
            if (l > 0)
            {
                double scale = TensorPrimitives.SumOfMagnitudes<double>(u);
                if (scale == 0)
                {
                    e[i] = u[l];
                }
                else
                {
                    TensorPrimitives.Divide(u, scale, u);
                    h = TensorPrimitives.SumOfSquares<double>(u);
                    double f = u[l];
                    double g = f >= 0 ? -Math.Sqrt(h) : Math.Sqrt(h);
                    e[i] = scale * g;
                    h -= f * g;
                    u[l] = f - g;
                    // p = A u / h (e[0..l]), K = u.p / 2h, q = p - K u; then A -= u q^T + q u^T
                    f = 0;
                    for (int j = 0; j <= l; j++)
                    {
                        // column i (rows 0..l) is no longer part of the active block: it keeps u / h for Q
                        if (keepTransforms) a[j * n + i] = u[j] / h;
                        e[j] = TensorPrimitives.Dot<double>(a.Slice(j * n, l + 1), u) / h;
                        f += e[j] * u[j];
                    }
                    double hh = f / (h + h);
                    var q = e[..(l + 1)];
                    TensorPrimitives.MultiplyAdd(u, -hh, q, q);
                    for (int j = 0; j <= l; j++)
                    {
                        var row = a.Slice(j * n, l + 1);
                        TensorPrimitives.MultiplyAdd(q, -u[j], row, row);
                        TensorPrimitives.MultiplyAdd(u, -q[j], row, row);
                    }
                }
            }
            else
            {
                e[i] = u[l];
            }
            d[i] = h;
        }
        e[0] = 0;
        d[0] = 0;
    }

    /// <summary>tqli: the eigenvalues of the tridiagonal (d, e[1..]) into d; with <paramref name="z"/> (Q^T, n x n,
    /// or empty for none) each rotation also applied to two rows of it, which become the eigenvectors.</summary>
    private static bool Ql(Span<double> d, Span<double> e, int n, Span<double> z)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        for (int l = 0; l < n; l++)
        {
            int iterations = 0, m;
            do
            {
                for (m = l; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon + 2.220446049250313e-16 * dd) break;
                }
                if (m == l) continue;
                if (iterations++ == 60) return false;
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.CopySign(r, g));
                double s = 1, c = 1, p = 0;
                int i;
                for (i = m - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        d[i + 1] -= p;
                        e[m] = 0;
                        break;
                    }
                    double inverse = 1 / r;
                    s = f * inverse;
                    c = g * inverse;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    d[i + 1] = g + (p = s * r);
                    g = c * r - b;
                    if (!z.IsEmpty) RotateRows(z.Slice(i * n, n), z.Slice((i + 1) * n, n), c, s);
                }
                if (r == 0 && i >= l) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
            while (m != l);
            if (!double.IsFinite(d[l])) return false;
        }
        return true;
    }

    /// <summary>(zi, zj) &lt;- (c zi - s zj, s zi + c zj), element-wise.</summary>
    private static void RotateRows(Span<double> zi, Span<double> zj, double c, double s)
    {
        int n = zi.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vc = Vector256.Create(c);
            var vs = Vector256.Create(s);
            for (; j <= n - 4; j += 4)
            {
                var x = Vector256.Create<double>(zi[j..]);
                var y = Vector256.Create<double>(zj[j..]);
                (vc * x - vs * y).CopyTo(zi[j..]);
                (vs * x + vc * y).CopyTo(zj[j..]);
            }
        }
        for (; j < n; j++)
        {
            double x = zi[j], y = zj[j];
            zi[j] = c * x - s * y;
            zj[j] = s * x + c * y;
        }
    }

    /// <summary>sqrt(a^2 + b^2): directly while the squares cannot overflow or underflow (the inner loop's latency
    /// chain is this call), else by the scaled form.</summary>
    private static double Hypot(double a, double b)
    {
        double sum = a * a + b * b;
        if (sum > 1e-290 && sum < 1e290) return Math.Sqrt(sum);
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
