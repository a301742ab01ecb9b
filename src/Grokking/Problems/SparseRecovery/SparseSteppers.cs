using System.Numerics.Tensors;
using Grokking.Numerics;

namespace Grokking.Problems.SparseRecovery;

/// <summary>One way of updating the sparse-recovery parameters; exposes the effective a = the model's vector.</summary>
internal abstract class SparseStepper
{
    /// <summary>The effective signal estimate a (for deep models the product of the factors).</summary>
    public abstract ReadOnlySpan<double> A { get; }
    public abstract void Advance(long steps);
    public abstract bool IsFinite();

    /// <summary>sign with sign(0) = 0 and no exception on NaN (Math.Sign throws; NaN then shows up in IsFinite).</summary>
    protected static double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;
}

/// <summary>a &lt;- a - alpha (X^T(Xa - y) + beta1 sign(a) + beta2 a): the reference's "subgradient", one fused
/// kernel per step on 64-byte aligned, padded rows (the hot path of every l1 figure).</summary>
internal sealed class FusedSubgradientStepper : SparseStepper
{
    private readonly PaddedProblem<double> _p;
    private readonly double _alpha, _ab1, _ab2;

    public FusedSubgradientStepper(SparseRecoveryData d, double[] a, double alpha, double beta1, double beta2)
    {
        _p = new PaddedProblem<double>(d.X, d.N, d.n, d.Y);
        a.CopyTo(_p.Parameters);
        (_alpha, _ab1, _ab2) = (alpha, alpha * beta1, alpha * beta2);
    }

    public override ReadOnlySpan<double> A => _p.Parameters;

    public override void Advance(long steps)
    {
        for (; steps > 0; steps -= int.MaxValue)
            _p.StepL1(_alpha, _ab1, _ab2, (int)Math.Min(steps, int.MaxValue), storeGradient: false);
    }

    public override bool IsFinite() => Kernels.AllFinite<double>(_p.Parameters);
}

/// <summary>The reference's "ISTA": a &lt;- S_{alpha beta1}(a - alpha (X^T(Xa - y) + beta2 a)), S the soft threshold
/// (spec B.0.5: beta1 leaves the gradient and becomes the threshold).</summary>
internal sealed class IstaStepper(SparseRecoveryData d, double[] a, double alpha, double beta1, double beta2)
    : SparseStepper
{
    private readonly double[] _r = new double[d.N];
    private readonly double[] _g = new double[d.n];

    public override ReadOnlySpan<double> A => a;

    public override void Advance(long steps)
    {
        double shrink = alpha * beta1, decay = 1 - alpha * beta2;
        for (long t = 0; t < steps; t++)
        {
            Kernels.Residual<double>(d.X, d.N, d.n, a, d.Y, _r);
            Kernels.GemvT<double>(d.X, d.N, d.n, _r, _g);
            for (int i = 0; i < a.Length; i++)
            {
                double v = decay * a[i] - alpha * _g[i];
                double m = Math.Abs(v) - shrink;
                a[i] = m > 0 ? Math.CopySign(m, v) : 0;
            }
        }
    }

    public override bool IsFinite() => Kernels.AllFinite<double>(a);
}

/// <summary>The reference's "proj_subgradient": the subgradient step, then the projection onto {a : Xa = y},
/// P(a) = a - X^T (X X^T)^{-1} (Xa - y) (spec A.1.1, B.0.5). Needs N &lt;= n and X of full row rank.</summary>
internal sealed class ProjectedSubgradientStepper : SparseStepper
{
    private readonly SparseRecoveryData _d;
    private readonly double[] _a, _r, _g, _q; // _q = X^T (X X^T)^{-1}, n x N row-major
    private readonly double _alpha, _beta1, _beta2;

    public ProjectedSubgradientStepper(SparseRecoveryData d, double[] a, double alpha, double beta1, double beta2)
    {
        (_d, _a, _alpha, _beta1, _beta2) = (d, a, alpha, beta1, beta2);
        _r = new double[d.N];
        _g = new double[d.n];
        _q = ProjectionOperator(d);
    }

    /// <summary>X^T (X X^T)^{-1}, or a <see cref="Experiments.SpecException"/> when X X^T is singular.</summary>
    private static double[] ProjectionOperator(SparseRecoveryData d)
    {
        int N = d.N, n = d.n;
        if (N > n)
            throw new Experiments.SpecException($"method proj_subgradient needs N <= n (got N = {N}, n = {n}): X X^T must be invertible");
        var gram = LeastSquares.GramRows(d.X, N, n);
        var (w, v) = SymmetricEigen.Decompose(gram, N);
        if (!(w[N - 1] > w[0] * 1e-12))
            throw new Experiments.SpecException("method proj_subgradient needs X of full row rank (X X^T is singular)");
        var inv = new double[N * N];
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++)
            {
                double s = 0;
                for (int m = 0; m < N; m++) s += v[i * N + m] * v[k * N + m] / w[m];
                inv[i * N + k] = s;
            }
        var q = new double[n * N];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < N; k++)
            {
                double s = 0;
                for (int i = 0; i < N; i++) s += d.X[i * n + j] * inv[i * N + k];
                q[j * N + k] = s;
            }
        return q;
    }

    public override ReadOnlySpan<double> A => _a;

    public override void Advance(long steps)
    {
        int N = _d.N, n = _d.n;
        for (long t = 0; t < steps; t++)
        {
            Kernels.Residual<double>(_d.X, N, n, _a, _d.Y, _r);
            Kernels.GemvT<double>(_d.X, N, n, _r, _g);
            for (int i = 0; i < n; i++)
                _a[i] -= _alpha * (_g[i] + _beta2 * _a[i] + _beta1 * Sign(_a[i]));
            Kernels.Residual<double>(_d.X, N, n, _a, _d.Y, _r);
            Kernels.Gemv<double>(_q, n, N, _r, _g);
            Kernels.Subtract<double>(_a, _g, _a);
        }
    }

    public override bool IsFinite() => Kernels.AllFinite<double>(_a);
}

/// <summary>
/// Deep diagonal parameterisation a = a_1 ⊙ ... ⊙ a_L (paper 1 App. F, spec B.0.6), all factors updated
/// synchronously from the same old values:
/// a_i &lt;- a_i - alpha ((⊙_{k≠i} a_k) ⊙ X^T(Xa - y) + beta2 a_i + beta1 sign(a_i)).
/// With the identity init every factor stays equal, so a = c^L can never turn negative (the spec's "sign trap").
/// </summary>
internal sealed class DeepDiagonalStepper : SparseStepper
{
    private readonly SparseRecoveryData _d;
    private readonly double[][] _f;
    private readonly double[] _a, _r, _g, _others;
    private readonly double _alpha, _beta1, _beta2;

    public DeepDiagonalStepper(SparseRecoveryData d, double[][] factors, double alpha, double beta1, double beta2)
    {
        (_d, _f, _alpha, _beta1, _beta2) = (d, factors, alpha, beta1, beta2);
        _a = new double[d.n];
        _r = new double[d.N];
        _g = new double[d.n];
        _others = new double[factors.Length * d.n];
        Product();
    }

    public int Depth => _f.Length;
    public override ReadOnlySpan<double> A => _a;

    public override void Advance(long steps)
    {
        int n = _d.n, L = _f.Length;
        for (long t = 0; t < steps; t++)
        {
            Kernels.Residual<double>(_d.X, _d.N, n, _a, _d.Y, _r);
            Kernels.GemvT<double>(_d.X, _d.N, n, _r, _g);
            // products of the other factors, from the old values (no division: factors may be 0)
            for (int i = 0; i < L; i++)
            {
                var o = _others.AsSpan(i * n, n);
                o.Fill(1.0);
                for (int k = 0; k < L; k++)
                    if (k != i) TensorPrimitives.Multiply(o, _f[k], o);
            }
            for (int i = 0; i < L; i++)
            {
                var fi = _f[i];
                var o = _others.AsSpan(i * n, n);
                for (int j = 0; j < n; j++)
                    fi[j] -= _alpha * (o[j] * _g[j] + _beta2 * fi[j] + _beta1 * Sign(fi[j]));
            }
            Product();
        }
    }

    private void Product()
    {
        Array.Copy(_f[0], _a, _a.Length);
        for (int k = 1; k < _f.Length; k++) TensorPrimitives.Multiply(_a, _f[k], _a);
    }

    public override bool IsFinite()
    {
        foreach (var f in _f) if (!Kernels.AllFinite<double>(f)) return false;
        return true;
    }
}
