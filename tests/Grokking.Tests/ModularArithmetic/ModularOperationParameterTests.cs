using Grokking.Experiments;
using Grokking.Problems.ModularArithmetic;
using Grokking.Sweeps;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// <c>--op</c> is a free-text parameter: a named operation or an expression in x and y, validated when the spec is
/// built (so before anything runs or is written) and kept in one canonical spelling, so its run id does not depend
/// on spaces, and the default spec keeps the id it had when <c>op</c> was a list of names.
/// </summary>
public class ModularOperationParameterTests
{
    private static readonly ModularExperiment Experiment = new();

    private static RunSpec Spec(params (string Name, object Value)[] values) =>
        RunSpec.Create("modular", Experiment.Schema, values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value)));

    /// <summary>Pinned from the build where op was a choice (the id a stored default run has).</summary>
    [Fact]
    public void TheDefaultSpecKeepsItsCanonicalFormAndId()
    {
        var spec = Spec();
        Assert.Equal(
            "{\"kind\":\"modular\",\"params\":{\"batch\":2048,\"beta\":1E-05,\"eval-every\":10,\"eval-first\":101,\"init-seed\":0," +
            "\"lr\":0.01,\"op\":\"\\u002B\",\"p\":97,\"penalty\":\"l1\",\"shuffle-seed\":0,\"split-seed\":0,\"steps\":20002," +
            "\"t2-rule\":\"threshold\",\"test-threshold\":0.99,\"train-fraction\":0.4,\"train-threshold\":0.99,\"width\":64}}",
            spec.CanonicalJson);
        Assert.Equal("cb904aad589d8391", spec.Id);
        Assert.Equal(ParameterKind.Text, Experiment.Schema["op"].Kind);
    }

    [Theory]
    [InlineData("x^3 + 2*x*y", "x^3+2*x*y")]
    [InlineData("  x^3+2 * x * y ", "x^3+2*x*y")]
    [InlineData("x ** 3 + 2*x*y", "x**3+2*x*y")]
    [InlineData("x + y", "+")]                      // a named operation written as its expression
    [InlineData("x*y", "*")]
    [InlineData("X^2 + Y^2", "x^2+y^2")]             // a name in any case, as when op was a choice
    [InlineData("x^2 + xy + y^2", "x^2+xy+y^2")]
    [InlineData("(x - y)^2 + 3", "(x-y)^2+3")]
    public void AnOperationIsKeptInItsCanonicalSpelling(string typed, string canonical)
    {
        var spec = Spec(("op", typed));
        Assert.Equal(canonical, spec.Text("op"));
        Assert.Equal(Spec(("op", canonical)).Id, spec.Id);
    }

    [Fact]
    public void DifferentExpressionsAreDifferentRuns_AndAnExpressionRoundTripsThroughItsJson()
    {
        var cube = Spec(("op", "x^3 + 2*x*y"), ("p", 31L));
        Assert.NotEqual(Spec(("op", "x^3 + 3*x*y"), ("p", 31L)).Id, cube.Id);
        var back = RunSpec.FromJson(cube.CanonicalJson, _ => Experiment.Schema);
        Assert.Equal(cube.Id, back.Id);
        Assert.Equal("x^3+2*x*y", back.Text("op"));
    }

    [Theory]
    [InlineData("x + z", "--op: operation 'x + z' names 'z' at position 5; the only variables are x and y (write x*y for a product)")]
    [InlineData("x +", "--op: operation 'x +' ends where a number, x, y or '(' is expected")]
    [InlineData("x^-1", "--op: operation 'x^-1' has '-' at position 3 where an integer exponent >= 0 is expected")]
    [InlineData("(x + y", "--op: operation '(x + y' has an unclosed '(' at position 1")]
    [InlineData("__import__('os')", "--op: operation '__import__('os')' names '__import__' at position 1")]
    [InlineData(" ", "--op: the value is empty")]
    public void AnExpressionThatDoesNotParse_IsRefusedAtSpecTime(string typed, string message) =>
        Assert.StartsWith(message, Assert.Throws<SpecException>(() => Spec(("op", typed))).Message);

    [Theory]
    [InlineData("/", 21L)]
    [InlineData("x / y", 21L)]
    [InlineData("x^2 + 1/(y + 1)", 4L)]
    public void DivisionModuloANonPrime_IsRefusedAtSpecTime(string op, long p) =>
        Assert.Contains($"p = {p} is not prime", Assert.Throws<SpecException>(() => Spec(("op", op), ("p", p))).Message);

    [Fact]
    public void DivisionModuloAPrime_AndNoDivisionModuloANonPrime_AreAccepted()
    {
        Assert.Equal("x/(y+1)", Spec(("op", "x / (y + 1)"), ("p", 23L)).Text("op"));
        Assert.Equal("x^3+2*x*y", Spec(("op", "x^3 + 2*x*y"), ("p", 21L)).Text("op"));
    }

    [Fact]
    public void AWidthThatIsNotASquare_IsRefusedAtSpecTime() =>
        Assert.Contains("needs a square width", Assert.Throws<SpecException>(() => Spec(("width", 12L))).Message);

    /// <summary>A sweep over op: each value is canonicalised (two spellings of one operation are one run), and a bad
    /// expression names its point before anything runs.</summary>
    [Fact]
    public void ASweepOverOperationsExpandsToOneRunPerDistinctOperation()
    {
        var plan = SweepYaml.Parse(
            "kind: modular\nbase: {p: 31, steps: 10}\naxes:\n  - grid: {op: [\"+\", \"x + y\", \"x^3 + 2*x*y\", \"/\"]}\n", "ops").Expand();
        Assert.Equal(["+", "x^3+2*x*y", "/"], plan.Specs.Select(s => s.Text("op")));

        var e = Assert.Throws<SpecException>(() => SweepYaml.Parse(
            "kind: modular\nbase: {p: 33}\naxes:\n  - grid: {op: [\"+\", \"x / y\"]}\n", "bad").Expand());
        Assert.Contains("op=x / y", e.Message);
        Assert.Contains("p = 33 is not prime", e.Message);
    }

    [Fact]
    public void TheTextParameterKindTrimsAndValidates()
    {
        var plain = Parameter.Text("name", "a", "any text");
        Assert.Equal("b c", plain.Parse("  b c "));
        Assert.Equal("--name: the value is empty", Assert.Throws<SpecException>(() => plain.Parse("  ")).Message);
        var upper = Parameter.Text("word", "A", "upper case only",
            t => t.All(char.IsAsciiLetterUpper) ? t : throw new SpecException($"'{t}' is not upper case"));
        Assert.Equal("--word: 'aB' is not upper case", Assert.Throws<SpecException>(() => upper.Coerce("aB")).Message);
        Assert.Equal("AB", upper.Coerce("AB"));
        Assert.Throws<SpecException>(() => upper.Coerce(3L));
    }
}
