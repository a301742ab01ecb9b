using System.Text.Json;
using Grokking.Problems.ModularArithmetic;
using Grokking.Random;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The PyTorch reference file of the modular MLP (tools/reference/modular_mlp_reference.py writes
/// modular_mlp_reference.json) is internally consistent and means what it says: shapes, the given weights (numpy
/// RandomState(1) at the reference's init scales, rounded to float32) and batch (the first 16 training pairs of the
/// reference split), and its loss, gradients and 10-step Adam trajectories recomputed by a plain float64
/// implementation (<see cref="NaiveModularMlp"/>). The network engine is checked against the same file.
/// </summary>
public class ModularMlpReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "ModularArithmetic", "modular_mlp_reference.json"))).RootElement;

    private static readonly string[] Names = ["E1", "E2", "W1", "W2"];

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    /// <summary>The given weights: float32 in the file, widened exactly.</summary>
    private static double[][] Weights() =>
        [.. Names.Select(n => Reference.GetProperty("weights_float32").GetProperty(n).EnumerateArray().Select(v => (double)v.GetSingle()).ToArray())];

    private static (int Rows, int Cols)[] Shapes() =>
        [.. Reference.GetProperty("layout").EnumerateArray().Select(l => (l.GetProperty("rows").GetInt32(), l.GetProperty("cols").GetInt32()))];

    private static (int[] X, int[] Y, int[] Labels) Batch()
    {
        var b = Reference.GetProperty("batch");
        return (Ints(b.GetProperty("x")), Ints(b.GetProperty("y")), Ints(b.GetProperty("labels")));
    }

    private static NaiveModularMlp Model() =>
        new(Reference.GetProperty("p").GetInt32(), Reference.GetProperty("width").GetInt32(), Reference.GetProperty("block").GetInt32());

    [Fact]
    public void ShapesAndTheGivenBatch()
    {
        Assert.Equal((97, 64, 8), (Reference.GetProperty("p").GetInt32(), Reference.GetProperty("width").GetInt32(), Reference.GetProperty("block").GetInt32()));
        Assert.Equal([(64, 97), (64, 97), (64, 64), (97, 64)], Shapes());
        Assert.Equal(Names, Reference.GetProperty("layout").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        var w = Weights();
        var shapes = Shapes();
        for (int m = 0; m < 4; m++)
        {
            Assert.Equal(shapes[m].Rows * shapes[m].Cols, w[m].Length);
            Assert.Equal(w[m].Length, Reference.GetProperty("ce_gradients").GetProperty(Names[m]).GetArrayLength());
        }
        Assert.Equal(22_720, w.Sum(a => a.Length)); // the spec's parameter count
        Assert.True(Reference.GetProperty("checked_against_reference_class").GetBoolean());

        var (x, y, labels) = Batch();
        var pairs = ModularPairs.Create(97, ModularOperation.Of("+"));
        var train = ModularSplit.Create(pairs, 0.4).Train;
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal((pairs.Left[train[i]], pairs.Right[train[i]], pairs.Labels[train[i]]), (x[i], y[i], labels[i]));
        }
    }

    [Fact]
    public void TheGivenWeightsAreNumpyDrawsAtTheReferenceInitScales()
    {
        var rs = new NumpyRandomState(1);
        double bound = 1 / Math.Sqrt(97);
        var shapes = Shapes();
        var w = Weights();
        for (int m = 0; m < 4; m++)
        {
            double std = 1 / Math.Sqrt(shapes[m].Rows); // W1: 1/sqrt(64), W2: 1/sqrt(97) = 1/sqrt(fan_out)
            for (int i = 0; i < w[m].Length; i++)
            {
                double draw = m < 2 ? -bound + (bound - -bound) * rs.RandomSample() : 0.0 + std * rs.StandardNormal();
                Assert.Equal((double)(float)draw, w[m][i]);
            }
        }
    }

    [Fact]
    public void LossAndGradientsAgreeWithAPlainFloat64Implementation()
    {
        var (x, y, labels) = Batch();
        var w = Weights();
        var grads = w.Select(a => new double[a.Length]).ToArray();
        double loss = Model().Loss(w, x, y, labels, grads);
        double want = Reference.GetProperty("ce_loss").GetDouble();
        Assert.True(Math.Abs(loss - want) <= 1e-12 * want, $"CE: torch {want:R}, plain {loss:R}");
        Assert.InRange(want, 4.0, 5.0); // near log(97) = 4.57 at this init, as a cross-check of the scale

        for (int m = 0; m < 4; m++)
        {
            double[] expected = Doubles(Reference.GetProperty("ce_gradients").GetProperty(Names[m]));
            double scale = expected.Max(Math.Abs);
            Assert.True(scale > 1e-4);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(grads[m][i] - expected[i]) <= 1e-12 * scale,
                    $"{Names[m]}[{i}]: torch {expected[i]:R}, plain {grads[m][i]:R}");
            }
        }
    }

    [Fact]
    public void GradientsAgreeWithFiniteDifferencesOfThePlainLoss()
    {
        // Independent of the plain backward: central differences of the loss at a spread of entries of each matrix.
        var (x, y, labels) = Batch();
        var w = Weights();
        var model = Model();
        const double h = 1e-6;
        for (int m = 0; m < 4; m++)
        {
            double[] expected = Doubles(Reference.GetProperty("ce_gradients").GetProperty(Names[m]));
            int[] entries = [.. Enumerable.Range(0, expected.Length).Where(i => expected[i] != 0).Where((_, j) => j % 97 == 0)];
            Assert.True(entries.Length >= 9);
            foreach (int i in entries)
            {
                double saved = w[m][i];
                w[m][i] = saved + h;
                double up = model.Loss(w, x, y, labels);
                w[m][i] = saved - h;
                double down = model.Loss(w, x, y, labels);
                w[m][i] = saved;
                double fd = (up - down) / (2 * h);
                Assert.True(Math.Abs(fd - expected[i]) <= 1e-7, $"{Names[m]}[{i}]: torch {expected[i]:R}, finite difference {fd:R}");
            }
        }
    }

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Reference.GetProperty("cases").GetArrayLength())];

    /// <summary>Ten Adam steps (torch's formula: bias-corrected moments, eps added to the corrected sqrt(v)) on
    /// CE + beta * sum_W norm(W), recomputed with the plain model: every step's CE and penalty, the final CE and
    /// norms, and the sampled final weights.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void AdamTrajectoriesAgreeWithAPlainFloat64Implementation(int index)
    {
        var c = Reference.GetProperty("cases")[index];
        string kind = c.GetProperty("penalty").GetString()!;
        double beta = c.GetProperty("beta").GetDouble(), lr = c.GetProperty("lr").GetDouble();
        int steps = c.GetProperty("steps").GetInt32();
        Assert.Equal(10, steps);
        Assert.Equal(kind == "none" ? 0 : 1e-3, beta);
        var (x, y, labels) = Batch();
        var shapes = Shapes();
        var model = Model();
        var w = Weights();
        var m1 = w.Select(a => new double[a.Length]).ToArray();
        var m2 = w.Select(a => new double[a.Length]).ToArray();
        double[] ces = Doubles(c.GetProperty("ce_before_step")), penalties = Doubles(c.GetProperty("penalty_before_step"));
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int t = 1; t <= steps; t++)
        {
            var g = w.Select(a => new double[a.Length]).ToArray();
            double ce = model.Loss(w, x, y, labels, g);
            double penalty = 0;
            for (int m = 0; m < 4; m++) penalty += NaiveModularMlp.Penalty(kind, w[m], shapes[m].Rows, shapes[m].Cols, beta, g[m]);
            Assert.True(Math.Abs(ce - ces[t - 1]) <= 1e-10 * ces[t - 1], $"step {t} CE: torch {ces[t - 1]:R}, plain {ce:R}");
            Assert.True(Math.Abs(penalty - penalties[t - 1]) <= 1e-10 * penalties[t - 1], $"step {t} penalty: torch {penalties[t - 1]:R}, plain {penalty:R}");
            double stepSize = lr / (1 - Math.Pow(b1, t)), correction2 = Math.Sqrt(1 - Math.Pow(b2, t));
            for (int m = 0; m < 4; m++)
            {
                for (int i = 0; i < w[m].Length; i++)
                {
                    m1[m][i] = b1 * m1[m][i] + (1 - b1) * g[m][i];
                    m2[m][i] = b2 * m2[m][i] + (1 - b2) * g[m][i] * g[m][i];
                    w[m][i] -= stepSize * m1[m][i] / (Math.Sqrt(m2[m][i]) / correction2 + eps);
                }
            }
        }

        double finalCe = model.Loss(w, x, y, labels);
        Assert.True(Math.Abs(finalCe - c.GetProperty("final_ce").GetDouble()) <= 1e-10 * finalCe);
        for (int m = 0; m < 4; m++)
        {
            var norms = c.GetProperty("final_norms").GetProperty(Names[m]);
            foreach (string norm in new[] { "l1", "l2", "nuc" })
            {
                double want = norms.GetProperty(norm).GetDouble(), got = NaiveModularMlp.Penalty(norm, w[m], shapes[m].Rows, shapes[m].Cols);
                Assert.True(Math.Abs(got - want) <= 1e-10 * want, $"{Names[m]} {norm}: torch {want:R}, plain {got:R}");
            }
        }
        double[] all = [.. w.SelectMany(a => a)], initial = [.. Weights().SelectMany(a => a)];
        int stride = c.GetProperty("sample_stride").GetInt32();
        double[] sample = Doubles(c.GetProperty("final_sample"));
        Assert.Equal((all.Length + stride - 1) / stride, sample.Length);
        double moved = 0;
        for (int j = 0; j < sample.Length; j++)
        {
            Assert.True(Math.Abs(all[j * stride] - sample[j]) <= 1e-10, $"{kind}: entry {j * stride}: torch {sample[j]:R}, plain {all[j * stride]:R}");
            moved = Math.Max(moved, Math.Abs(sample[j] - initial[j * stride]));
        }
        Assert.True(moved > 0.05, $"{kind}: the largest sampled move is {moved:R}"); // ten steps of lr = 0.01 do move the weights
    }
}
