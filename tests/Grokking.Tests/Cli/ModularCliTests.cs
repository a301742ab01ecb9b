using Grokking.Tests.Sweeps;

namespace Grokking.Tests.Cli;

/// <summary>
/// Bad input to <c>grok run modular</c>, as a user types it: one line on stderr, exit code 2, no run directory (and no
/// temporary one) left behind. Most are refused when the spec is built; an empty split side needs the pairs and is
/// refused when the run is prepared, still before anything is written. A good expression runs.
/// </summary>
public class ModularCliTests
{
    [Theory]
    [InlineData("--p 1", "--p: 1 is below the minimum 2")]
    [InlineData("--op / --p 21", "operation '/' divides, which needs a prime modulus; p = 21 is not prime")]
    [InlineData("--op x/(y+1) --p 21", "operation 'x/(y+1)' divides, which needs a prime modulus; p = 21 is not prime")]
    [InlineData("--train-fraction 0", "--train-fraction: 0 must be > 0")]
    [InlineData("--train-fraction 1", "train-fraction = 1: must be in (0, 1)")]
    [InlineData("--train-fraction 1.5", "--train-fraction: 1.5 must be <= 1")]
    [InlineData("--train-fraction 0.01 --p 5", "train fraction 0.01 of the 25 pairs modulo 5 leaves the train set empty")]
    [InlineData("--op x+z", "--op: operation 'x+z' names 'z' at position 3; the only variables are x and y")]
    [InlineData("--op x^", "--op: operation 'x^' ends where an integer exponent >= 0 is expected")]
    [InlineData("--op 2(x)", "--op: operation '2(x)' has '(' at position 2 where an operator is expected")]
    [InlineData("--batch 0", "--batch: 0 is below the minimum 1")]
    [InlineData("--width 12", "width = 12: the matrix-product aggregation needs a square width")]
    public void BadInputGetsOneLineExitCodeTwoAndWritesNothing(string flags, string message)
    {
        string dir = TestSupport.TempDir("modular-cli");
        var (code, _, err) = TestSupport.Grok(["run", "modular", .. flags.Split(' '), "--steps", "3", "-q", "--out", dir]);
        Assert.True(code == 2, $"exit {code}: {err}");
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("grok: error: ", line);
        Assert.Contains(message, line);
        Assert.False(Directory.Exists(dir), "a refused run must leave nothing behind");
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "." + Path.GetFileName(dir) + "*"));
    }

    [Fact]
    public void AnExpressionRunsAndItsSpecKeepsTheCanonicalSpelling()
    {
        string dir = TestSupport.TempDir("modular-cli");
        try
        {
            var (code, _, err) = TestSupport.Grok("run", "modular", "--op", "x^3 + 2*x*y", "--p", "31", "--width", "16",
                "--batch", "64", "--steps", "3", "-q", "--out", dir);
            Assert.True(code == 0, err);
            Assert.Contains("\"op\":\"x^3+2*x*y\"", File.ReadAllText(Path.Combine(dir, "spec.json")).Replace("\\u002B", "+"));
        }
        finally
        {
            TestSupport.Delete(dir);
        }
    }
}
