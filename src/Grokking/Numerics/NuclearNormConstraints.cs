namespace Grokking.Numerics;

/// <summary>
/// The affine set <c>{A : P(A) = b}</c> of a nuclear-norm recovery problem, acting on column-major matrices padded to
/// <see cref="JacobiSvd.PaddedRows"/> rows (entry (i, j) at <c>j ld + i</c>, padding kept at zero), the layout the SVD
/// reads without copies. P maps a matrix to m numbers; the dual variable lambda lives in R^m and
/// <c>P^*(lambda)</c> is the dual matrix Y of the certificate.
/// </summary>
internal abstract class AffineMatrixSet(int rows, int cols, double[] values)
{
    public int Rows { get; } = rows;
    public int Cols { get; } = cols;
    public int Ld { get; } = JacobiSvd.PaddedRows(rows);
    /// <summary>b, the m measured values.</summary>
    public double[] Values { get; } = values;
    public int Count => Values.Length;

    /// <summary><c>dst = argmin_{P(Z) = b} ||Z - src||_F</c> and the multiplier mu with <c>src - dst = P^*(mu)</c>.</summary>
    public abstract void Project(ReadOnlySpan<double> src, Span<double> dst, Span<double> mu);

    /// <summary><c>dst = P^*(lambda)</c> (padded column-major; padding zero).</summary>
    public abstract void Adjoint(ReadOnlySpan<double> lambda, Span<double> dst);

    /// <summary><c>r = P(src) - b</c>.</summary>
    public abstract void Residual(ReadOnlySpan<double> src, Span<double> r);
}

/// <summary>Completion: P(A) = (A_{i_q j_q})_q. Projection overwrites the observed entries, so it is exact.</summary>
internal sealed class ObservedEntries : AffineMatrixSet
{
    private readonly int[] _position;   // j ld + i of each observation

    /// <param name="observed">Flat row-major indices k = i cols + j (the lab's MatrixData.Observed), all distinct.</param>
    public ObservedEntries(int rows, int cols, ReadOnlySpan<int> observed, double[] values) : base(rows, cols, values)
    {
        if (observed.Length != values.Length)
            throw new ArgumentException($"{observed.Length} observed entries but {values.Length} values.", nameof(values));
        _position = new int[observed.Length];
        var seen = new bool[rows * cols];
        for (int q = 0; q < observed.Length; q++)
        {
            int k = observed[q];
            if (k < 0 || k >= rows * cols)
                throw new ArgumentException($"observed index {k} outside a {rows} x {cols} matrix.", nameof(observed));
            // a repeated entry would make the multiplier of that entry ambiguous; callers pass each entry once
            if (seen[k]) throw new ArgumentException($"observed index {k} appears twice.", nameof(observed));
            seen[k] = true;
            _position[q] = k % cols * Ld + k / cols;
        }
    }

    public override void Project(ReadOnlySpan<double> src, Span<double> dst, Span<double> mu)
    {
        src.CopyTo(dst);
        Residual(src, mu);
        for (int q = 0; q < _position.Length; q++) dst[_position[q]] = Values[q];
    }

    public override void Adjoint(ReadOnlySpan<double> lambda, Span<double> dst)
    {
        dst.Clear();
        for (int q = 0; q < _position.Length; q++) dst[_position[q]] = lambda[q];
    }

    public override void Residual(ReadOnlySpan<double> src, Span<double> r)
    {
        for (int q = 0; q < _position.Length; q++) r[q] = src[_position[q]] - Values[q];
    }
}

/// <summary>
/// Sensing: P(A) = X vec(A) with vec column-major (the reference's Fortran order). Projection
/// <c>v - X^T pinv(X X^T) (X v - y)</c>, applied twice so that the rounding of the N x N pseudo-inverse
/// (condition number squared) is corrected by the second pass; consistent dependent rows are fine.
/// </summary>
internal sealed class LinearMeasurements : AffineMatrixSet
{
    private readonly double[] _x, _gramPinv, _residual, _correction;

    /// <param name="x">N x (rows cols) row-major; column j rows + i multiplies A_ij.</param>
    public LinearMeasurements(int rows, int cols, DenseMatrix x, double[] values) : base(rows, cols, values)
    {
        if (x.Cols != rows * cols) throw new ArgumentException($"X has {x.Cols} columns, expected {rows} x {cols} = {rows * cols}.", nameof(x));
        if (x.Rows != values.Length) throw new ArgumentException($"X has {x.Rows} rows but y has length {values.Length}.", nameof(values));
        int m = x.Rows, n = Ld * cols;
        // re-laid on the padded storage so every product runs on the solver's buffers directly
        _x = new double[m * n];
        for (int q = 0; q < m; q++)
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < rows; i++) _x[q * n + j * Ld + i] = x[q, j * rows + i];
        _gramPinv = new double[m * m];
        // X X^T squares the condition number: a dependent row leaves an eigenvalue at ~1e-16 of the largest, which
        // numpy's 1e-15 cut-off could keep; 1e-12 drops it and still keeps every well-posed design's spectrum
        LeastSquares.PseudoInverseSymmetric(LeastSquares.GramRows(_x, m, n), m, _gramPinv, rcond: 1e-12);
        _residual = new double[m];
        _correction = new double[m];
    }

    public override void Project(ReadOnlySpan<double> src, Span<double> dst, Span<double> mu)
    {
        int m = Count, n = Ld * Cols;
        src.CopyTo(dst);
        mu.Clear();
        for (int pass = 0; pass < 2; pass++)
        {
            Residual(dst, _residual);
            Kernels.Gemv<double>(_gramPinv, m, m, _residual, _correction);
            Kernels.Axpy<double>(1.0, _correction, mu);
            // dst -= X^T c, i.e. dst = src - X^T mu
            Kernels.Scale(-1.0, _correction.AsSpan());
            Kernels.GemvT<double>(_x, m, n, _correction, dst, 1.0);
        }
    }

    public override void Adjoint(ReadOnlySpan<double> lambda, Span<double> dst) =>
        Kernels.GemvT<double>(_x, Count, Ld * Cols, lambda, dst);

    public override void Residual(ReadOnlySpan<double> src, Span<double> r) =>
        Kernels.Residual<double>(_x, Count, Ld * Cols, src, Values, r);
}
