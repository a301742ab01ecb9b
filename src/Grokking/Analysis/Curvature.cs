using Grokking.Numerics;

namespace Grokking.Analysis;

/// <summary>
/// Second-order information of a loss from its analytic gradient: Hessian-vector products and the dense Hessian by
/// central differences (exact to rounding for quadratics, O(h^2) otherwise), and the largest curvature by power
/// iteration, which bounds the stable step of gradient descent (eta &lt; 2 / (lambda_max + weight decay)).
/// Diagnostics, not a hot path: these allocate.
/// </summary>
public static class Curvature
{
    /// <summary>Difference step relative to the scale of w: h = 1e-5 max(1, ||w||_inf), so the O(h^2) truncation and
    /// the O(eps / h) rounding of the gradient differences are both near 1e-10 relative.</summary>
    public static double Step(ReadOnlySpan<double> w) => 1e-5 * Math.Max(1, Kernels.NormInf(w));

    /// <summary>H v ~ (g(w + h v) - g(w - h v)) / (2 h) for a unit-scale v.</summary>
    public static void HessianVector(ILeastSquaresObjective f, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> hv)
    {
        int d = f.Dimension;
        double h = Step(w);
        var probe = new double[d];
        var gPlus = new double[d];
        for (int i = 0; i < d; i++) probe[i] = w[i] + h * v[i];
        f.Gradient(probe, gPlus);
        for (int i = 0; i < d; i++) probe[i] = w[i] - h * v[i];
        f.Gradient(probe, hv);
        for (int i = 0; i < d; i++) hv[i] = (gPlus[i] - hv[i]) / (2 * h);
    }

    /// <summary>The dense Hessian (d x d row-major) by central differences of the gradient, symmetrised.</summary>
    public static double[] Hessian(ILeastSquaresObjective f, ReadOnlySpan<double> w)
    {
        int d = f.Dimension;
        var h = new double[d * d];
        var e = new double[d];
        var column = new double[d];
        for (int j = 0; j < d; j++)
        {
            e[j] = 1;
            HessianVector(f, w, e, column);
            e[j] = 0;
            for (int i = 0; i < d; i++) h[i * d + j] = column[i];
        }
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
            {
                double s = 0.5 * (h[i * d + j] + h[j * d + i]);
                h[i * d + j] = h[j * d + i] = s;
            }
        return h;
    }

    /// <summary>The largest |eigenvalue| of Hess F(w) by power iteration on finite-difference Hessian-vector products,
    /// from a fixed start vector (deterministic); stops when the estimate moves by less than 1e-6 relative.</summary>
    public static double LargestEigenvalue(ILeastSquaresObjective f, ReadOnlySpan<double> w, int maxIterations = 500)
    {
        int d = f.Dimension;
        var v = new double[d];
        var hv = new double[d];
        // a start with no symmetry (all-equal vectors can be orthogonal to the top eigenvector of structured problems)
        for (int i = 0; i < d; i++) v[i] = 1 + 0.5 * Math.Sin(1.7 * i + 0.3);
        Kernels.Scale(1 / Kernels.Norm2<double>(v), v.AsSpan());
        double estimate = 0;
        for (int k = 0; k < maxIterations; k++)
        {
            HessianVector(f, w, v, hv);
            double norm = Kernels.Norm2<double>(hv);
            if (norm == 0) return 0;
            for (int i = 0; i < d; i++) v[i] = hv[i] / norm;
            if (Math.Abs(norm - estimate) <= 1e-6 * norm) return norm;
            estimate = norm;
        }
        return estimate;
    }
}
