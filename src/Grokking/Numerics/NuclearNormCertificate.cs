namespace Grokking.Numerics;

/// <summary>
/// The weak-duality certificate of <see cref="NuclearNormSolver"/> for one iterate: the primal point is the low-rank
/// iterate projected onto the constraints (feasible, so its nuclear norm bounds the optimum from above), the dual point
/// is <c>lambda = -mu/t</c> scaled until <c>||P^*(lambda)||_2 &lt;= 1</c> (so <c>b^T lambda</c> bounds it from below).
/// Owns the buffers and the SVD it needs, so checks inside the iteration allocate nothing.
/// </summary>
internal sealed class Certificate(AffineMatrixSet set)
{
    private readonly double[] _feasible = new double[set.Ld * set.Cols];
    private readonly double[] _dual = new double[set.Ld * set.Cols];
    private readonly double[] _lambda = new double[set.Count];
    private readonly double[] _scratch = new double[set.Count];
    private readonly JacobiSvd _svd = new(set.Rows, set.Cols);
    private double _objective, _lowerBound, _dualNorm, _relativeGap, _iterateResidual;

    /// <summary>Evaluates the certificate of (a, mu) and returns the larger of the relative gap and the relative
    /// distance of <paramref name="a"/> to the constraint set (the quantity the stopping rule compares).</summary>
    public double Measure(ReadOnlySpan<double> a, ReadOnlySpan<double> mu, double t, double bNorm)
    {
        set.Project(a, _feasible, _scratch);
        double distance = 0;
        for (int i = 0; i < _feasible.Length; i++) distance += (a[i] - _feasible[i]) * (a[i] - _feasible[i]);
        _iterateResidual = bNorm > 0 ? Math.Sqrt(distance) / bNorm : 0;
        _objective = NuclearNorm(_feasible);

        for (int q = 0; q < _lambda.Length; q++) _lambda[q] = -mu[q] / t;
        set.Adjoint(_lambda, _dual);
        _svd.Decompose(_dual, set.Ld);
        _dualNorm = _svd.SingularValues[0];
        // The best multiple of lambda in the dual feasible set: scaled to spectral norm 1 when it points uphill
        // (b^T lambda > 0; scaling up is as valid as scaling down), else lambda = 0 and the trivial bound 0.
        double direction = Kernels.Dot<double>(set.Values, _lambda);
        double scale = direction > 0 && _dualNorm > 0 ? 1 / _dualNorm : 0;
        Kernels.Scale(scale, _lambda.AsSpan());
        Kernels.Scale(scale, _dual.AsSpan());
        _lowerBound = direction * scale;
        _relativeGap = _objective > 0 ? (_objective - _lowerBound) / _objective : 0;
        return Math.Max(Math.Abs(_relativeGap), _iterateResidual);
    }

    /// <summary>Measures (a, mu) and packages the answer.</summary>
    public NuclearNormResult Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> mu, double t, int iterations, double bNorm,
        NuclearNormStatus status)
    {
        Measure(a, mu, t, bNorm);
        set.Residual(_feasible, _scratch);
        double residual = Kernels.Norm2<double>(_scratch);
        return new NuclearNormResult(status, Unpad(_feasible), (double[])_lambda.Clone(), Unpad(_dual), iterations,
            _objective, _lowerBound, _relativeGap, _dualNorm, bNorm > 0 ? residual / bNorm : 0, _iterateResidual);
    }

    private double NuclearNorm(double[] matrix)
    {
        _svd.Decompose(matrix, set.Ld);
        double sum = 0;
        foreach (double s in _svd.SingularValues) sum += s;
        return sum;
    }

    private DenseMatrix Unpad(double[] padded)
    {
        var m = new DenseMatrix(set.Rows, set.Cols);
        for (int i = 0; i < set.Rows; i++)
            for (int j = 0; j < set.Cols; j++) m[i, j] = padded[j * set.Ld + i];
        return m;
    }
}
