using System.Text.Json;
using Grokking.Nn;
using Grokking.Optimisation;

namespace Grokking.Tests.Nn;

/// <summary>
/// The assembled model against PyTorch building it as the reference code does (one-hot rows through Linear, the
/// h.reshape(-1, s, s) matrix product; encoder_decoder_reference.py beside this file writes the JSON): logits, mean
/// cross-entropy, the gradient of every parameter, and beta * norm(W, p) summed over the weights with its gradient
/// for p = 1, 2 and 'nuc', in float64 at p = 11, d = 16, hidden 8. Agreement to 1e-12 relative.
/// </summary>
public class EncoderDecoderTorchTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "Nn", "encoder_decoder_reference.json"))).RootElement;

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
    private static int[] Ints(string name) => [.. Reference.GetProperty(name).EnumerateArray().Select(x => x.GetInt32())];

    private static void Close(double[] want, ReadOnlySpan<double> got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        double scale = want.Max(Math.Abs);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - got[i]) <= 1e-12 * scale, $"{what}[{i}]: torch {want[i]:R}, lab {got[i]:R}");
    }

    private static EncoderDecoder<double> Model()
    {
        int batch = Reference.GetProperty("batch").GetInt32();
        var model = new EncoderDecoder<double>(Reference.GetProperty("p").GetInt32(), Reference.GetProperty("width").GetInt32(),
            Reference.GetProperty("hidden").GetInt32(), batch);
        Doubles(Reference.GetProperty("parameters")).CopyTo(model.Parameters.Values, 0);
        return model;
    }

    [Fact]
    public void LogitsLossAndGradients_MatchPyTorch()
    {
        var model = Model();
        int batch = Reference.GetProperty("batch").GetInt32();
        double loss = model.Forward(Ints("x1"), Ints("x2"), Ints("labels"), batch);
        Assert.Equal(Reference.GetProperty("loss").GetDouble(), loss, 1e-13);
        Close(Doubles(Reference.GetProperty("logits")), model.Logits(Ints("x1"), Ints("x2"), batch), "logits");
        model.Forward(Ints("x1"), Ints("x2"), Ints("labels"), batch);
        model.Backward();
        Close(Doubles(Reference.GetProperty("gradient")), model.Parameters.Gradients, "gradient");
    }

    [Theory]
    [InlineData("l1", PenaltyKind.L1)]
    [InlineData("l2", PenaltyKind.L2)]
    [InlineData("nuclear", PenaltyKind.Nuclear)]
    public void PenaltyValueAndGradient_MatchPyTorch(string name, PenaltyKind kind)
    {
        var model = Model();
        var layout = model.Parameters.Layout;
        var penalty = new WeightPenalty<double>(kind, 0.3);
        var want = Reference.GetProperty(name);
        Assert.Equal(want.GetProperty("value").GetDouble(), penalty.Value(layout, model.Parameters.Values), 1e-12);
        var gradient = new double[layout.Size];
        var transform = penalty.Gradient();
        transform.Update(gradient, transform.Init(layout), model.Parameters.Values);
        // the nuclear gradient U V^T comes from two different SVDs (LAPACK's and the lab's Jacobi): 1e-10
        double tol = kind == PenaltyKind.Nuclear ? 1e-10 : 1e-12;
        var expected = Doubles(want.GetProperty("gradient"));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - gradient[i]) <= tol * 0.3, $"{name} gradient[{i}]: torch {expected[i]:R}, lab {gradient[i]:R}");
    }
}
