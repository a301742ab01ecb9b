using Grokking.Analysis;
using Grokking.Numerics;
using Grokking.Problems.WeightDecayFlow;
using Grokking.Training;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>
/// Paper 2's linear example in closed form (spec A.2, P2.4): with A = X^T X = V diag(a_i) V^T, gradient descent with weight
/// decay is w_k - w_lambda = V diag((1 - eta (a_i + lambda))^k) V^T (w0 - w_lambda), w_lambda the ridge solution: the
/// row-space coordinates (a_i = sigma_i^2 > 0) relax at rate sigma_i^2 + lambda, the null-space ones (a_i = 0) at rate lambda.
/// </summary>
public class LinearRegressionClosedFormTests
{
    private static double[] ClosedForm(LinearRegression p, double[] w0, double eta, double lambda, long k)
    {
        int d = p.D;
        var (a, v) = SymmetricEigen.Decompose(LeastSquares.GramCols(p.X, p.N, p.D), d);
        var ridge = p.Ridge(lambda);
        var result = (double[])ridge.Clone();
        for (int c = 0; c < d; c++)
        {
            double a_c = Math.Max(a[c], 0); // the null-space eigenvalues are 0 up to rounding
            double coefficient = 0;
            for (int i = 0; i < d; i++) coefficient += v[i * d + c] * (w0[i] - ridge[i]);
            coefficient *= Math.Pow(1 - eta * (a_c + lambda), k);
            for (int i = 0; i < d; i++) result[i] += coefficient * v[i * d + c];
        }
        return result;
    }

    private static double RelativeError(ReadOnlySpan<double> x, ReadOnlySpan<double> reference)
    {
        double e = 0, r = 0;
        for (int i = 0; i < x.Length; i++) { e += (x[i] - reference[i]) * (x[i] - reference[i]); r += reference[i] * reference[i]; }
        return Math.Sqrt(e / r);
    }

    [Fact]
    public void GradientDescentFollowsTheClosedFormAtEveryScale()
    {
        var p = FlowTestProblems.Linear();
        var w0 = FlowTestProblems.Point(p.D);
        const double eta = 0.1, lambda = 1e-2;
        var stepper = new WeightDecayStepper(p, w0, eta, lambda);
        long done = 0;
        foreach (long k in new long[] { 1, 10, 100, 1000, 5000 })
        {
            stepper.Advance(k - done);
            done = k;
            Assert.True(RelativeError(stepper.W, ClosedForm(p, w0, eta, lambda, k)) < 1e-8, $"step {k}");
        }
    }

    [Fact]
    public void FastPhaseEndsAtTheProjectionOfTheInitOntoTheInterpolatorsAndTheSlowPhaseAtTheRidgeSolution()
    {
        var p = FlowTestProblems.Linear();
        var w0 = FlowTestProblems.Point(p.D);
        // projection of w0 onto {w : X w = y}: the null-space part of w0 plus X^+ y
        var rowPart = LeastSquares.MinNorm(p.X, p.N, p.D, Mul(p, w0));
        var projection = new double[p.D];
        for (int i = 0; i < p.D; i++) projection[i] = w0[i] - rowPart[i] + p.MinNormSolution[i];

        var flow = new WeightDecayStepper(p, w0, 0.1, 0);
        flow.Advance(20_000); // slowest row-space rate sigma_min^2 ~ 0.1: (1 - 0.01)^20000 ~ 1e-87
        Assert.True(RelativeError(flow.W, projection) < 1e-8);

        const double lambda = 1e-2;
        var decayed = new WeightDecayStepper(p, w0, 0.1, lambda);
        decayed.Advance(40_000); // null space: (1 - 1e-3)^40000 ~ 4e-18
        Assert.True(RelativeError(decayed.W, p.Ridge(lambda)) < 1e-8);
        // ridge -> X^+ y linearly in lambda: ||w_lambda - X^+ y|| / lambda settles to a constant
        double e1 = RelativeError(p.Ridge(1e-4), p.MinNormSolution), e2 = RelativeError(p.Ridge(5e-5), p.MinNormSolution);
        Assert.Equal(2.0, e1 / e2, 1e-3);
    }

    private static double[] Mul(LinearRegression p, double[] w)
    {
        var y = new double[p.N];
        Kernels.Gemv<double>(p.X, p.N, p.D, w, y);
        return y;
    }

    /// <summary>After the fast phase the test loss is the null-space part's, 1/2 ||w_perp(0)||^2 e^{-2 lambda t}: measured from
    /// the plateau at t_WD it halves at lambda t = lambda t_WD + ln 2 / 2, so onset * lambda tends to ln 2 / 2 as
    /// lambda t_WD ~ -lambda ln lambda -> 0 (the collapse). Checked to 0.015 in lambda t: the record spacing (1.2 %) plus
    /// the row-space error left at t_WD (below 1e-3 of the plateau).</summary>
    [Theory]
    [InlineData(1e-2)]
    [InlineData(1e-3)]
    public void OnsetTimesLambdaIsTheSameForEveryLambda(double lambda)
    {
        var spec = FlowTestProblems.Spec("wd-linear", $"lambda={lambda},steps={(long)(3 / lambda / 0.1)},eval-per-decade=200");
        var prepared = new LinearRegressionExperiment().Prepare(spec);
        var record = new MetricRecord { TimeOf = prepared.TimeOf };
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        var summary = prepared.Summarise(record, timing);
        Assert.Equal(lambda * summary.Theory["t_wd"] + Math.Log(2) / 2, summary.Final["onset_lambda_t"], 0.015);
        Assert.Equal(1, summary.Theory["grokking_predicted"]);
    }

    [Fact]
    public void TheTangentSpaceIsTheNullSpaceOfXAndTheSlowFlowShrinksItExponentially()
    {
        var p = FlowTestProblems.Linear();
        int d = p.D;
        var w = FlowTestProblems.Point(d);
        var kernel = SpectralKernel.Of(Curvature.Hessian(p, w), d);
        Assert.Equal(d - p.N, kernel.KernelDimension);
        // P_Ker = I - X^+ X, checked on basis vectors against the Jacobian form and the pseudo-inverse
        var e = new double[d];
        var byHessian = new double[d];
        var byJacobian = new double[d];
        for (int j = 0; j < d; j++)
        {
            e[j] = 1;
            kernel.Project(e, byHessian);
            RiemannianDrift.ProjectTangent(p, w, e, byJacobian);
            var rowPart = LeastSquares.MinNorm(p.X, p.N, d, Mul(p, e));
            for (int i = 0; i < d; i++)
            {
                double expected = e[i] - rowPart[i];
                Assert.Equal(expected, byHessian[i], 1e-8);
                Assert.Equal(expected, byJacobian[i], 1e-12);
            }
            e[j] = 0;
        }

        // from Phi(w0) = w_perp(0) + X^+ y, the predicted flow is X^+ y + w_perp(0) e^{-s}
        var nullPart = new double[d];
        RiemannianDrift.ProjectTangent(p, w, w, nullPart);
        var start = new double[d];
        for (int i = 0; i < d; i++) start[i] = nullPart[i] + p.MinNormSolution[i];
        double[] times = [0.5, 1, 3];
        var flow = RiemannianDrift.SlowFlow(p, start, times);
        for (int t = 0; t < times.Length; t++)
        {
            var expected = new double[d];
            for (int i = 0; i < d; i++) expected[i] = p.MinNormSolution[i] + nullPart[i] * Math.Exp(-times[t]);
            // RK4 with ds = 0.02 on a linear ODE: relative error ~ ds^4 / 120 per unit s, below 1e-9
            Assert.True(RelativeError(flow[t], expected) < 1e-8, $"s = {times[t]}");
        }
    }
}
