using Grokking.Experiments;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>wd-linear: paper 2's linear-regression example, the closed-form case (spec A.2, P2.4).</summary>
public sealed class LinearRegressionExperiment : WeightDecayExperiment
{
    public override string Name => "wd-linear";
    public override string Summary =>
        "paper 2, linear regression F = 1/2 ||Xw - y||^2 with N < d under gradient descent with weight decay, " +
        "w <- w - eta (X^T(Xw - y) + lambda w), t = k eta: the row-space part of w relaxes at rates sigma_i^2 + lambda " +
        "(to the interpolators: the projection of w0), the null-space part at rate lambda (to the ridge solution, -> X^+ y). " +
        "Choices (the paper states none): X iid N(0, 1/d), y = X g with a teacher g ~ N(0, I), test loss 1/2 ||w - X^+ y||^2.";

    protected override FlowDefaults Defaults { get; } = new(Eta: 0.1, Lambda: 1e-3, InitVariance: 1, Steps: 200_000,
        TrainThreshold: 1e-3, TestThreshold: 1e-2);

    protected override IEnumerable<Parameter> ProblemParameters =>
    [
        Parameter.Int("N", 30, "number of samples (rows of X); N < d", min: 1),
        Parameter.Int("d", 100, "dimension of w", min: 2, max: 2000),
    ];

    protected override void CheckSpec(RunSpec spec)
    {
        if (spec.Int("N") >= spec.Int("d"))
            throw new SpecException($"N = {spec.Int("N")} must be below d = {spec.Int("d")}: with N >= d the interpolators are a single point and there is no slow phase");
    }

    public override FlowProblem CreateProblem(RunSpec spec) =>
        LinearRegression.Create((int)spec.Int("N"), (int)spec.Int("d"), (uint)spec.Int("data-seed"));

    /// <summary>The Hessian is X^T X everywhere: its top eigenvalue exactly.</summary>
    protected override double LargestCurvature(FlowProblem problem, double[] w) => ((LinearRegression)problem).SigmaMaxSquared();
}
