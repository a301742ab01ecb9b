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
}
