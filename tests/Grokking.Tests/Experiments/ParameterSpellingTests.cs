using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Problems.SparseRecovery;

namespace Grokking.Tests.Experiments;

/// <summary>Choices accept '_' and '-' alike and keep their declared spelling in the spec (so the run id does not
/// depend on how it was typed); integers too large for their range say so.</summary>
public class ParameterSpellingTests
{
    [Theory]
    [InlineData("sparse-recovery", "proj_subgradient")]
    [InlineData("matrix-factorisation", "proj-subgradient")]
    public void BothSpellingsGiveTheCanonicalChoiceAndTheSameId(string kind, string canonical)
    {
        var schema = kind == "sparse-recovery" ? SparseRecoveryParameters.Schema : MatrixFactorisationParameters.Schema;
        var specs = new[] { "proj_subgradient", "proj-subgradient", "PROJ-Subgradient" }
            .Select(m => RunSpec.Create(kind, schema, [new("method", m)])).ToArray();
        Assert.All(specs, s => Assert.Equal(canonical, s.Text("method")));
        Assert.Single(specs.Select(s => s.Id).Distinct());
    }

    [Fact]
    public void AnIntegerBeyondItsRangeIsOutOfRangeNotNotAnInteger()
    {
        var steps = SparseRecoveryParameters.Schema["steps"];
        Assert.Equal("--steps: 1e20 is out of range (allowed: 1 to 10000000000)", Assert.Throws<SpecException>(() => steps.Parse("1e20")).Message);
        Assert.Equal("--steps: '1.5' is not an integer", Assert.Throws<SpecException>(() => steps.Parse("1.5")).Message);
    }

    [Fact]
    public void ALibraryArgumentErrorLosesItsCSharpParameterName()
    {
        var e = SpecException.From(new ArgumentException("Sparsity s must be in [1, n = 100], got 0.", "s"));
        Assert.Equal("Sparsity s must be in [1, n = 100], got 0.", e.Message);
    }
}
