using Grokking.Nn;
using Grokking.Random;
using static Grokking.Tests.Nn.FiniteDifferences;

namespace Grokking.Tests.Nn;

public class TwoLayerReluTests
{
    // up to 4 outputs the second layer runs as dot products and a fused masked pass, beyond as GEMMs: both are checked;
    // 37 hidden units cover the 4-vector blocks, the single vectors and the scalar tail of the narrow pass
    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void Backward_MatchesFiniteDifferencesOfAWeightedOutput(int outputs)
    {
        const int batch = 4, inputs = 6, hidden = 37;
        var net = new TwoLayerRelu<double>(inputs, hidden, outputs, maxBatch: 8);
        var rng = new System.Random(3);
        Uniform(rng, net.Parameters.Values.Length).CopyTo(net.Parameters.Values, 0);
        var x = Uniform(rng, batch * inputs);
        var w = Uniform(rng, batch * outputs);
        double Objective() => Dot(w, net.Forward(x, batch));

        Objective();
        net.Backward(w);
        var analytic = (double[])net.Parameters.Gradients.Clone();
        // ReLU kinks are measure zero: a step of 1e-6 crosses none at these random values
        Check(net.Parameters.Values, analytic, Objective, "d/d(A, B)", h: 1e-6);

        // Backward overwrites: a second call gives the same gradient, not twice it
        net.Backward(w);
        Assert.Equal(analytic, net.Parameters.Gradients);
    }

    [Fact]
    public void Forward_IsBTimesReluOfAx()
    {
        var net = new TwoLayerRelu<double>(2, 3, 1, maxBatch: 1);
        // A = [[1, 0], [0, 1], [1, 1]], B = [[1, 2, 3]]; x = (2, -1): A x = (2, -1, 1), ReLU = (2, 0, 1), y = 2 + 3 = 5
        new double[] { 1, 0, 0, 1, 1, 1, 1, 2, 3 }.CopyTo(net.Parameters.Values, 0);
        var y = net.Forward(new double[] { 2, -1 }, 1);
        Assert.Equal(5.0, y[0]);
        Assert.Equal(new double[] { 2, -1, 1 }, net.PreActivation.ToArray());
    }

    [Fact]
    public void Initialise_HasStdOneOverSqrtFanOut()
    {
        var net = new TwoLayerRelu<double>(100, 500, 2, maxBatch: 1);
        net.Initialise(new NumpyRandomState(0));
        double Std(ReadOnlySpan<double> v)
        {
            double s = 0;
            foreach (double e in v) s += e * e;
            return Math.Sqrt(s / v.Length);
        }
        // 50,000 draws: the sample std is within 2 % of 1/sqrt(500) (its relative sd is ~0.3 %)
        Assert.InRange(Std(net.Parameters.Value(net.A)) * Math.Sqrt(500), 0.98, 1.02);
        // 1,000 draws: within 10 % of 1/sqrt(2) (relative sd ~2.2 %)
        Assert.InRange(Std(net.Parameters.Value(net.B)) * Math.Sqrt(2), 0.9, 1.1);
        // the first value is numpy's seed-0 randn()[0] = 1.764052345967664 scaled by 1/sqrt(500)
        Assert.Equal(1.764052345967664 / Math.Sqrt(500), net.Parameters.Values[0], 14);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void Float32_AgreesWithFloat64(int outputs)
    {
        const int batch = 5, inputs = 40, hidden = 70;
        var d = new TwoLayerRelu<double>(inputs, hidden, outputs, batch);
        var f = new TwoLayerRelu<float>(inputs, hidden, outputs, batch);
        d.Initialise(new NumpyRandomState(1));
        for (int i = 0; i < d.Parameters.Values.Length; i++) f.Parameters.Values[i] = (float)d.Parameters.Values[i];
        var rng = new System.Random(5);
        var x = Uniform(rng, batch * inputs);
        var dy = Uniform(rng, batch * outputs);
        var yd = d.Forward(x, batch).ToArray();
        var yf = f.Forward(Array.ConvertAll(x, v => (float)v), batch).ToArray();
        for (int i = 0; i < yd.Length; i++) Assert.True(Math.Abs(yd[i] - yf[i]) <= 1e-5 * Math.Max(1, Math.Abs(yd[i])), $"y[{i}]");
        d.Backward(dy);
        f.Backward(Array.ConvertAll(dy, v => (float)v));
        for (int i = 0; i < d.Parameters.Gradients.Length; i++)
        {
            double g = d.Parameters.Gradients[i];
            Assert.True(Math.Abs(g - f.Parameters.Gradients[i]) <= 1e-5 * Math.Max(1, Math.Abs(g)), $"gradient[{i}]");
        }
    }
}
