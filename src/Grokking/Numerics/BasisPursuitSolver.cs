namespace Grokking.Numerics;

/// <summary>
/// Basis pursuit <c>min ||a||_1 s.t. X a = y</c> (X is N x n, any shape and rank), solved as the linear program
/// <c>min 1^T (u + v) s.t. X (u - v) = y, u, v &gt;= 0</c> by a Mehrotra predictor-corrector primal-dual interior-point
/// method, then polished on the identified support, and certified by its optimality residuals on the caller's data.
/// </summary>
/// <remarks>
/// Pipeline: (1) <b>row space</b>: X is replaced by an orthonormal basis Q of its row space (pivoted, twice-orthogonalised
/// Gram-Schmidt), y by y' with Q a = y' &lt;=&gt; X a = y; dependent rows must agree with y, otherwise the problem is
/// <see cref="BasisPursuitStatus.Infeasible"/>. This makes N &gt; n, duplicated rows (tau = 1, N = 101) and
/// rank-deficient designs ordinary inputs, and keeps the normal equations Q D Q^T well scaled.
/// (2) <b>interior point</b> on (Q, y'): normal equations of size rank x rank by a dense Cholesky that skips
/// vanishing pivots; all buffers live in this object, so the iterations allocate nothing.
/// (3) <b>polish</b>: least squares on the columns the interior point marks as active (u_i &gt; s_i); kept only when
/// its certificate is at least as good. (4) <b>certificate</b> on X and y: ||X a - y||, ||X^T lambda||_inf and the
/// gap ||a||_1 - y^T lambda, with lambda = T^T lambda' mapped back through the Gram-Schmidt transform T (Q = T X).
/// An instance is a reusable workspace (not thread-safe; use one per thread).
/// </remarks>
public sealed partial class BasisPursuitSolver
{
    private readonly BasisPursuitOptions _options;

    public BasisPursuitSolver(BasisPursuitOptions? options = null)
    {
        _options = options ?? BasisPursuitOptions.Default;
        if (!(_options.Tolerance > 0 && _options.CertifyTolerance > 0 && _options.RankTolerance > 0) || _options.MaxIterations < 1)
            throw new ArgumentException($"Basis-pursuit tolerances must be positive and MaxIterations >= 1, got {_options}.", nameof(options));
    }

    /// <summary>One-off solve with a fresh workspace.</summary>
    public static BasisPursuitResult Minimize(DenseMatrix x, ReadOnlySpan<double> y, BasisPursuitOptions? options = null) =>
        new BasisPursuitSolver(options).Solve(x, y);

    /// <summary>Solves <c>min ||a||_1 s.t. X a = y</c>; see the class remarks.</summary>
    /// <exception cref="ArgumentException">Shapes disagree, X is empty, or X / y hold NaN or infinity.</exception>
    public BasisPursuitResult Solve(DenseMatrix x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        int rows = x.Rows, n = x.Cols;
        if (rows < 1 || n < 1) throw new ArgumentException($"X must be non-empty, got {rows} x {n}.", nameof(x));
        if (y.Length != rows) throw new ArgumentException($"X has {rows} rows but y has length {y.Length}.", nameof(y));
        if (!Kernels.AllFinite<double>(x.Data) || !Kernels.AllFinite(y))
            throw new ArgumentException("X and y must be finite.", nameof(x));

        EnsureCapacity(rows, n);
        double inconsistency = BuildRowSpace(x, y);
        var a = new double[n];
        var lambdaQ = new double[_rank];
        if (inconsistency > _options.CertifyTolerance)
            return Certify(x, y, a, lambdaQ, BasisPursuitStatus.Infeasible, 0, polished: false, inconsistency);

        int iterations = 0;
        bool converged = true;
        if (Kernels.Norm2<double>(_yq.AsSpan(0, _rank)) > 0)
            (iterations, converged) = InteriorPoint(a, lambdaQ);
        // else y' = 0: a = 0 is optimal and lambda = 0 certifies it.

        var status = converged ? BasisPursuitStatus.Optimal : BasisPursuitStatus.MaxIterations;
        var result = Certify(x, y, a, lambdaQ, status, iterations, polished: false, inconsistency);
        if (_options.Polish && iterations > 0 && TryPolish(out double[] polishedA))
        {
            var candidate = Certify(x, y, polishedA, lambdaQ, status, iterations, polished: true, inconsistency);
            // The polished point must be at least as feasible, and its gap against the same (feasible) dual must stay
            // within the interior point's own stopping tolerance: then it is certified at least as well.
            const double feasibilityFloor = 1e-13;
            if (candidate.RelativePrimalResidual <= Math.Max(result.RelativePrimalResidual, feasibilityFloor)
                && Math.Abs(candidate.RelativeGap) <= Math.Max(Math.Abs(result.RelativeGap), _options.Tolerance))
                result = candidate;
        }
        return FinalStatus(result);
    }

    /// <summary>An interior point that stopped early but happens to satisfy the certificate is still optimal, and a
    /// "converged" one that fails it (which would mean lost accuracy) is not.</summary>
    private BasisPursuitResult FinalStatus(BasisPursuitResult r)
    {
        if (r.Status == BasisPursuitStatus.Infeasible) return r;
        double tol = _options.CertifyTolerance;
        bool certified = r.RelativePrimalResidual <= tol && r.DualInfeasibility <= tol && Math.Abs(r.RelativeGap) <= tol;
        return r with { Status = certified ? BasisPursuitStatus.Optimal : BasisPursuitStatus.MaxIterations };
    }

    /// <summary>Measures the certificate of (a, lambda = T^T lambda') on the caller's X and y.</summary>
    private BasisPursuitResult Certify(DenseMatrix x, ReadOnlySpan<double> y, double[] a, double[] lambdaQ,
        BasisPursuitStatus status, int iterations, bool polished, double inconsistency)
    {
        int rows = x.Rows, n = x.Cols;
        var lambda = new double[rows];
        if (_rank > 0) Kernels.GemvT<double>(_t.AsSpan(0, _rank * rows), _rank, rows, lambdaQ, lambda);

        Span<double> residual = _certRows.AsSpan(0, rows);
        Kernels.Residual<double>(x.Data, rows, n, a, y, residual);
        double primal = Kernels.Norm2<double>(residual);
        double yNorm = Kernels.Norm2(y);
        double relativePrimal = yNorm > 0 ? primal / yNorm : primal;

        Span<double> xtLambda = _certCols.AsSpan(0, n);
        Kernels.GemvT<double>(x.Data, rows, n, lambda, xtLambda);
        double dualNorm = Kernels.NormInf<double>(xtLambda);
        double dualInfeasibility = Math.Max(0.0, dualNorm - 1.0);
        // Scale lambda into the dual feasible set so that y^T lambda is a valid lower bound on the optimum.
        if (dualNorm > 1.0) Kernels.Scale(1.0 / dualNorm, lambda.AsSpan());

        double objective = Kernels.Norm1<double>(a);
        double dualObjective = Kernels.Dot(y, lambda);
        double gap = objective - dualObjective;
        double relativeGap = objective > 0 ? gap / objective : gap;
        return new BasisPursuitResult(status, a, lambda, iterations, _rank, polished, primal, relativePrimal,
            dualInfeasibility, objective, dualObjective, gap, relativeGap, inconsistency);
    }
}
