using Grokking.Experiments;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>wd-completion: paper 2's Fig 2, low-rank completion by U V^T with inner dimension n1 + n2 (spec P2.5).</summary>
public sealed class FactorisedCompletionExperiment : WeightDecayExperiment
{
    public override string Name => "wd-completion";
    public override string Summary =>
        "paper 2 Fig 2, matrix completion M = U V^T (U n1 x (n1+n2), V n2 x (n1+n2)), F = 1/2 sum over observed entries, " +
        "gradient descent with weight decay lambda = 1e-3 on (U, V): interpolates by t ~ 1, then ||U||^2 + ||V||^2 falls from " +
        "t ~ 1/lambda and all but rank singular values of U V^T go to 0. Choices (the paper gives none): 20 x 20 of rank 3, " +
        "M* = U* V*^T with iid N(0, 1) factors, 80 % of the entries observed uniformly at random, init N(0, 1), eta = 0.008 " +
        "(the stable bound is about 0.0105), 2.5e6 steps (t = 2e4), test loss 1/2 sum over the unobserved entries. " +
        "Why 20 x 20: the flow ends at the minimum-nuclear-norm completion of the observed entries (||U||^2 + ||V||^2 = " +
        "2 ||U V^T||_* at balanced factors), whatever the init, step or horizon, and for 10 x 10 rank 3 that completion is " +
        "not M* on most data (3 of 10 seeds at 80 % observed, 6 of 10 at 90 %; seed 1 ends at rank 7 with a lower nuclear " +
        "norm than M*); at 20 x 20 rank 3, 80 % observed, it is M* on 10 of 10 seeds (summary.json's theory gives the " +
        "certified minimum and its distance to M*).";

    protected override FlowDefaults Defaults { get; } = new(Eta: 0.008, Lambda: 1e-3, InitVariance: 1, Steps: 2_500_000,
        TrainThreshold: 1e-6, TestThreshold: 1e-4);

    protected override IEnumerable<Parameter> ProblemParameters =>
    [
        Parameter.Int("n1", 20, "rows of M*", min: 1, max: 64),
        Parameter.Int("n2", 20, "columns of M*", min: 1, max: 64),
        Parameter.Int("rank", 3, "rank of M*", min: 1),
        Parameter.Real("observed", 0.8, "fraction of the entries observed (rounded to a count); 0.8 by default: the minimum-nuclear-norm completion, where the flow ends, is M* on 10 of 10 data seeds at 20 x 20 rank 3 (at 60 % on 3 of 10)", min: 0, max: 1, minExclusive: true),
    ];

    protected override IEnumerable<MetricInfo> ProblemMetrics =>
    [
        new(FactorisedCompletion.Sigma, "singular values sigma_i of U V^T, scope i", PerScope: true),
    ];

    protected override void CheckSpec(RunSpec spec)
    {
        long n1 = spec.Int("n1"), n2 = spec.Int("n2"), r = spec.Int("rank");
        if (r > Math.Min(n1, n2)) throw new SpecException($"rank = {r} is larger than min(n1, n2) = {Math.Min(n1, n2)}");
        if (ObservedCount(spec) >= n1 * n2) throw new SpecException("observed = 1 leaves no entry to test on");
    }

    public static int ObservedCount(RunSpec spec) =>
        (int)Math.Max(1, Math.Round(spec.Real("observed") * spec.Int("n1") * spec.Int("n2")));

    public override FlowProblem CreateProblem(RunSpec spec) =>
        FactorisedCompletion.Create((int)spec.Int("n1"), (int)spec.Int("n2"), (int)spec.Int("rank"), ObservedCount(spec), (uint)spec.Int("data-seed"));

    /// <summary>The step must also be stable at the predicted limit, balanced factors of M*.</summary>
    protected override IEnumerable<(string Where, double[] Point)> StabilityPoints(FlowProblem problem)
    {
        yield return ("the predicted limit (balanced factors of M*)", ((FactorisedCompletion)problem).BalancedFactorsOfTarget());
    }
}
