using System.Numerics;
using System.Text.Json;
using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

/// <summary>
/// Adam, AdamW, SGD with momentum / Nesterov, and Grokfast / OrthoGrad in front of them, against values computed
/// with PyTorch (tools/reference/adam_reference.py writes adam_reference.json): two parameter groups, six steps
/// with given gradients, in float64 (agreement to 1e-12 relative) and float32 (float rounding).
/// </summary>
public class TorchReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "Optimisation", "adam_reference.json"))).RootElement;

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Reference.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static ParameterLayout Layout() => new([.. Reference.GetProperty("groups").EnumerateArray()
        .Select(g => (g.GetProperty("name").GetString()!, g.GetProperty("rows").GetInt32(), g.GetProperty("cols").GetInt32()))]);

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];

    /// <summary>The chain the case names, with torch's defaults for what it leaves out.</summary>
    private static IGradientTransform<T> Transform<T>(JsonElement c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var o = c.GetProperty("options");
        double Opt(string name, double fallback) => o.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        T lr = T.CreateTruncating(Opt("lr", double.NaN)), wd = T.CreateTruncating(Opt("weight_decay", 0));
        double b1 = 0.9, b2 = 0.999;
        if (o.TryGetProperty("betas", out var betas)) (b1, b2) = (betas[0].GetDouble(), betas[1].GetDouble());
        double eps = Opt("eps", 1e-8);
        var optimiser = c.GetProperty("optimiser").GetString() switch
        {
            "adam" => Optimisers.Adam(lr, b1, b2, eps, wd),
            "adamw" => Optimisers.AdamW(lr, wd, b1, b2, eps),
            _ => Optimisers.Sgd(lr, T.CreateTruncating(Opt("momentum", 0)), o.TryGetProperty("nesterov", out var n) && n.GetBoolean(), wd),
        };
        return c.GetProperty("wrapper").GetString() switch
        {
            "grokfast_ema" => new Chain<T>(new GrokfastEma<T>(), optimiser),
            "orthograd" => new Chain<T>(new OrthoGrad<T>(), optimiser),
            _ => optimiser,
        };
    }

    private static void Check<T>(int index, string precision, double relTol, double absTol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = Reference.GetProperty("cases")[index];
        var layout = Layout();
        var opt = new Optimiser<T>(Transform<T>(c), layout);
        var p = Doubles(Reference.GetProperty("initial")).Select(T.CreateTruncating).ToArray();
        var grads = Reference.GetProperty("gradients").EnumerateArray().Select(Doubles).ToArray();
        var expected = c.GetProperty(precision).EnumerateArray().Select(Doubles).ToArray();
        for (int step = 0; step < grads.Length; step++)
        {
            var g = grads[step].Select(T.CreateTruncating).ToArray();
            opt.Step(p, g);
            for (int i = 0; i < p.Length; i++)
            {
                double want = expected[step][i], got = double.CreateTruncating(p[i]);
                Assert.True(Math.Abs(got - want) <= relTol * Math.Abs(want) + absTol,
                    $"case {index} ({c.GetProperty("optimiser")}, {c.GetProperty("wrapper")}) {precision} step {step + 1} entry {i}: torch {want:R}, lab {got:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoubleAgreesWithTorchFloat64(int index) => Check<double>(index, "float64", 1e-12, 1e-15);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatAgreesWithTorchFloat32(int index) => Check<float>(index, "float32", 1e-5, 1e-6);

    [Fact]
    public void TheReferenceCoversTheOptimisersAndWrappers()
    {
        var cases = Reference.GetProperty("cases").EnumerateArray()
            .Select(c => $"{c.GetProperty("optimiser").GetString()}/{c.GetProperty("wrapper").GetString()}").ToHashSet();
        Assert.Superset(new HashSet<string> { "adam/none", "adamw/none", "sgd/none", "adam/grokfast_ema", "sgd/orthograd" }, cases);
        Assert.Contains(Reference.GetProperty("cases").EnumerateArray(),
            c => c.GetProperty("options").TryGetProperty("nesterov", out var n) && n.GetBoolean());
    }
}
