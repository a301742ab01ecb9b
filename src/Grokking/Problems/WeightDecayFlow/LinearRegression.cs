using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// Over-parameterised linear regression F(w) = 1/2 ||X w - y||^2 with N &lt; d (paper 2, §5 first example; spec A.2, P2.4).
/// Choices (the paper states none): X has iid N(0, 1/d) entries (rows of norm ~1, so sigma_max^2 ~ (1 + sqrt(N/d))^2),
/// y = X g for a teacher g ~ N(0, I); the test loss is 1/2 ||w - X^+ y||^2, the population loss for x ~ N(0, I) of the
/// teacher's row-space part X^+ y (with N &lt; d nothing else of g can be learned from the data).
/// </summary>
public sealed class LinearRegression : FlowProblem
{
    private readonly double[] _r;

    public LinearRegression(double[] x, int n, int d, double[] y)
    {
        if (n >= d) throw new ArgumentException($"N = {n} must be below d = {d} (over-parameterised)");
        (X, N, D, Y) = (x, n, d, y);
        _r = new double[n];
        MinNormSolution = LeastSquares.MinNorm(x, n, d, y);
    }

    /// <summary>The data of seed <paramref name="seed"/>: X (N x d, N(0, 1/d)), then the teacher g ~ N(0, I), y = X g.</summary>
    public static LinearRegression Create(int n, int d, uint seed)
    {
        var rng = new NumpyRandomState(seed);
        var x = rng.StandardNormal(n * d);
        double s = 1 / Math.Sqrt(d);
        for (int i = 0; i < x.Length; i++) x[i] *= s;
        var g = rng.StandardNormal(d);
        var y = new double[n];
        Kernels.Gemv<double>(x, n, d, g, y);
        return new LinearRegression(x, n, d, y);
    }

    public double[] X { get; }
    public int N { get; }
    public int D { get; }
    public double[] Y { get; }
    /// <summary>X^+ y: the minimum-norm interpolator (the limit as lambda -> 0 after t -> inf).</summary>
    public double[] MinNormSolution { get; }

    public override int Dimension => D;
    public override int ResidualCount => N;
    protected override Span<double> Scratch => _r;

    public override void Residuals(ReadOnlySpan<double> w, Span<double> r) => Kernels.Residual<double>(X, N, D, w, Y, r);

    public override void Gradient(ReadOnlySpan<double> w, Span<double> g)
    {
        Kernels.Residual<double>(X, N, D, w, Y, _r);
        Kernels.GemvT<double>(X, N, D, _r, g);
    }

    public override void Jacobian(ReadOnlySpan<double> w, Span<double> jacobian) => X.CopyTo(jacobian);

    public override double TestLoss(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int i = 0; i < D; i++) { double e = w[i] - MinNormSolution[i]; s += e * e; }
        return 0.5 * s;
    }

    public override string TestLossDescription => "1/2 ||w - X^+ y||^2 (population loss of the teacher's row-space part, x ~ N(0, I))";

    /// <summary>The ridge solution (X^T X + lambda I)^{-1} X^T y = X^T (X X^T + lambda I)^{-1} y: the fixed point of
    /// gradient descent with weight decay lambda.</summary>
    public double[] Ridge(double lambda)
    {
        var gram = LeastSquares.GramRows(X, N, D);
        for (int i = 0; i < N; i++) gram[i * N + i] += lambda;
        var c = Cholesky(gram, N, Y);
        var w = new double[D];
        Kernels.GemvT<double>(X, N, D, c, w);
        return w;
    }

    /// <summary>Solves the symmetric positive-definite system A c = b (N is small).</summary>
    private static double[] Cholesky(double[] a, int n, ReadOnlySpan<double> b)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = i == j ? Math.Sqrt(s) : s / l[j * n + j];
            }
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * z[k];
            z[i] = s / l[i * n + i];
        }
        var c = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = z[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * c[k];
            c[i] = s / l[i * n + i];
        }
        return c;
    }

    /// <summary>sigma_max(X)^2, the largest eigenvalue of X^T X: gradient descent is stable for eta &lt; 2/(sigma_max^2 + lambda).</summary>
    public double SigmaMaxSquared() => StepSize.LambdaMax(X, N, D);

    public override void AddTheory(IDictionary<string, double> theory, double lambda)
    {
        theory["sigma_max_squared"] = SigmaMaxSquared();
        theory["min_norm_solution_norm"] = Kernels.Norm2<double>(MinNormSolution);
    }
}
