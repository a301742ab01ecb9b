namespace Grokking.Numerics;

public sealed partial class BasisPursuitSolver
{
    /// <summary>Fraction of the distance to the boundary a step may cover.</summary>
    private const double StepFraction = 0.995;

    /// <summary>Iterations without halving the best merit after which the interior point gives up (see the loop).</summary>
    private const int StallIterations = 10;

    /// <summary>Diagnostics hook for tests: (iteration, relative primal residual, dual residual, relative gap, mu,
    /// primal step, dual step) once per iteration.</summary>
    internal Action<int, double, double, double, double, double, double>? Trace { get; set; }

    /// <summary>
    /// Mehrotra predictor-corrector on <c>min 1^T(u + v) s.t. Q (u - v) = y', u, v &gt;= 0</c> with dual
    /// <c>max y'^T lambda s.t. s_u = 1 - Q^T lambda &gt;= 0, s_v = 1 + Q^T lambda &gt;= 0</c>.
    /// Eliminating the slacks and (du, dv) leaves the rank x rank system <c>Q D Q^T dlambda = rhs</c> with
    /// <c>D = U/S_u + V/S_v</c>. Writes a = u - v and lambda'. Returns the iteration count and whether the
    /// relative primal residual, dual residual and relative gap all reached the tolerance.
    /// </summary>
    private double _lastPrimalStep, _lastDualStep;

    private (int Iterations, bool Converged) InteriorPoint(Span<double> a, Span<double> lambda)
    {
        int r = _rank, n = _n;
        ReadOnlySpan<double> q = _q.AsSpan(0, r * n), y = _yq.AsSpan(0, r);
        Span<double> u = _u, v = _v, su = _su, sv = _sv, lam = _lam.AsSpan(0, r), rp = _rp.AsSpan(0, r);
        Span<double> qtl = _qtl, rdu = _rdu, rdv = _rdv;
        double yNorm = Kernels.Norm2(y);

        // Start: the min-norm solution Q^T y' split into positive and negative parts (exactly feasible since
        // u - v is unchanged by the common shift), shifted off the boundary; lambda = 0, s = 1 is dual feasible.
        Kernels.GemvT(q, r, n, y, _tn);
        double shift = Math.Max(Kernels.Norm1<double>(_tn) / n, 1e-3 * yNorm / Math.Sqrt(n));
        for (int i = 0; i < n; i++)
        {
            u[i] = Math.Max(_tn[i], 0.0) + shift;
            v[i] = Math.Max(-_tn[i], 0.0) + shift;
            su[i] = 1.0;
            sv[i] = 1.0;
        }
        lam.Clear();

        int iteration = 0, lastImprovement = 0;
        bool converged = false;
        double bestMerit = double.PositiveInfinity;
        for (; ; iteration++)
        {
            for (int i = 0; i < n; i++) a[i] = u[i] - v[i];
            Kernels.Residual(q, r, n, a, y, rp);
            Kernels.Scale(-1.0, rp);                                   // rp = y' - Q a
            Kernels.GemvT(q, r, n, lam, qtl);
            double dualResidual = 0.0, complementarity = 0.0, primalObjective = 0.0;
            for (int i = 0; i < n; i++)
            {
                rdu[i] = 1.0 - qtl[i] - su[i];
                rdv[i] = 1.0 + qtl[i] - sv[i];
                dualResidual = Math.Max(dualResidual, Math.Max(Math.Abs(rdu[i]), Math.Abs(rdv[i])));
                complementarity += u[i] * su[i] + v[i] * sv[i];
                primalObjective += u[i] + v[i];
            }
            double dualObjective = Kernels.Dot(y, lam);
            double mu = complementarity / (2 * n);
            double gap = Math.Abs(primalObjective - dualObjective) / Math.Max(Math.Max(primalObjective, Math.Abs(dualObjective)), double.Epsilon);
            double merit = Math.Max(Math.Max(Kernels.Norm2<double>(rp) / yNorm, dualResidual), gap);
            if (merit <= _options.Tolerance)
            {
                converged = true;
                break;
            }
            // Degenerate LPs (non-unique optima, the failure side of Figure 20) can reach mu ~ 1e-25 with the primal
            // residual stuck above the tolerance, after which the normal equations are too ill-conditioned and the
            // iterates wander. Keep the best iterate and stop once it has not halved the merit for StallIterations.
            if (merit < bestMerit)
            {
                if (merit < 0.5 * bestMerit) lastImprovement = iteration;
                bestMerit = merit;
                SaveIterate(r);
            }
            if (iteration == _options.MaxIterations || iteration - lastImprovement >= StallIterations)
            {
                RestoreIterate(r);
                break;
            }
            Trace?.Invoke(iteration, Kernels.Norm2<double>(rp) / yNorm, dualResidual, gap, mu, _lastPrimalStep, _lastDualStep);

            for (int i = 0; i < n; i++) _d[i] = u[i] / su[i] + v[i] / sv[i];
            FactorNormalMatrix(r, n);

            // Predictor (affine scaling): target u s = 0.
            for (int i = 0; i < n; i++)
            {
                _ru[i] = -u[i] * su[i];
                _rv[i] = -v[i] * sv[i];
            }
            Direction(r, n);
            double primalStep = MaxStep(u, _du, v, _dv), dualStep = MaxStep(su, _dsu, sv, _dsv);
            double affine = 0.0;
            for (int i = 0; i < n; i++)
            {
                affine += (u[i] + primalStep * _du[i]) * (su[i] + dualStep * _dsu[i])
                        + (v[i] + primalStep * _dv[i]) * (sv[i] + dualStep * _dsv[i]);
            }
            double sigma = Math.Pow(affine / (2 * n) / mu, 3);

            // Corrector: centring sigma mu plus Mehrotra's second-order term.
            for (int i = 0; i < n; i++)
            {
                _ru[i] = -u[i] * su[i] - _du[i] * _dsu[i] + sigma * mu;
                _rv[i] = -v[i] * sv[i] - _dv[i] * _dsv[i] + sigma * mu;
            }
            Direction(r, n);
            primalStep = Math.Min(1.0, StepFraction * MaxStep(u, _du, v, _dv));
            dualStep = Math.Min(1.0, StepFraction * MaxStep(su, _dsu, sv, _dsv));
            (_lastPrimalStep, _lastDualStep) = (primalStep, dualStep);
            Kernels.Axpy(primalStep, _du, u);
            Kernels.Axpy(primalStep, _dv, v);
            Kernels.Axpy(dualStep, _dsu, su);
            Kernels.Axpy(dualStep, _dsv, sv);
            Kernels.Axpy(dualStep, _rhs.AsSpan(0, r), lam);
        }
        for (int i = 0; i < n; i++) a[i] = u[i] - v[i];
        lam.CopyTo(lambda);
        return (iteration, converged);
    }

    private void SaveIterate(int r)
    {
        _u.CopyTo(_bestU, 0); _v.CopyTo(_bestV, 0); _su.CopyTo(_bestSu, 0); _sv.CopyTo(_bestSv, 0);
        _lam.AsSpan(0, r).CopyTo(_bestLam);
    }

    private void RestoreIterate(int r)
    {
        _bestU.CopyTo(_u, 0); _bestV.CopyTo(_v, 0); _bestSu.CopyTo(_su, 0); _bestSv.CopyTo(_sv, 0);
        _bestLam.AsSpan(0, r).CopyTo(_lam);
    }

    /// <summary>M = Q diag(d) Q^T (lower triangle) and its Cholesky factor, in place in _m.</summary>
    private void FactorNormalMatrix(int r, int n)
    {
        Span<double> m = _m.AsSpan(0, r * r), wq = _wq.AsSpan(0, r * n);
        ReadOnlySpan<double> q = _q.AsSpan(0, r * n), d = _d;
        for (int i = 0; i < r; i++)
        {
            Span<double> wRow = wq.Slice(i * n, n);
            System.Numerics.Tensors.TensorPrimitives.Multiply(q.Slice(i * n, n), d, wRow);
            for (int j = 0; j <= i; j++) m[i * r + j] = Kernels.Dot<double>(wRow, q.Slice(j * n, n));
        }
        DenseCholesky.Factor(m, r, 1e-30);
    }

    /// <summary>
    /// Newton direction for complementarity targets (_ru, _rv) and the current residuals (rp, rdu, rdv):
    /// w = (ru - u rdu)/su - (rv - v rdv)/sv, Q D Q^T dlambda = rp - Q w, then ds and du, dv by back-substitution.
    /// dlambda is left in _rhs.
    /// </summary>
    private void Direction(int r, int n)
    {
        ReadOnlySpan<double> q = _q.AsSpan(0, r * n);
        Span<double> rhs = _rhs.AsSpan(0, r);
        for (int i = 0; i < n; i++)
            _w[i] = (_ru[i] - _u[i] * _rdu[i]) / _su[i] - (_rv[i] - _v[i] * _rdv[i]) / _sv[i];
        Kernels.Residual(q, r, n, _w, _rp.AsSpan(0, r), rhs);
        Kernels.Scale(-1.0, rhs);                                      // rhs = rp - Q w
        DenseCholesky.Solve(_m.AsSpan(0, r * r), r, rhs);
        Kernels.GemvT(q, r, n, rhs, _tn);
        for (int i = 0; i < n; i++)
        {
            _dsu[i] = _rdu[i] - _tn[i];
            _dsv[i] = _rdv[i] + _tn[i];
            _du[i] = (_ru[i] - _u[i] * _dsu[i]) / _su[i];
            _dv[i] = (_rv[i] - _v[i] * _dsv[i]) / _sv[i];
        }
    }

    /// <summary>Largest alpha in (0, 1] keeping x + alpha dx and y + alpha dy non-negative.</summary>
    private static double MaxStep(ReadOnlySpan<double> x, ReadOnlySpan<double> dx, ReadOnlySpan<double> y, ReadOnlySpan<double> dy)
    {
        double alpha = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (dx[i] < 0) alpha = Math.Min(alpha, -x[i] / dx[i]);
            if (dy[i] < 0) alpha = Math.Min(alpha, -y[i] / dy[i]);
        }
        return alpha;
    }
}
