namespace Grokking.Numerics;

public sealed partial class BasisPursuitSolver
{
    /// <summary>
    /// The interior point approaches the optimal vertex only to O(mu). Its active set is read off by comparing each
    /// primal variable with its slack (u_i &gt; s_u,i means a_i &gt; 0 at the optimum, and likewise for v); if that set has
    /// at most rank columns, the least-squares solution on it (normal equations plus one refinement step) is the vertex
    /// to rounding. The caller keeps it only if its certificate is no worse, so a wrong guess costs nothing.
    /// </summary>
    private bool TryPolish(out double[] polished)
    {
        polished = [];
        int r = _rank, n = _n, k = 0;
        for (int i = 0; i < n; i++)
            if (_u[i] > _su[i] || _v[i] > _sv[i]) _support[k++] = i;
        if (k == 0 || k > r) return false;

        // P = Q[:, S]^T (k x r), G = P P^T, z = G^{-1} P y'.
        ReadOnlySpan<double> q = _q.AsSpan(0, r * n), y = _yq.AsSpan(0, r);
        Span<double> p = _p.AsSpan(0, k * r), g = _g.AsSpan(0, k * k), z = _z.AsSpan(0, k), res = _res.AsSpan(0, r);
        for (int j = 0; j < k; j++)
            for (int row = 0; row < r; row++) p[j * r + row] = q[row * n + _support[j]];
        for (int j = 0; j < k; j++)
            for (int l = 0; l <= j; l++) g[j * k + l] = Kernels.Dot<double>(p.Slice(j * r, r), p.Slice(l * r, r));
        if (DenseCholesky.Factor(g, k, 1e-24, skip: false) < 0) return false;

        Kernels.Gemv(p, k, r, y, z);
        DenseCholesky.Solve(g, k, z);
        Span<double> correction = _tn.AsSpan(0, k);
        // One step of iterative refinement on the residual y' - P^T z recovers the accuracy lost by squaring.
        Kernels.GemvT<double>(p, k, r, z, res);
        Kernels.Subtract(y, res, res);
        Kernels.Gemv<double>(p, k, r, res, correction);
        DenseCholesky.Solve(g, k, correction);
        Kernels.Axpy<double>(1.0, correction, z);

        polished = new double[n];
        for (int j = 0; j < k; j++) polished[_support[j]] = z[j];
        return true;
    }
}
