using Grokking.Numerics;

namespace Grokking.Analysis;

/// <summary>The kernel of a symmetric matrix read off its spectrum: eigenvalues by |value| descending, the kernel is
/// the block after the largest gap a_j / a_{j+1} among the small ones (a_{j+1} &lt;= <c>smallFraction</c> a_1).</summary>
public sealed class SpectralKernel
{
    private readonly double[] _basis; // d x k row-major: column c = kernel eigenvector c

    private SpectralKernel(int d, int k, double gap, double[] magnitudes, double[] basis)
    {
        (Dimension, KernelDimension, GapRatio, Magnitudes, _basis) = (d, k, gap, magnitudes, basis);
    }

    public int Dimension { get; }
    /// <summary>dim Ker: the number of eigenvalues after the gap (0 when no eigenvalue is small).</summary>
    public int KernelDimension { get; }
    /// <summary>a_j / a_{j+1} at the chosen gap (infinite for an exact zero block; 1 when there is no kernel).</summary>
    public double GapRatio { get; }
    /// <summary>|eigenvalues|, descending.</summary>
    public double[] Magnitudes { get; }

    /// <summary>Largest |eigenvalue| inside the kernel block (0 when it is empty).</summary>
    public double LargestKernelEigenvalue => KernelDimension > 0 ? Magnitudes[Dimension - KernelDimension] : 0;

    /// <summary>Smallest |eigenvalue| outside the kernel (the Morse-Bott constant's estimate).</summary>
    public double SmallestNormalEigenvalue => Dimension > KernelDimension ? Magnitudes[Dimension - KernelDimension - 1] : 0;

    public static SpectralKernel Of(ReadOnlySpan<double> symmetric, int d, double smallFraction = 1e-3)
    {
        var (values, vectors) = SymmetricEigen.Decompose(symmetric, d);
        var order = Enumerable.Range(0, d).OrderByDescending(i => Math.Abs(values[i])).ToArray();
        var magnitudes = order.Select(i => Math.Abs(values[i])).ToArray();
        double top = magnitudes.Length > 0 ? magnitudes[0] : 0;
        double floor = 1e-300 + 1e-18 * top;
        int split = d; // index of the first kernel eigenvalue
        double best = 1;
        for (int j = 0; j + 1 < d; j++)
        {
            if (magnitudes[j + 1] > smallFraction * top) continue;
            double ratio = magnitudes[j] / Math.Max(magnitudes[j + 1], floor);
            if (ratio > best) { best = ratio; split = j + 1; }
        }
        if (top == 0) { split = 0; best = double.PositiveInfinity; }
        int k = d - split;
        var basis = new double[d * k];
        for (int c = 0; c < k; c++)
        {
            int column = order[split + c];
            for (int i = 0; i < d; i++) basis[i * k + c] = vectors[i * d + column];
        }
        return new SpectralKernel(d, k, best, magnitudes, basis);
    }

    /// <summary>P_Ker v into <paramref name="result"/>.</summary>
    public void Project(ReadOnlySpan<double> v, Span<double> result)
    {
        int d = Dimension, k = KernelDimension;
        var coefficients = new double[k];
        if (k > 0) Kernels.GemvT<double>(_basis, d, k, v, coefficients);
        if (k > 0) Kernels.Gemv<double>(_basis, d, k, coefficients, result);
        else result.Clear();
    }
}

/// <summary>Where a point stands relative to the manifold M of interpolators, and how the weight-decay force -lambda w
/// splits there into its part tangent to M (Ker Hess F) and its normal part.</summary>
public readonly record struct DriftPoint(double Loss, double GradientNorm, int KernelDimension, double GapRatio,
    double SmallestNormalEigenvalue, double TangentForce, double NormalForce);

/// <summary>
/// Paper 2's Riemannian picture measured (spec A.2, Prop. 2): the distance to the manifold M (train loss, gradient
/// norm), the split of the weight-decay force into tangent and normal parts by the kernel of the dense Hessian, and the
/// predicted slow flow dw/ds = -P_{Ker Hess F(w)} w (s = lambda t) integrated from Phi(w0), to set beside the real run.
/// </summary>
public static class RiemannianDrift
{
    /// <summary>The diagnostic at <paramref name="w"/>: dense Hessian by finite differences of the gradient, its kernel
    /// by the largest spectral gap among small eigenvalues, and the two parts of -lambda w.</summary>
    public static DriftPoint Diagnose(ILeastSquaresObjective f, ReadOnlySpan<double> w, double lambda)
    {
        int d = f.Dimension;
        var r = new double[f.ResidualCount];
        var g = new double[d];
        f.Residuals(w, r);
        f.Gradient(w, g);
        var kernel = SpectralKernel.Of(Curvature.Hessian(f, w), d);
        var force = new double[d];
        var tangent = new double[d];
        for (int i = 0; i < d; i++) force[i] = -lambda * w[i];
        kernel.Project(force, tangent);
        double t2 = 0, n2 = 0;
        for (int i = 0; i < d; i++)
        {
            t2 += tangent[i] * tangent[i];
            double normal = force[i] - tangent[i];
            n2 += normal * normal;
        }
        return new DriftPoint(0.5 * Kernels.Dot<double>(r, r), Kernels.Norm2<double>(g), kernel.KernelDimension,
            kernel.GapRatio, kernel.SmallestNormalEigenvalue, Math.Sqrt(t2), Math.Sqrt(n2));
    }

    /// <summary>
    /// P_T v = v - J^T (J J^T)^+ J v, the projector onto Ker J. On M (r = 0) Hess F = J^T J, so Ker J = Ker Hess F and
    /// this is the projector of the slow flow, at the cost of an n x n pseudo-inverse instead of a d x d eigensolve.
    /// </summary>
    public static void ProjectTangent(ILeastSquaresObjective f, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> result)
    {
        int n = f.ResidualCount, d = f.Dimension;
        var j = new double[n * d];
        f.Jacobian(w, j);
        var jv = new double[n];
        Kernels.Gemv<double>(j, n, d, v, jv);
        var c = SolveGram(j, n, d, jv);
        Kernels.GemvT<double>(j, n, d, c, result);
        for (int i = 0; i < d; i++) result[i] = v[i] - result[i];
    }

    /// <summary>Pulls <paramref name="w"/> back onto M by minimum-norm Gauss-Newton steps w &lt;- w - J^T (J J^T)^+ r
    /// (quadratic convergence near M; each step moves along the normal space Range J^T).</summary>
    public static void Retract(ILeastSquaresObjective f, Span<double> w, int maxSteps = 20, double tolerance = 1e-13)
    {
        int n = f.ResidualCount, d = f.Dimension;
        var r = new double[n];
        var j = new double[n * d];
        var step = new double[d];
        for (int k = 0; k < maxSteps; k++)
        {
            f.Residuals(w, r);
            if (Kernels.Norm2<double>(r) <= tolerance * (1 + Kernels.Norm2<double>(w))) return;
            f.Jacobian(w, j);
            var c = SolveGram(j, n, d, r);
            Kernels.GemvT<double>(j, n, d, c, step);
            for (int i = 0; i < d; i++) w[i] -= step[i];
        }
    }

    /// <summary>(J J^T)^+ b through the pseudo-inverse of the n x n Gram matrix.</summary>
    private static double[] SolveGram(double[] j, int n, int d, ReadOnlySpan<double> b)
    {
        var gram = LeastSquares.GramRows(j, n, d);
        var pinv = new double[n * n];
        LeastSquares.PseudoInverseSymmetric(gram, n, pinv, 1e-12);
        var c = new double[n];
        Kernels.Gemv<double>(pinv, n, n, b, c);
        return c;
    }

    /// <summary>
    /// The predicted slow flow dw/ds = -P_T(w) w from <paramref name="start"/> (a point of M: Phi(w0)), by classical
    /// RK4 steps of at most <paramref name="ds"/> in s, each followed by a retraction onto M; returns w at each of
    /// <paramref name="times"/> (ascending, >= 0).
    /// </summary>
    public static double[][] SlowFlow(ILeastSquaresObjective f, ReadOnlySpan<double> start, IReadOnlyList<double> times, double ds = 0.02)
    {
        int d = f.Dimension;
        var w = start.ToArray();
        var k1 = new double[d]; var k2 = new double[d]; var k3 = new double[d]; var k4 = new double[d];
        var stage = new double[d];
        var result = new double[times.Count][];
        double s = 0;
        for (int index = 0; index < times.Count; index++)
        {
            double target = times[index];
            while (s < target - 1e-12)
            {
                double h = Math.Min(ds, target - s);
                Velocity(f, w, k1);
                for (int i = 0; i < d; i++) stage[i] = w[i] + 0.5 * h * k1[i];
                Velocity(f, stage, k2);
                for (int i = 0; i < d; i++) stage[i] = w[i] + 0.5 * h * k2[i];
                Velocity(f, stage, k3);
                for (int i = 0; i < d; i++) stage[i] = w[i] + h * k3[i];
                Velocity(f, stage, k4);
                for (int i = 0; i < d; i++) w[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                Retract(f, w);
                s += h;
            }
            result[index] = (double[])w.Clone();
        }
        return result;
    }

    private static void Velocity(ILeastSquaresObjective f, ReadOnlySpan<double> w, Span<double> velocity)
    {
        ProjectTangent(f, w, w, velocity);
        for (int i = 0; i < velocity.Length; i++) velocity[i] = -velocity[i];
    }
}
