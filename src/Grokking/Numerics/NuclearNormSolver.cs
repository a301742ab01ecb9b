namespace Grokking.Numerics;

/// <summary>
/// Nuclear-norm recovery <c>min ||A||_* s.t. P(A) = b</c> for matrix completion (P = the observed entries) and matrix
/// sensing (P = X vec(A)), by Douglas-Rachford splitting between the nuclear norm (its prox is singular value
/// thresholding) and the constraint set (its prox is the affine projection), stopped by a duality-gap certificate.
/// </summary>
/// <remarks>
/// Iteration (step t, relaxation rho): <c>A = SVT_t(W)</c>, <c>Z = Proj(2A - W)</c>, <c>W += rho (Z - A)</c>. At a fixed
/// point Z = A and <c>2A - W - Z = P^*(mu)</c> with <c>-mu/t</c> a dual solution, so <c>lambda = -mu/t</c> is read off
/// every iteration for free. The certificate is weak duality: for any lambda with <c>||P^*(lambda)||_2 &lt;= 1</c> and any
/// feasible A', <c>||A'||_* &gt;= &lt;P^*(lambda), A'&gt; = b^T lambda</c>. Every <see cref="NuclearNormOptions.CheckEvery"/>
/// iterations lambda is scaled into that set (one SVD of P^*(lambda)), the low-rank iterate is projected onto the
/// constraints (one SVD for its nuclear norm), and the solve stops once the relative gap and the iterate's distance to
/// the constraints are within tolerance. The iterate map is extrapolated by Anderson acceleration (safeguarded: a step
/// that raises the fixed-point residual is replaced by the plain one), which cut the iterations of the E3.6 grid 12-fold.
/// t is tied to the data's scale: by positive homogeneity, threshold t on data b is threshold 1 on b/t, scaled by t.
/// The certificate holds whatever the iterations did, so neither heuristic can make a wrong answer look certified.
/// Not a hot path: a solve allocates its buffers.
/// </remarks>
public sealed class NuclearNormSolver(NuclearNormOptions? options = null)
{
    private readonly NuclearNormOptions _options = Validated(options ?? NuclearNormOptions.Default);

    /// <summary>Completion: <c>min ||A||_* s.t. A_ij = value</c> on the observed entries.</summary>
    /// <param name="observed">Flat row-major indices k = i cols + j, each at most once.</param>
    public NuclearNormResult Complete(int rows, int cols, ReadOnlySpan<int> observed, ReadOnlySpan<double> values)
    {
        CheckShape(rows, cols);
        CheckFinite(values);
        return Solve(new ObservedEntries(rows, cols, observed, values.ToArray()));
    }

    /// <summary>Sensing: <c>min ||A||_* s.t. X vec(A) = y</c>, vec column-major (X is N x rows cols).</summary>
    public NuclearNormResult Sense(int rows, int cols, DenseMatrix x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckShape(rows, cols);
        CheckFinite(y);
        if (!Kernels.AllFinite<double>(x.Data)) throw new ArgumentException("X must be finite.", nameof(x));
        return Solve(new LinearMeasurements(rows, cols, x, y.ToArray()));
    }

    private NuclearNormResult Solve(AffineMatrixSet set)
    {
        int size = set.Ld * set.Cols, m = set.Count;
        var w = new double[size];
        var a = new double[size];
        var v = new double[size];
        var z = new double[size];
        var mu = new double[m];
        var certificate = new Certificate(set);
        double bNorm = Kernels.Norm2<double>(set.Values);
        if (bNorm == 0) return certificate.Evaluate(a, mu, 1.0, 0, bNorm, NuclearNormStatus.Optimal);

        // Start from the projection of 0 (for completion: the observed entries, zero elsewhere).
        set.Project(v, w, mu);
        // t follows the data's scale (see NuclearNormOptions.StepScale for why 1 x the rms of b).
        double t = _options.StepScale * bNorm / Math.Sqrt(m);
        double rho = _options.Relaxation;
        var svd = new JacobiSvd(set.Rows, set.Cols);
        var anderson = _options.AndersonMemory > 0 ? new AndersonAcceleration(size, _options.AndersonMemory) : null;
        var plain = new double[size];       // T(w) of the last accepted point: the fallback when an extrapolation fails
        double lastResidual = double.PositiveInfinity;
        bool extrapolated = false;
        int nextCheck = _options.CheckEvery;
        for (int iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            svd.Decompose(w, set.Ld, warmStart: iteration > 1);
            svd.Threshold(a, set.Ld, t);
            for (int i = 0; i < size; i++) v[i] = 2 * a[i] - w[i];
            set.Project(v, z, mu);

            if (iteration == nextCheck || iteration == _options.MaxIterations)
            {
                nextCheck += Math.Max(_options.CheckEvery, iteration / 20);
                if (certificate.Measure(a, mu, t, bNorm) <= _options.Tolerance)
                    return certificate.Evaluate(a, mu, t, iteration, bNorm, NuclearNormStatus.Optimal);
            }

            // the fixed-point residual ||T(w) - w|| = rho ||Z - A|| of plain DR never grows (T is averaged), so an
            // extrapolated point whose residual grew is rejected: back to the plain step, history cleared
            double residual = 0;
            for (int i = 0; i < size; i++) residual += (z[i] - a[i]) * (z[i] - a[i]);
            if (anderson is not null && extrapolated && residual > lastResidual)
            {
                plain.CopyTo(w, 0);
                anderson.Reset();
                extrapolated = false;
                continue;
            }
            for (int i = 0; i < size; i++) plain[i] = w[i] + rho * (z[i] - a[i]);
            lastResidual = residual;
            if (anderson is null) plain.CopyTo(w, 0);
            else
            {
                anderson.Step(w, plain, v);
                v.CopyTo(w, 0);
                extrapolated = true;
            }
        }
        return certificate.Evaluate(a, mu, t, _options.MaxIterations, bNorm, NuclearNormStatus.MaxIterations);
    }

    private static NuclearNormOptions Validated(NuclearNormOptions o)
    {
        if (!(o.Tolerance > 0) || o.MaxIterations < 1 || o.CheckEvery < 1 || !(o.Relaxation > 0 && o.Relaxation < 2) || !(o.StepScale > 0) || o.AndersonMemory < 0)
            throw new ArgumentException($"Nuclear-norm options need Tolerance > 0, MaxIterations >= 1, CheckEvery >= 1, Relaxation in (0, 2), StepScale > 0 and AndersonMemory >= 0, got {o}.", nameof(options));
        return o;
    }

    private static void CheckShape(int rows, int cols)
    {
        if (rows < 1 || cols < 1) throw new ArgumentException($"The matrix must be at least 1 x 1, got {rows} x {cols}.", nameof(rows));
    }

    private static void CheckFinite(ReadOnlySpan<double> values)
    {
        if (!Kernels.AllFinite(values)) throw new ArgumentException("The measured values must be finite.", nameof(values));
    }
}
