using Grokking.Experiments;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>wd-diagonal: paper 2's appendix figure, a diagonal linear network on a sparse Fourier regression (spec P2.7).</summary>
public sealed class DiagonalNetworkExperiment : WeightDecayExperiment
{
    public override string Name => "wd-diagonal";
    public override string Summary =>
        "paper 2, diagonal linear network beta = u * v, F = 1/2 sum_i (<u * v, phi(x_i)> - y_i)^2, gradient descent with weight " +
        "decay on (u, v): interpolates first, then drifts to the minimum-l1 interpolator (certified basis pursuit). Choices (the " +
        "paper gives none): x_i ~ U[0, 1), phi = (cos 2 pi j x, sin 2 pi j x) for j = 1..d/2, a k-sparse teacher with entries " +
        "+-(0.5 + U[0, 1)), init N(0, 0.1), lambda = 1e-4, eta = 0.01, test loss 1/2 E_x (f - f*)^2 = 1/4 ||u * v - beta*||^2.";

    protected override FlowDefaults Defaults { get; } = new(Eta: 0.01, Lambda: 1e-4, InitVariance: 0.1, Steps: 10_000_000,
        TrainThreshold: 1e-4, TestThreshold: 1e-4);

    protected override IEnumerable<Parameter> ProblemParameters =>
    [
        Parameter.Int("n", 40, "number of samples x_i", min: 1),
        Parameter.Int("d", 100, "number of Fourier features (even: cos and sin pairs)", min: 2, max: 2000),
        Parameter.Int("k", 3, "sparsity of the teacher", min: 1),
    ];

    protected override IEnumerable<MetricInfo> ProblemMetrics =>
    [
        new(DiagonalNetwork.BetaL1, "||u * v||_1"),
        new(DiagonalNetwork.BasisPursuitDistance, "||u * v - beta_BP||_inf, distance to the minimum-l1 interpolator"),
        new(DiagonalNetwork.Beta, "beta_j = u_j v_j, scope j", PerScope: true),
    ];

    protected override void CheckSpec(RunSpec spec)
    {
        long n = spec.Int("n"), d = spec.Int("d"), k = spec.Int("k");
        if (d % 2 != 0) throw new SpecException($"d = {d} must be even (the features come in cos/sin pairs)");
        if (k > d) throw new SpecException($"k = {k} is larger than d = {d}");
        if (n >= d) throw new SpecException($"n = {n} must be below d = {d}: with n >= d the interpolator is unique and there is no slow phase");
    }

    public override FlowProblem CreateProblem(RunSpec spec)
    {
        try { return DiagonalNetwork.Create((int)spec.Int("n"), (int)spec.Int("d"), (int)spec.Int("k"), (uint)spec.Int("data-seed")); }
        catch (ArgumentException e) { throw new SpecException(e.Message); }
    }

    /// <summary>The step must also be stable at the predicted limit, balanced factors of the minimum-l1 interpolator.</summary>
    protected override IEnumerable<(string Where, double[] Point)> StabilityPoints(FlowProblem problem)
    {
        var net = (DiagonalNetwork)problem;
        yield return ("the predicted limit (balanced factors of the minimum-l1 interpolator)", net.BalancedFactors(net.MinL1Interpolator));
    }
}
