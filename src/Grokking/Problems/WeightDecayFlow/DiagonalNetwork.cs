using Grokking.Numerics;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// Diagonal linear network beta = u ⊙ v on a sparse Fourier-feature regression (paper 2, appendix figure; spec A.2,
/// F.8, P2.7): w = (u, v) in R^{2d}, F(u, v) = 1/2 sum_i (&lt;u ⊙ v, phi(x_i)&gt; - y_i)^2. Weight decay on (u, v) is an l1
/// penalty on beta (min over u ⊙ v = beta of 1/2 (||u||^2 + ||v||^2) is ||beta||_1), so the slow phase drifts to the
/// minimum-l1 interpolator. Choices (the paper gives none): x_i ~ U[0, 1), features phi_{2j}(x) = cos(2 pi (j+1) x),
/// phi_{2j+1}(x) = sin(2 pi (j+1) x) for j &lt; d/2; a k-sparse teacher beta* with random support and entries
/// +-(0.5 + U[0, 1)); test loss = the population loss 1/2 E_x (f_beta(x) - f*(x))^2 = 1/4 ||beta - beta*||^2 (the
/// features are orthogonal with mean square 1/2 under U[0, 1)).
/// </summary>
public sealed class DiagonalNetwork : FlowProblem
{
    public const string Beta = "beta";
    public const string BetaL1 = "beta_l1";
    public const string BasisPursuitDistance = "bp_distance";

    private readonly double[] _r;
    private readonly double[] _beta;
    private readonly double[] _c;
    private int _betaId = -1, _l1Id = -1, _bpId = -1;

    public DiagonalNetwork(double[] features, int n, int d, double[] y, double[] teacher)
    {
        (Features, N, D, Y, Teacher) = (features, n, d, y, teacher);
        _r = new double[n];
        _beta = new double[d];
        _c = new double[d];
        var bp = BasisPursuitSolver.Minimize(new DenseMatrix(n, d, features), y);
        if (bp.Status != BasisPursuitStatus.Optimal)
            throw new ArgumentException($"basis pursuit on the training data did not certify its answer: {bp}");
        MinL1Interpolator = bp.A;
    }

    /// <summary>The data of <paramref name="seed"/>: x_i ~ U[0, 1) (n draws), then the support (a permutation of d) and
    /// signs and magnitudes of the teacher.</summary>
    public static DiagonalNetwork Create(int n, int d, int k, uint seed)
    {
        if (d % 2 != 0) throw new ArgumentException($"d = {d} must be even (cos and sin pairs)");
        var rng = new NumpyRandomState(seed);
        var x = new double[n];
        rng.RandomSample(x);
        var phi = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d / 2; j++)
            {
                double a = 2 * Math.PI * (j + 1) * x[i];
                phi[i * d + 2 * j] = Math.Cos(a);
                phi[i * d + 2 * j + 1] = Math.Sin(a);
            }
        var support = rng.Permutation(d);
        var teacher = new double[d];
        for (int s = 0; s < k; s++)
        {
            double sign = rng.RandomSample() < 0.5 ? -1 : 1;
            teacher[support[s]] = sign * (0.5 + rng.RandomSample());
        }
        var y = new double[n];
        Kernels.Gemv<double>(phi, n, d, teacher, y);
        return new DiagonalNetwork(phi, n, d, y, teacher);
    }

    public double[] Features { get; }
    public int N { get; }
    public int D { get; }
    public double[] Y { get; }
    public double[] Teacher { get; }
    /// <summary>argmin ||beta||_1 s.t. Phi beta = y (certified basis pursuit): the predicted limit of u ⊙ v.</summary>
    public double[] MinL1Interpolator { get; }

    public override int Dimension => 2 * D;
    public override int ResidualCount => N;
    protected override Span<double> Scratch => _r;

    private void Product(ReadOnlySpan<double> w, Span<double> beta)
    {
        for (int j = 0; j < D; j++) beta[j] = w[j] * w[D + j];
    }

    public override void Residuals(ReadOnlySpan<double> w, Span<double> r)
    {
        Product(w, _beta);
        Kernels.Residual<double>(Features, N, D, _beta, Y, r);
    }

    public override void Gradient(ReadOnlySpan<double> w, Span<double> g)
    {
        Residuals(w, _r);
        Kernels.GemvT<double>(Features, N, D, _r, _c);
        // d/du_j = c_j v_j, d/dv_j = c_j u_j with c = Phi^T r
        for (int j = 0; j < D; j++)
        {
            g[j] = _c[j] * w[D + j];
            g[D + j] = _c[j] * w[j];
        }
    }

    public override void Jacobian(ReadOnlySpan<double> w, Span<double> jacobian)
    {
        int cols = 2 * D;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < D; j++)
            {
                double phi = Features[i * D + j];
                jacobian[i * cols + j] = phi * w[D + j];
                jacobian[i * cols + D + j] = phi * w[j];
            }
    }

    public override double TestLoss(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int j = 0; j < D; j++) { double e = w[j] * w[D + j] - Teacher[j]; s += e * e; }
        return 0.25 * s;
    }

    public override string TestLossDescription => "1/2 E_x (f_beta(x) - f*(x))^2 = 1/4 ||u ⊙ v - beta*||^2, x ~ U[0, 1)";

    /// <summary>Balanced factors of <paramref name="beta"/> (u = sqrt|beta|, v = sign(beta) sqrt|beta|): the point of
    /// least ||u||^2 + ||v||^2 with u ⊙ v = beta.</summary>
    public double[] BalancedFactors(ReadOnlySpan<double> beta)
    {
        var w = new double[2 * D];
        for (int j = 0; j < D; j++)
        {
            double root = Math.Sqrt(Math.Abs(beta[j]));
            w[j] = root;
            w[D + j] = Math.Sign(beta[j]) * root;
        }
        return w;
    }

    public override void RegisterExtras(MetricRecord record)
    {
        _l1Id = record.Register(BetaL1);
        _bpId = record.Register(BasisPursuitDistance);
        _betaId = record.Register(Beta);
    }

    public override int ExtraRows => 2 + D;

    public override void RecordExtras(long step, ReadOnlySpan<double> w, MetricRecord record)
    {
        double l1 = 0, bp = 0;
        for (int j = 0; j < D; j++)
        {
            double b = w[j] * w[D + j];
            l1 += Math.Abs(b);
            bp = Math.Max(bp, Math.Abs(b - MinL1Interpolator[j]));
        }
        record.Add(step, _l1Id, l1);
        record.Add(step, _bpId, bp);
        for (int j = 0; j < D; j++) record.Add(step, _betaId, w[j] * w[D + j], j);
    }

    public override IReadOnlyCollection<string> PerComponentExtras => [Beta];

    public override void AddTheory(IDictionary<string, double> theory, double lambda)
    {
        theory["min_l1_interpolator_l1"] = Kernels.Norm1<double>(MinL1Interpolator);
        theory["teacher_l1"] = Kernels.Norm1<double>(Teacher);
        double gap = 0;
        for (int j = 0; j < D; j++) gap = Math.Max(gap, Math.Abs(MinL1Interpolator[j] - Teacher[j]));
        theory["min_l1_interpolator_teacher_distance"] = gap;
    }
}
