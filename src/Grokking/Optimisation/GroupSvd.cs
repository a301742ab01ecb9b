using System.Numerics;
using Grokking.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// The SVD of one row-major parameter matrix, on the lab's allocation-free <see cref="JacobiSvd"/> (double,
/// column-major, padded). A row-major rows x cols buffer read column-major is its transpose, so the workspace holds
/// W^T (cols x rows) and every product computed from it (U V^T, thresholded reconstructions) comes back in W's
/// row-major order with no explicit transposition. float parameters are widened to double for the SVD.
/// </summary>
public sealed class GroupSvd<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _rows, _cols, _ld;
    private readonly double[] _matrix, _product;
    private readonly JacobiSvd _svd;

    public GroupSvd(ParameterGroup group) : this(group.Rows, group.Cols) { }

    public GroupSvd(int rows, int cols)
    {
        (_rows, _cols) = (rows, cols);
        _ld = JacobiSvd.PaddedRows(cols, wideVectors: typeof(T) == typeof(float));
        _matrix = new double[_ld * rows];
        _product = new double[_ld * rows];
        _svd = new JacobiSvd(cols, rows, wideVectors: typeof(T) == typeof(float));
        // float parameters (the networks): 512-bit column kernels, and only pairs whose cosine is above 1e-9 are
        // rotated (4 eps of double otherwise); what is left moves U V^T by ~1e-9, below the float32 rounding of the
        // result, and saves the last rotating sweep
        if (typeof(T) == typeof(float))
        {
            _svd.Tolerance = FloatTolerance;
            _svd.VectorisedWidePolar = true;
        }
    }

    /// <summary>The Jacobi rotation threshold for float parameters.</summary>
    public const double FloatTolerance = 1e-9;

    /// <summary>The decomposition itself (diagnostics: sweeps and rotations per call).</summary>
    internal JacobiSvd Svd => _svd;

    /// <summary>The singular values of the last decomposed matrix.</summary>
    public ReadOnlySpan<double> SingularValues => _svd.SingularValues;

    /// <summary>||W||_* = sum of the singular values of the last decomposed matrix.</summary>
    public double NuclearNorm()
    {
        double sum = 0;
        foreach (double s in _svd.SingularValues) sum += s;
        return sum;
    }

    /// <summary>Decomposes W (row-major, rows x cols). <paramref name="warmStart"/>: start from the previous V.</summary>
    public void Decompose(ReadOnlySpan<T> w, bool warmStart = false)
    {
        CheckLength(w.Length);
        for (int j = 0; j < _rows; j++)
            for (int i = 0; i < _cols; i++) _matrix[j * _ld + i] = double.CreateTruncating(w[j * _cols + i]);
        _svd.Decompose(_matrix, _ld, warmStart);
    }

    /// <summary>Decomposes W + D (the point a proximal step acts on).</summary>
    public void DecomposeSum(ReadOnlySpan<T> w, ReadOnlySpan<T> d, bool warmStart = false)
    {
        CheckLength(w.Length);
        CheckLength(d.Length);
        for (int j = 0; j < _rows; j++)
            for (int i = 0; i < _cols; i++) _matrix[j * _ld + i] = double.CreateTruncating(w[j * _cols + i] + d[j * _cols + i]);
        _svd.Decompose(_matrix, _ld, warmStart);
    }

    /// <summary><c>dst += scale U V^T</c> of the last decomposed matrix.</summary>
    public void AddPolarFactor(Span<T> dst, T scale)
    {
        CheckLength(dst.Length);
        Array.Clear(_product);
        _svd.AddPolarFactor(_product, _ld, double.CreateTruncating(scale));
        for (int j = 0; j < _rows; j++)
            for (int i = 0; i < _cols; i++) dst[j * _cols + i] += T.CreateTruncating(_product[j * _ld + i]);
    }

    /// <summary><c>dst = U max(S - shrink, 0) V^T</c> of the last decomposed matrix (the prox of <c>shrink ||.||_*</c>).</summary>
    public void Threshold(Span<T> dst, double shrink)
    {
        CheckLength(dst.Length);
        _svd.Threshold(_product, _ld, shrink);
        for (int j = 0; j < _rows; j++)
            for (int i = 0; i < _cols; i++) dst[j * _cols + i] = T.CreateTruncating(_product[j * _ld + i]);
    }

    private void CheckLength(int length)
    {
        if (length != _rows * _cols) throw new ArgumentException($"expected a {_rows} x {_cols} matrix ({_rows * _cols} entries), got {length}");
    }
}
