using Grokking.Numerics;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// Low-rank matrix completion by a factorisation M = U V^T with the extreme inner dimension r = n1 + n2 (paper 2, Fig 2;
/// spec A.2, F.8, P2.5): w = (U, V), U n1 x r and V n2 x r row-major, F = 1/2 sum_{(i,j) in Omega} ((U V^T)_ij - M*_ij)^2.
/// Weight decay 1/2 (||U||_F^2 + ||V||_F^2) is the nuclear norm of U V^T at balanced factors, so the slow phase drifts
/// to low rank. Choices: M* = U* V*^T with U* (n1 x rank), V* (n2 x rank) iid N(0, 1); Omega = the first N entries of a
/// random permutation of the n1 n2 entries; test loss = 1/2 sum over the unobserved entries (same form as F).
/// </summary>
public sealed class FactorisedCompletion : FlowProblem
{
    public const string Sigma = "sigma";

    private readonly double[] _r;
    private readonly double[] _product;
    private readonly JacobiSvd _svd;
    private int _sigmaId = -1;

    public FactorisedCompletion(int n1, int n2, double[] target, int[] observed)
    {
        (N1, N2, Inner, Target, Observed) = (n1, n2, n1 + n2, target, observed);
        var seen = new bool[n1 * n2];
        foreach (int q in observed) seen[q] = true;
        Unobserved = Enumerable.Range(0, n1 * n2).Where(q => !seen[q]).ToArray();
        _r = new double[observed.Length];
        _product = new double[n1 * n2];
        _svd = new JacobiSvd(n1, n2);
        TargetSingularValues = JacobiSvd.OfRowMajor(target, n1, n2).SingularValues.ToArray();
    }

    /// <summary>The data of <paramref name="seed"/>: U* then V* (row-major standard normals), then the permutation that
    /// picks the observed entries.</summary>
    public static FactorisedCompletion Create(int n1, int n2, int rank, int observed, uint seed)
    {
        var rng = new NumpyRandomState(seed);
        var u = rng.StandardNormal(n1 * rank);
        var v = rng.StandardNormal(n2 * rank);
        var m = new double[n1 * n2];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                double s = 0;
                for (int k = 0; k < rank; k++) s += u[i * rank + k] * v[j * rank + k];
                m[i * n2 + j] = s;
            }
        var order = rng.Permutation(n1 * n2);
        var omega = order[..observed];
        Array.Sort(omega);
        return new FactorisedCompletion(n1, n2, m, omega);
    }

    public int N1 { get; }
    public int N2 { get; }
    /// <summary>Inner dimension r = n1 + n2.</summary>
    public int Inner { get; }
    /// <summary>M*, row-major n1 x n2.</summary>
    public double[] Target { get; }
    /// <summary>Observed entries, flat row-major indices i n2 + j, ascending.</summary>
    public int[] Observed { get; }
    public int[] Unobserved { get; }
    public double[] TargetSingularValues { get; }

    public override int Dimension => (N1 + N2) * Inner;
    public override int ResidualCount => Observed.Length;
    protected override Span<double> Scratch => _r;

    private double Entry(ReadOnlySpan<double> w, int q)
    {
        int i = q / N2, j = q % N2;
        var u = w.Slice(i * Inner, Inner);
        var v = w.Slice((N1 + j) * Inner, Inner);
        double s = 0;
        for (int k = 0; k < Inner; k++) s += u[k] * v[k];
        return s;
    }

    public override void Residuals(ReadOnlySpan<double> w, Span<double> r)
    {
        for (int q = 0; q < Observed.Length; q++) r[q] = Entry(w, Observed[q]) - Target[Observed[q]];
    }

    public override void Gradient(ReadOnlySpan<double> w, Span<double> g)
    {
        g.Clear();
        int offsetV = N1 * Inner;
        for (int q = 0; q < Observed.Length; q++)
        {
            int e = Observed[q], i = e / N2, j = e % N2;
            double r = Entry(w, e) - Target[e];
            var u = w.Slice(i * Inner, Inner);
            var v = w.Slice(offsetV + j * Inner, Inner);
            var gu = g.Slice(i * Inner, Inner);
            var gv = g.Slice(offsetV + j * Inner, Inner);
            for (int k = 0; k < Inner; k++)
            {
                gu[k] += r * v[k];
                gv[k] += r * u[k];
            }
        }
    }

    public override void Jacobian(ReadOnlySpan<double> w, Span<double> jacobian)
    {
        int d = Dimension, offsetV = N1 * Inner;
        jacobian[..(Observed.Length * d)].Clear();
        for (int q = 0; q < Observed.Length; q++)
        {
            int e = Observed[q], i = e / N2, j = e % N2;
            var row = jacobian.Slice(q * d, d);
            for (int k = 0; k < Inner; k++)
            {
                row[i * Inner + k] = w[offsetV + j * Inner + k];
                row[offsetV + j * Inner + k] = w[i * Inner + k];
            }
        }
    }

    public override double TestLoss(ReadOnlySpan<double> w)
    {
        double s = 0;
        foreach (int e in Unobserved) { double d = Entry(w, e) - Target[e]; s += d * d; }
        return 0.5 * s;
    }

    public override string TestLossDescription => "1/2 sum over the unobserved entries of ((U V^T)_ij - M*_ij)^2";

    /// <summary>Balanced factors of M* padded with zero columns to the inner dimension (U = P sqrt(S), V = Q sqrt(S)):
    /// the point of least ||U||^2 + ||V||^2 with U V^T = M*, ||U||^2 + ||V||^2 = 2 ||M*||_*.</summary>
    public double[] BalancedFactorsOfTarget()
    {
        var svd = JacobiSvd.OfRowMajor(Target, N1, N2);
        var w = new double[Dimension];
        int k = Math.Min(N1, N2), offsetV = N1 * Inner;
        for (int c = 0; c < k; c++)
        {
            double root = Math.Sqrt(svd.SingularValues[c]);
            for (int i = 0; i < N1; i++) w[i * Inner + c] = svd.U(i, c) * root;
            for (int j = 0; j < N2; j++) w[offsetV + j * Inner + c] = svd.V(j, c) * root;
        }
        return w;
    }

    /// <summary>
    /// The small-lambda limit the theory predicts (spec A.2, Props. 3-4): the minimiser of ||U||^2 + ||V||^2 among the
    /// interpolators, i.e. (balanced factors of) min ||M||_* s.t. M = M* on the observed entries, by the lab's certified
    /// convex solver. When it is M* the flow ends at the ground truth; when the observed entries admit a completion of
    /// lower nuclear norm, no init, step or horizon can make the flow end at M* (the data, not the dynamics, decide).
    /// Not a hot path: one solve, a few hundred milliseconds for 20 x 20.
    /// </summary>
    public NuclearNormResult MinimumNuclearNormCompletion()
    {
        var values = new double[Observed.Length];
        for (int q = 0; q < values.Length; q++) values[q] = Target[Observed[q]];
        return new NuclearNormSolver().Complete(N1, N2, Observed, values);
    }

    /// <summary>
    /// The exact limit for this lambda: gradient descent with weight decay on (U, V) (inner dimension n1 + n2) ends at
    /// balanced factors of the minimiser X_lambda of 1/2 sum_Omega (X - M*)^2 + lambda ||X||_* (the variational form
    /// ||X||_* = min over U V^T = X of (||U||^2 + ||V||^2) / 2). Its singular values sit about lambda / (observed
    /// fraction) below those of M* (exactly lambda when every entry is observed): the weight-decay bias, which vanishes
    /// only as lambda -> 0. Solved by accelerated proximal gradient (step 1, the data term's Lipschitz constant) to
    /// ~1e-12; returns X_lambda row-major. Not a hot path (milliseconds to a second for 20 x 20).
    /// </summary>
    public double[] RegularisedLimit(double lambda, int maxIterations = 200_000)
    {
        int n = N1 * N2;
        // column-major throughout (the SVD's layout): entry (i, j) at j n1 + i
        var x = new double[n];
        var previous = new double[n];
        var y = new double[n];
        var target = new double[n];
        var seen = new bool[n];
        foreach (int q in Observed) { int c = (q % N2) * N1 + q / N2; seen[c] = true; target[c] = Target[q]; }
        var svd = new JacobiSvd(N1, N2);
        double momentum = 1, scale = Math.Sqrt(target.Sum(v => v * v));
        for (int k = 0; k < maxIterations; k++)
        {
            // gradient step on the data term from y, then singular-value thresholding by lambda
            for (int c = 0; c < n; c++) y[c] = seen[c] ? target[c] : y[c];
            svd.Decompose(y, N1, warmStart: k > 0);
            x.CopyTo(previous, 0);
            svd.Threshold(x, N1, lambda);
            double next = (1 + Math.Sqrt(1 + 4 * momentum * momentum)) / 2, change = 0;
            for (int c = 0; c < n; c++)
            {
                double d = x[c] - previous[c];
                change += d * d;
                y[c] = x[c] + (momentum - 1) / next * d;
            }
            momentum = next;
            if (Math.Sqrt(change) <= 1e-13 * scale) break;
        }
        var rowMajor = new double[n];
        for (int i = 0; i < N1; i++)
            for (int j = 0; j < N2; j++) rowMajor[i * N2 + j] = x[j * N1 + i];
        return rowMajor;
    }

    /// <summary>||A - M*||_F / ||M*||_F of a row-major n1 x n2 matrix.</summary>
    public double RelativeDistanceToTarget(ReadOnlySpan<double> a)
    {
        double e = 0, m = 0;
        for (int q = 0; q < Target.Length; q++) { e += (a[q] - Target[q]) * (a[q] - Target[q]); m += Target[q] * Target[q]; }
        return Math.Sqrt(e / m);
    }

    public override void RegisterExtras(MetricRecord record) => _sigmaId = record.Register(Sigma);

    public override int ExtraRows => Math.Min(N1, N2);

    /// <summary>The singular values of U V^T (column-major product for the SVD, which allocates nothing).</summary>
    public override void RecordExtras(long step, ReadOnlySpan<double> w, MetricRecord record)
    {
        for (int j = 0; j < N2; j++)
            for (int i = 0; i < N1; i++) _product[j * N1 + i] = Entry(w, i * N2 + j);
        _svd.Decompose(_product, N1);
        var s = _svd.SingularValues;
        for (int c = 0; c < s.Length; c++) record.Add(step, _sigmaId, s[c], c);
    }

    public override IReadOnlyCollection<string> FinalPerScopeExtras => [Sigma];

    public override void AddTheory(IDictionary<string, double> theory, double lambda)
    {
        double nuclear = 0;
        for (int c = 0; c < TargetSingularValues.Length; c++)
        {
            theory[$"sigma_star_{c}"] = TargetSingularValues[c];
            nuclear += TargetSingularValues[c];
        }
        theory["target_nuclear_norm"] = nuclear;
        theory["norm2_at_balanced_target"] = 2 * nuclear;
        // the predicted limit: the minimum-nuclear-norm completion (certified); its distance to M* says whether the
        // theory's limit is the ground truth for these data
        var limit = MinimumNuclearNormCompletion();
        theory["min_nuclear_norm"] = limit.Objective;
        theory["norm2_at_min_nuclear_completion"] = 2 * limit.Objective;
        theory["min_nuclear_completion_distance"] = RelativeDistanceToTarget(limit.A.Data);
        // the limit at this lambda, biased by weight decay (the theory's limit is its lambda -> 0 end)
        var biased = JacobiSvd.OfRowMajor(RegularisedLimit(lambda), N1, N2).SingularValues;
        for (int c = 0; c < TargetSingularValues.Length; c++) theory[$"sigma_lambda_{c}"] = biased[c];
    }
}
