using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;
using static Grokking.Tests.Nn.FiniteDifferences;

namespace Grokking.Tests.Nn;

public class EncoderDecoderTests
{
    private static (int[] X1, int[] X2, int[] Labels) Pairs(int p, int count, int seed)
    {
        var rng = new System.Random(seed);
        var x1 = new int[count];
        var x2 = new int[count];
        var y = new int[count];
        for (int i = 0; i < count; i++)
        {
            x1[i] = rng.Next(p);
            x2[i] = rng.Next(p);
            y[i] = (x1[i] + x2[i]) % p;
        }
        return (x1, x2, y);
    }

    /// <summary>The whole model, loss plus each penalty, against finite differences in float64 (all groups).</summary>
    [Theory]
    [InlineData(AggregationMode.MatrixProduct, PenaltyKind.None)]
    [InlineData(AggregationMode.MatrixProduct, PenaltyKind.L1)]
    [InlineData(AggregationMode.MatrixProduct, PenaltyKind.L2)]
    [InlineData(AggregationMode.MatrixProduct, PenaltyKind.Nuclear)]
    [InlineData(AggregationMode.Concatenation, PenaltyKind.None)]
    [InlineData(AggregationMode.Sum, PenaltyKind.None)]
    [InlineData(AggregationMode.Hadamard, PenaltyKind.L2)]
    public void LossAndPenaltyGradient_MatchFiniteDifferences(AggregationMode mode, PenaltyKind penaltyKind)
    {
        const int p = 7, batch = 6;
        var model = new EncoderDecoder<double>(vocabulary: p, width: 4, hidden: 5, maxBatch: batch, aggregation: mode);
        model.Initialise(new NumpyRandomState(3));
        var (x1, x2, y) = Pairs(p, batch, 4);
        x1[5] = x1[0]; // a repeated token: its embedding gradient is a sum
        var penalty = new WeightPenalty<double>(penaltyKind, 0.3);
        var layout = model.Parameters.Layout;

        model.Forward(x1, x2, y, batch);
        model.Backward();
        var gradient = (double[])model.Parameters.Gradients.Clone();
        var transform = penalty.Gradient();
        transform.Update(gradient, transform.Init(layout), model.Parameters.Values);

        Check(model.Parameters.Values, gradient,
            () => model.Forward(x1, x2, y, batch) + penalty.Value(layout, model.Parameters.Values), $"{mode} {penaltyKind}");
    }

    [Fact]
    public void Float32_AgreesWithFloat64_AtTheReferenceShape()
    {
        const int batch = 300;
        var f = new EncoderDecoder<float>(maxBatch: batch);
        var d = new EncoderDecoder<double>(maxBatch: batch);
        d.Initialise(new NumpyRandomState(1));
        for (int i = 0; i < d.Parameters.Values.Length; i++) f.Parameters.Values[i] = (float)d.Parameters.Values[i];
        var (x1, x2, y) = Pairs(97, batch, 2);
        double lossF = f.Forward(x1, x2, y, batch), lossD = d.Forward(x1, x2, y, batch);
        Assert.Equal(lossD, lossF, 5);
        Assert.True(Math.Abs(lossD - Math.Log(97)) < 0.5, $"a fresh model is near chance: {lossD} vs ln 97"); // small logits at init
        f.Backward();
        d.Backward();
        double scale = d.Parameters.Gradients.Max(Math.Abs);
        for (int i = 0; i < d.Parameters.Gradients.Length; i++)
            Assert.True(Math.Abs(f.Parameters.Gradients[i] - d.Parameters.Gradients[i]) <= 1e-4 * scale, $"gradient {i}");
    }

    [Fact]
    public void TrainingStep_DoesNotAllocate()
    {
        const int batch = 512;
        var model = new EncoderDecoder<float>(maxBatch: batch);
        model.Initialise(new NumpyRandomState(1));
        var (x1, x2, y) = Pairs(97, batch, 3);
        var optimiser = new Optimiser<float>(new Chain<float>(new WeightPenalty<float>(PenaltyKind.L1, 1e-6f).Gradient(), Optimisers.Adam(1e-3f)),
            model.Parameters.Layout);
        Allocations.AssertNone(() =>
        {
            model.Forward(x1, x2, y, batch);
            model.Backward();
            optimiser.Step(model.Parameters.Values, model.Parameters.Gradients);
        });
    }

    [Fact]
    public void Adam_MemorisesASmallTable()
    {
        // addition mod 11, all 121 pairs, full batch: the train loss must fall from ~ln 11 to near zero
        const int p = 11, n = p * p;
        var x1 = Enumerable.Range(0, n).Select(k => k / p).ToArray();
        var x2 = Enumerable.Range(0, n).Select(k => k % p).ToArray();
        var y = Enumerable.Range(0, n).Select(k => (k / p + k % p) % p).ToArray();
        var model = new EncoderDecoder<float>(vocabulary: p, width: 16, hidden: 32, maxBatch: n);
        model.Initialise(new NumpyRandomState(0));
        var optimiser = new Optimiser<float>(Optimisers.Adam(1e-2f), model.Parameters.Layout);
        double first = model.Forward(x1, x2, y, n), last = first;
        for (int step = 0; step < 300; step++)
        {
            last = model.Forward(x1, x2, y, n);
            model.Backward();
            optimiser.Step(model.Parameters.Values, model.Parameters.Gradients);
        }
        Assert.True(first > 2 && last < 0.05, $"loss {first} -> {last}");
    }
}
