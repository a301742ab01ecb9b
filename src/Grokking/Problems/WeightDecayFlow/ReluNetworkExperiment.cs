using Grokking.Experiments;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>wd-relu: paper 2's Fig 3, a one-dimensional two-layer ReLU regression (spec P2.6; outside the theory).</summary>
public sealed class ReluNetworkExperiment : WeightDecayExperiment
{
    public override string Name => "wd-relu";
    public override string Summary =>
        "paper 2 Fig 3, f(x) = sum_j u_j ReLU(v_j x + b_j) with m units on n points x_i ~ U[-2, 2], F = 1/(2n) sum (f(x_i) - y_i)^2, " +
        "gradient descent with weight decay lambda = 1e-3, init N(0, 4): interpolates with a high-norm function, then drifts to a " +
        "low-norm one with few kinks (ReLU is not C^3: the theory does not cover it). Choices (the paper gives none): the teacher " +
        "ReLU(x + 1) - 2 ReLU(x - 0.5) + ReLU(x - 1.5), test loss on 401 equispaced points of [-2, 2], the step eta.";

    protected override FlowDefaults Defaults { get; } = new(Eta: 0.002, Lambda: 1e-3, InitVariance: 4, Steps: 1_000_000,
        TrainThreshold: 1e-3, TestThreshold: 1e-3);

    protected override IEnumerable<Parameter> ProblemParameters =>
    [
        Parameter.Int("m", 100, "hidden units", min: 1, max: 100_000),
        Parameter.Int("n", 10, "training points x_i ~ U[-2, 2]", min: 1),
    ];

    protected override IEnumerable<MetricInfo> ProblemMetrics =>
    [
        new(ReluNetwork.Function, $"f(x_k) on {ReluNetwork.GridPoints} equispaced x_k in [-2, 2], scope k", PerScope: true),
        new(ReluNetwork.TeacherFunction, "the teacher f*(x_k) on the same grid (step 0 only), scope k", PerScope: true),
        new(ReluNetwork.TrainX, "training input x_i (step 0 only), scope i", PerScope: true),
        new(ReluNetwork.TrainY, "training label y_i (step 0 only), scope i", PerScope: true),
    ];

    public override FlowProblem CreateProblem(RunSpec spec) =>
        ReluNetwork.Create((int)spec.Int("m"), (int)spec.Int("n"), (uint)spec.Int("data-seed"));
}
