using Grokking.Experiments;

namespace Grokking.Tests.Experiments;

public class RunSpecTests
{
    private static readonly ParameterSchema Schema = new ParameterSchema(
    [
        Parameter.Int("n", 100, "dim", min: 1),
        Parameter.Int("s", 5, "sparsity", min: 0),
        Parameter.Real("alpha", 0.1, "lr", min: 0, minExclusive: true),
        Parameter.Real("snr", 1e8, "snr", min: 0, minExclusive: true, allowInfinity: true),
        Parameter.Choice("init", "identity", "init", "identity", "random"),
        Parameter.Bool("components", true, "c"),
    ]).Check(s => { if (s.Int("s") > s.Int("n")) throw new SpecException("s > n"); });

    private static RunSpec Make(params (string, object)[] kv) =>
        RunSpec.Create("toy", Schema, kv.Select(p => new KeyValuePair<string, object>(p.Item1, p.Item2)));

    [Fact]
    public void CanonicalJsonSortsKeysAndUsesShortestRoundTripNumbers()
    {
        var spec = Make(("alpha", "0.1"), ("snr", "inf"));
        Assert.Equal("""{"kind":"toy","params":{"alpha":0.1,"components":true,"init":"identity","n":100,"s":5,"snr":"inf"}}""",
            spec.CanonicalJson);
        Assert.Equal(16, spec.Id.Length);
    }

    [Fact]
    public void SameConfigurationWrittenDifferentlyHasTheSameId()
    {
        var a = Make(("n", "100"), ("alpha", "1e-1"));
        var b = Make(("alpha", 0.1), ("n", 1e2));
        var c = Make();
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Id, c.Id);
        Assert.NotEqual(a.Id, Make(("alpha", "0.10000000000000002")).Id);
    }

    [Fact]
    public void IntegersAcceptScientificNotationButNotFractions()
    {
        Assert.Equal(1_000_000L, Make(("n", "1e6")).Int("n"));
        var e = Assert.Throws<SpecException>(() => Make(("n", "2.5")));
        Assert.Contains("not an integer", e.Message);
    }

    [Theory]
    [InlineData("alpha", "0", "must be > 0")]
    [InlineData("alpha", "-1", "must be > 0")]
    [InlineData("alpha", "nan", "NaN")]
    [InlineData("alpha", "abc", "not a number")]
    [InlineData("n", "0", "below the minimum")]
    [InlineData("init", "zeros", "not one of identity, random")]
    [InlineData("bogus", "1", "unknown parameter 'bogus'")]
    [InlineData("s", "101", "s > n")]
    public void BadValuesAreRejectedWithAClearMessage(string key, string value, string message)
    {
        var e = Assert.Throws<SpecException>(() => Make((key, value)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void RoundTripsThroughItsJson()
    {
        var spec = Make(("alpha", "0.0275"), ("snr", "inf"), ("init", "random"), ("components", "false"));
        var back = RunSpec.FromJson(spec.CanonicalJson, _ => Schema);
        Assert.Equal(spec.CanonicalJson, back.CanonicalJson);
        Assert.Equal(double.PositiveInfinity, back.Real("snr"));
        Assert.False(back.Flag("components"));
    }
}
