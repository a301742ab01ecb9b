using Grokking.Numerics;
using Grokking.Problems.WeightDecayFlow;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>
/// Where the completion flow can end: for small lambda it goes to the minimum of ||U||^2 + ||V||^2 among the
/// interpolators, 2 min ||M||_* over the completions of the observed entries. Whether that is M* is a property of the
/// data, certified here by the convex solver: it is not for the old 10 x 10 rank-3 default (data seed 1, 80 %
/// observed, where the flow ended at rank 7 with ||U||^2 + ||V||^2 = 43.8 below 2 ||M*||_* = 44.2), and it is for the
/// 20 x 20 rank-3 default on every seed tried.
/// </summary>
public class CompletionLimitTests
{
    [Fact]
    public void TheOld10x10DefaultHasACompletionOfLowerNuclearNormThanTheTarget()
    {
        var p = FactorisedCompletion.Create(10, 10, 3, 80, 1);
        var limit = p.MinimumNuclearNormCompletion();
        double star = p.TargetSingularValues.Sum();
        Assert.Equal(22.1166, star, 1e-4); // 2 ||M*||_* = 44.2333, the summary's norm2_at_balanced_target
        // certified: even the solver's lower bound is below ||M*||_*, so M* is not the minimiser
        Assert.True(limit.LowerBound < star - 0.1, $"lower bound {limit.LowerBound} against ||M*||_* = {star}");
        Assert.InRange(limit.Objective, 21.85, 21.95); // the flow's end point had ||U||^2 + ||V||^2 / 2 = 21.91
        Assert.True(p.RelativeDistanceToTarget(limit.A.Data) > 0.05);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    public void The20x20DefaultIsRecoveredByTheMinimumNuclearNorm(uint seed)
    {
        var p = FactorisedCompletion.Create(20, 20, 3, 320, seed);
        var limit = p.MinimumNuclearNormCompletion();
        double star = p.TargetSingularValues.Sum();
        Assert.Equal(star, limit.Objective, 1e-6 * star);
        Assert.True(p.RelativeDistanceToTarget(limit.A.Data) < 1e-5, $"seed {seed}: distance {p.RelativeDistanceToTarget(limit.A.Data)}");
    }

    /// <summary>Every entry observed: X_lambda = U (S - lambda)_+ V^T, the bias is exactly lambda.</summary>
    [Fact]
    public void RegularisedLimit_FullyObserved_ShrinksEverySingularValueByLambda()
    {
        var seeded = FactorisedCompletion.Create(6, 5, 2, 1, 4);
        var p = new FactorisedCompletion(6, 5, seeded.Target, [.. Enumerable.Range(0, 30)]);
        var limit = JacobiSvd.OfRowMajor(p.RegularisedLimit(0.3), 6, 5).SingularValues;
        Assert.Equal(p.TargetSingularValues[0] - 0.3, limit[0], 1e-10);
        Assert.Equal(p.TargetSingularValues[1] - 0.3, limit[1], 1e-10);
        for (int c = 2; c < 5; c++) Assert.True(limit[c] < 1e-10, $"sigma_{c} = {limit[c]}");
    }

    /// <summary>Partially observed: optimality of X for 1/2 ||P(X - M)||^2 + lambda ||X||_* means Z = -P(X - M) / lambda is a
    /// subgradient of the nuclear norm at X: ||Z||_2 <= 1 and &lt;Z, X&gt; = ||X||_*.</summary>
    [Fact]
    public void RegularisedLimit_PartiallyObserved_SatisfiesTheOptimalityConditions()
    {
        const double lambda = 1e-2;
        var p = FactorisedCompletion.Create(20, 20, 3, 320, 1);
        var x = p.RegularisedLimit(lambda);
        var z = new double[x.Length];
        foreach (int q in p.Observed) z[q] = -(x[q] - p.Target[q]) / lambda;
        double spectral = JacobiSvd.OfRowMajor(z, 20, 20).SingularValues[0];
        double nuclear = JacobiSvd.OfRowMajor(x, 20, 20).SingularValues.ToArray().Sum();
        double inner = 0;
        for (int q = 0; q < x.Length; q++) inner += z[q] * x[q];
        Assert.True(spectral <= 1 + 1e-7, $"||Z||_2 = {spectral}");
        Assert.Equal(nuclear, inner, 1e-7 * nuclear);
        // and the bias is of order lambda / (observed fraction), below sigma*
        var sigma = JacobiSvd.OfRowMajor(x, 20, 20).SingularValues;
        for (int c = 0; c < 3; c++) Assert.InRange(p.TargetSingularValues[c] - sigma[c], 0.3 * lambda, 3 * lambda);
    }
}
