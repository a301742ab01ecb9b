using Grokking.Experiments;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>Bad input is a <see cref="SpecException"/> (one line, exit 2 in the CLI) before anything runs.</summary>
public class FlowValidationTests
{
    [Theory]
    [InlineData("wd-linear", "eta=0.94", "0.93594")]        // 2/(sigma_max^2 + lambda) of the default data
    [InlineData("wd-diagonal", "eta=0.05", "predicted limit")]
    [InlineData("wd-completion", "eta=0.05", "stability bound")]
    [InlineData("wd-relu", "eta=0.01", "initial point")]
    public void StepAboveTheStabilityBoundIsRejectedNamingTheBound(string kind, string overrides, string mentioned)
    {
        var e = Assert.Throws<SpecException>(() => ExperimentCatalog.Get(kind).Prepare(FlowTestProblems.Spec(kind, overrides)));
        Assert.Contains(mentioned, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("wd-linear", "lambda=-1e-3")]
    [InlineData("wd-diagonal", "lambda=-1")]
    [InlineData("wd-linear", "N=100")]
    [InlineData("wd-linear", "N=120")]
    [InlineData("wd-diagonal", "d=21")]
    [InlineData("wd-diagonal", "n=100")]
    [InlineData("wd-completion", "rank=21")]
    [InlineData("wd-completion", "observed=1")]
    [InlineData("wd-relu", "m=0")]
    [InlineData("wd-relu", "eta=0")]
    [InlineData("wd-relu", "init-variance=-1")]
    [InlineData("wd-completion", "data-seed=0")]
    public void BadValuesAreSpecErrors(string kind, string overrides)
    {
        var e = Assert.Throws<SpecException>(() => FlowTestProblems.Spec(kind, overrides));
        Assert.DoesNotContain('\n', e.Message);
    }
}
