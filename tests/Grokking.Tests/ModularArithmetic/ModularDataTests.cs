using System.Text.Json;
using Grokking.Experiments;
using Grokking.Problems.ModularArithmetic;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The data of the modular-arithmetic task against values computed with numpy and torch
/// (tools/reference/modular_data_reference.py writes modular_data_reference.json): the pairs in the reference's
/// order with their labels, the reference split, and the mini-batch order of torch's DataLoader with a seeded generator.
/// </summary>
public class ModularDataTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "ModularArithmetic", "modular_data_reference.json"))).RootElement;

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    /// <summary>Each named operation computed directly with C# integers (no parser), for every pair of p = 97.</summary>
    public static TheoryData<string> Named() => [.. ModularOperation.Names];

    private static long Direct(string name, long x, long y, long p) => name switch
    {
        "+" => (x + y) % p,
        "-" => (x - y + p) % p,
        "*" => x * y % p,
        "/" => Enumerable.Range(0, (int)p).Single(q => q * y % p == x), // the q with q y = x
        "x^2+y^2" => (x * x + y * y) % p,
        "x^2+xy+y^2" => (x * x + x * y + y * y) % p,
        "x^3+xy" => (x * x % p * x + x * y) % p,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Named))]
    public void EveryNamedOperationLabelsEveryPairOfP97(string name)
    {
        const int p = 97;
        var pairs = ModularPairs.Create(p, ModularOperation.Of(name));
        bool divides = name == "/";
        Assert.Equal(divides ? p * (p - 1) : p * p, pairs.Count);
        int k = 0;
        for (int x = 0; x < p; x++)
        {
            for (int y = divides ? 1 : 0; y < p; y++, k++)
            {
                Assert.Equal((x, y), (pairs.Left[k], pairs.Right[k])); // itertools.product order
                Assert.Equal(Direct(name, x, y, p), pairs.Labels[k]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Named))]
    public void EveryNamedOperationAgreesWithPythonIntegersAtP7(string name)
    {
        var expected = Reference.GetProperty("labels_p7").GetProperty(name).EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Null ? -1 : v.GetInt32()).ToArray();
        var pairs = ModularPairs.Create(7, ModularOperation.Of(name));
        int[] got = new int[49];
        Array.Fill(got, -1); // pairs left out (y = 0 for '/') stay -1, where Python has None
        for (int k = 0; k < pairs.Count; k++) got[7 * pairs.Left[k] + pairs.Right[k]] = pairs.Labels[k];
        Assert.Equal(expected, got);
    }

    [Fact]
    public void ACustomExpressionLabelsLikeItsDirectComputation()
    {
        var pairs = ModularPairs.Create(13, ModularOperation.Of("(x - 2*y)^3 / (x + 1) + 5"));
        Assert.Equal(13 * 12, pairs.Count); // x = 12 makes the divisor 0 mod 13
        Assert.DoesNotContain(12, pairs.Left);
        for (int k = 0; k < pairs.Count; k++)
        {
            long x = pairs.Left[k], y = pairs.Right[k], d = ((x - 2 * y) % 13 + 13) % 13;
            Assert.Equal((d * d * d + 5 * (x + 1)) % 13, pairs.Labels[k] * (x + 1) % 13);
        }
    }

    [Fact]
    public void ReferenceSplitOfAdditionModulo97()
    {
        var r = Reference.GetProperty("splits")[0];
        Assert.Equal("+", r.GetProperty("operation").GetString());
        var split = ModularSplit.Create(ModularPairs.Create(97, ModularOperation.Of("+")), 0.4);
        Assert.Equal(3763, split.Train.Length);
        Assert.Equal(5646, split.Test.Length);
        Assert.Equal([6449, 9394, 4069, 5477, 9378], split.Test[..5]);
        Assert.Equal([7723, 6580, 2072, 6622, 929], split.Train[..5]);
        Assert.Equal(Ints(r.GetProperty("test")), split.Test);
        Assert.Equal(Ints(r.GetProperty("train")), split.Train);
    }

    [Fact]
    public void DivisionSplitsThePairsWithNonZeroY()
    {
        var r = Reference.GetProperty("splits")[1];
        var pairs = ModularPairs.Create(97, ModularOperation.Of("/"));
        var split = ModularSplit.Create(pairs, 0.4);
        Assert.Equal(9312, r.GetProperty("n").GetInt32());
        Assert.Equal(3724, split.Train.Length); // floor(0.4 * 9312)
        Assert.Equal(5588, split.Test.Length);
        Assert.Equal(Ints(r.GetProperty("test")), split.Test);
        Assert.Equal(Ints(r.GetProperty("train")), split.Train);
        var head = r.GetProperty("test_pairs_head").EnumerateArray().Select(Ints).ToArray();
        for (int i = 0; i < head.Length; i++)
        {
            Assert.Equal((head[i][0], head[i][1]), (pairs.Left[split.Test[i]], pairs.Right[split.Test[i]]));
        }
    }

    [Theory]
    [InlineData(1, "+", 0.4, "modulus p = 1: must be at least 2")]
    [InlineData(-5, "+", 0.4, "modulus p = -5: must be at least 2")]
    [InlineData(46_341, "+", 0.4, "modulus p = 46341: at most 46340 (all p^2 pairs are held in memory)")]
    [InlineData(96, "/", 0.4, "operation '/' divides, which needs a prime modulus; p = 96 is not prime")]
    [InlineData(9, "x^2 / (y + 1)", 0.4, "operation 'x^2/(y+1)' divides, which needs a prime modulus; p = 9 is not prime")]
    [InlineData(97, "+", 0.0, "train fraction 0: must be in (0, 1)")]
    [InlineData(97, "+", 1.0, "train fraction 1: must be in (0, 1)")]
    [InlineData(97, "+", -0.2, "train fraction -0.2: must be in (0, 1)")]
    [InlineData(97, "+", double.NaN, "train fraction NaN: must be in (0, 1)")]
    [InlineData(2, "+", 0.1, "train fraction 0.1 of the 4 pairs modulo 2 leaves the train set empty")]
    [InlineData(5, "x / (y - y)", 0.5, "operation 'x/(y-y)' is undefined at every pair modulo 5")]
    public void BadInputIsAOneLineSpecError(int p, string operation, double fraction, string message)
    {
        var e = Assert.Throws<SpecException>(() => ModularSplit.Create(ModularPairs.Create(p, ModularOperation.Of(operation)), fraction));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void NonPrimeModulusIsFineWithoutDivision()
    {
        var pairs = ModularPairs.Create(96, ModularOperation.Of("x*y"));
        Assert.Equal(96 * 96, pairs.Count);
        Assert.Equal(95 * 95 % 96, pairs.Labels[^1]);
    }
}
