using System.Text.Json;
using Grokking.Nn;
using Grokking.Optimisation;

namespace Grokking.Tests.Nn;

/// <summary>
/// The network engine's <see cref="EncoderDecoder{T}"/> against the PyTorch reference file of the modular MLP
/// (tools/reference/modular_mlp_reference.py, checked against the reference's own Encoder_Decoder): the mean
/// cross-entropy and every gradient from the given weights on the given batch of 16, in float64 and float32, and
/// the 10-step Adam trajectories (lr 1e-2) under no penalty and beta = 1e-3 times l1, unsquared l2 and nuclear
/// norms of the four weight matrices, with the optimiser as a chain of gradient transforms.
/// </summary>
public class ModularMlpEngineTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "ModularArithmetic", "modular_mlp_reference.json"))).RootElement;

    private static readonly string[] Names = ["E1", "E2", "W1", "W2"];

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];
    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    private static (int[] X, int[] Y, int[] Labels) Batch()
    {
        var b = Reference.GetProperty("batch");
        return (Ints(b.GetProperty("x")), Ints(b.GetProperty("y")), Ints(b.GetProperty("labels")));
    }

    /// <summary>The model with the given float32 weights (in the layout order E1, E2, W1, W2 the engine uses too).</summary>
    private static EncoderDecoder<T> Model<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var model = new EncoderDecoder<T>(maxBatch: 16);
        int at = 0;
        foreach (var name in Names)
            foreach (var v in Reference.GetProperty("weights_float32").GetProperty(name).EnumerateArray())
                model.Parameters.Values[at++] = T.CreateTruncating(v.GetSingle());
        Assert.Equal(model.Parameters.Values.Length, at);
        return model;
    }

    private static double[] Gradients() => [.. Names.SelectMany(n => Doubles(Reference.GetProperty("ce_gradients").GetProperty(n)))];

    [Fact]
    public void LossAndGradients_Float64_MatchPyTorch()
    {
        var model = Model<double>();
        var (x, y, labels) = Batch();
        Assert.Equal(Reference.GetProperty("ce_loss").GetDouble(), model.Forward(x, y, labels, 16), 1e-13);
        model.Backward();
        var want = Gradients();
        double scale = want.Max(Math.Abs);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - model.Parameters.Gradients[i]) <= 1e-12 * scale, $"gradient {i}: torch {want[i]:R}, lab {model.Parameters.Gradients[i]:R}");
    }

    [Fact]
    public void LossAndGradients_Float32_MatchPyTorchToFloatRounding()
    {
        var model = Model<float>();
        var (x, y, labels) = Batch();
        Assert.Equal(Reference.GetProperty("ce_loss").GetDouble(), model.Forward(x, y, labels, 16), 1e-5);
        model.Backward();
        var want = Gradients();
        double scale = want.Max(Math.Abs);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - model.Parameters.Gradients[i]) <= 1e-5 * scale, $"gradient {i}: torch {want[i]:R}, lab {model.Parameters.Gradients[i]:R}");
    }

    [Theory]
    [InlineData(0, PenaltyKind.None)]
    [InlineData(1, PenaltyKind.L1)]
    [InlineData(2, PenaltyKind.L2)]
    [InlineData(3, PenaltyKind.Nuclear)]
    public void AdamTrajectory_UnderEachPenalty_MatchesPyTorch(int index, PenaltyKind kind)
    {
        var c = Reference.GetProperty("cases")[index];
        double beta = c.GetProperty("beta").GetDouble(), lr = c.GetProperty("lr").GetDouble();
        var model = Model<double>();
        var layout = model.Parameters.Layout;
        var penalty = new WeightPenalty<double>(kind, beta);
        var optimiser = new Optimiser<double>(new Chain<double>(penalty.Gradient(), Optimisers.Adam(lr)), layout);
        var (x, y, labels) = Batch();
        var ces = Doubles(c.GetProperty("ce_before_step"));
        var pens = Doubles(c.GetProperty("penalty_before_step"));
        // 1e-11 relative for every penalty, the nuclear one included (U V^T from the lab's Jacobi SVD, torch's from LAPACK)
        const double tol = 1e-11;
        for (int step = 0; step < ces.Length; step++)
        {
            double ce = model.Forward(x, y, labels, 16);
            Assert.True(Math.Abs(ces[step] - ce) <= tol * ces[step], $"step {step}: CE {ce:R}, torch {ces[step]:R}");
            if (kind != PenaltyKind.None)
            {
                double pen = penalty.Value(layout, model.Parameters.Values) / beta;
                Assert.True(Math.Abs(pens[step] - pen) <= tol * pens[step], $"step {step}: penalty {pen:R}, torch {pens[step]:R}");
            }
            model.Backward();
            optimiser.Step(model.Parameters.Values, model.Parameters.Gradients);
        }
        Assert.True(Math.Abs(c.GetProperty("final_ce").GetDouble() - model.Forward(x, y, labels, 16)) <= tol * 5);
        var sample = Doubles(c.GetProperty("final_sample"));
        int stride = c.GetProperty("sample_stride").GetInt32();
        for (int i = 0; i < sample.Length; i++)
        {
            double got = model.Parameters.Values[i * stride];
            Assert.True(Math.Abs(sample[i] - got) <= tol * (0.1 + Math.Abs(sample[i])),
                $"parameter {i * stride}: lab {got:R}, torch {sample[i]:R}");
        }
    }
}
