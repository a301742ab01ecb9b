using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;
using static Grokking.Tests.Nn.FiniteDifferences;

namespace Grokking.Tests.Nn;

/// <summary>Every layer's backward against central finite differences of its forward, in float64.</summary>
public class LayerGradientTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Linear_GradientsOfWeightBiasAndInput(bool bias)
    {
        const int batch = 3, inputs = 5, outputs = 4;
        var layout = bias ? new ParameterLayout(("W", outputs, inputs), ("b", outputs, 1)) : new ParameterLayout(("W", outputs, inputs));
        var p = new ParameterSet<double>(layout);
        var rng = new System.Random(1);
        Uniform(rng, layout.Size).CopyTo(p.Values, 0);
        var layer = new Linear<double>(p, new Gemm(), "W", bias ? "b" : null, inputs, outputs);
        var x = Uniform(rng, batch * inputs);
        var w = Uniform(rng, batch * outputs);
        var y = new double[batch * outputs];
        double Objective() { layer.Forward(x, y, batch); return Dot(w, y); }

        var dx = new double[x.Length];
        layer.Backward(x, w, dx, batch);
        Check(p.Values, p.Gradients, Objective, "d/dparameters");
        Check(x, dx, Objective, "d/dx");

        // gradients accumulate: a second backward doubles them
        var once = (double[])p.Gradients.Clone();
        layer.Backward(x, w, Span<double>.Empty, batch);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], p.Gradients[i], 12);
    }

    [Fact]
    public void Linear_ForwardIsXWTransposePlusB()
    {
        var p = new ParameterSet<double>(new ParameterLayout(("W", 2, 3), ("b", 2, 1)));
        new double[] { 1, 2, 3, 4, 5, 6, 10, 20 }.CopyTo(p.Values, 0);
        var layer = new Linear<double>(p, new Gemm(), "W", "b", 3, 2);
        var y = new double[2];
        layer.Forward(new double[] { 1, 0, -1 }, y, 1);
        Assert.Equal(new double[] { 1 - 3 + 10, 4 - 6 + 20 }, y);
    }

    [Fact]
    public void Embedding_IsAColumnLookup_AndItsGradientAScatterAdd()
    {
        const int vocab = 7, dim = 4;
        int[] tokens = [3, 0, 3, 6, 3];
        var p = new ParameterSet<double>(new ParameterLayout(("E", dim, vocab)));
        var rng = new System.Random(2);
        Uniform(rng, p.Values.Length).CopyTo(p.Values, 0);
        var layer = new Embedding<double>(p, "E", vocab, dim);
        var y = new double[tokens.Length * dim];
        layer.Forward(tokens, y, tokens.Length);
        for (int j = 0; j < dim; j++) Assert.Equal(p.Values[j * vocab + 6], y[3 * dim + j]);

        var w = Uniform(rng, y.Length);
        layer.Backward(tokens, w, tokens.Length);
        Check(p.Values, p.Gradients, () => { layer.Forward(tokens, y, tokens.Length); return Dot(w, y); }, "dE");
        Assert.Equal(0.0, p.Gradients[0 * vocab + 1]); // an unused token's column gets nothing
    }

    [Theory]
    [InlineData(AggregationMode.Sum, 4)]
    [InlineData(AggregationMode.Concatenation, 4)]
    [InlineData(AggregationMode.Hadamard, 4)]
    [InlineData(AggregationMode.MatrixProduct, 9)]
    [InlineData(AggregationMode.MatrixProduct, 64)]
    public void Aggregation_GradientsOfBothEmbeddings(AggregationMode mode, int dim)
    {
        const int batch = 3;
        var agg = new Aggregation(mode, dim);
        var rng = new System.Random(3);
        var e1 = Uniform(rng, batch * dim);
        var e2 = Uniform(rng, batch * dim);
        var z = new double[batch * agg.Outputs];
        var w = Uniform(rng, z.Length);
        double Objective() { agg.Forward<double>(e1, e2, z, batch); return Dot(w, z); }
        var de1 = new double[e1.Length];
        var de2 = new double[e2.Length];
        agg.Backward<double>(e1, e2, w, de1, de2, batch);
        Check(e1, de1, Objective, $"{mode} de1");
        Check(e2, de2, Objective, $"{mode} de2");
    }

    [Fact]
    public void Aggregation_MatrixProduct_ReshapesRowMajor()
    {
        // [[1,2],[3,4]] @ [[5,6],[7,8]] = [[19,22],[43,50]], flattened row-major (torch's reshape(-1, 2, 2))
        var z = new double[4];
        new Aggregation(AggregationMode.MatrixProduct, 4).Forward<double>(new double[] { 1, 2, 3, 4 }, new double[] { 5, 6, 7, 8 }, z, 1);
        Assert.Equal(new double[] { 19, 22, 43, 50 }, z);
        var cat = new double[4];
        new Aggregation(AggregationMode.Concatenation, 2).Forward<double>(new double[] { 1, 2 }, new double[] { 3, 4 }, cat, 1);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, cat);
    }

    [Fact]
    public void Aggregation_MatrixProduct_Float8x8_MatchesTheFloat64Loops()
    {
        // the float path at d = 64 runs vectorised 8 x 8 kernels; the double path the generic loops checked above
        const int batch = 5, d = 64;
        var agg = new Aggregation(AggregationMode.MatrixProduct, d);
        var rng = new System.Random(8);
        double[] e1 = Uniform(rng, batch * d), e2 = Uniform(rng, batch * d), dz = Uniform(rng, batch * d);
        float[] F(double[] x) => Array.ConvertAll(x, v => (float)v);
        var (z, de1, de2) = (new double[batch * d], new double[batch * d], new double[batch * d]);
        var (zf, de1f, de2f) = (new float[batch * d], new float[batch * d], new float[batch * d]);
        agg.Forward<double>(e1, e2, z, batch);
        agg.Backward<double>(e1, e2, dz, de1, de2, batch);
        agg.Forward<float>(F(e1), F(e2), zf, batch);
        agg.Backward<float>(F(e1), F(e2), F(dz), de1f, de2f, batch);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(z[i], zf[i], 1e-5);
            Assert.Equal(de1[i], de1f[i], 1e-5);
            Assert.Equal(de2[i], de2f[i], 1e-5);
        }
    }

    [Fact]
    public void Relu_Gradient()
    {
        var rng = new System.Random(4);
        var x = Uniform(rng, 40);
        for (int i = 0; i < x.Length; i++) x[i] += Math.Sign(x[i]) * 0.01; // no kink within h of a point
        var y = new double[x.Length];
        var w = Uniform(rng, x.Length);
        Relu.Forward<double>(x, y);
        var dx = new double[x.Length];
        Relu.Backward<double>(x, w, dx);
        Check(x, dx, () => { Relu.Forward<double>(x, y); return Dot(w, y); }, "relu dx");
        Assert.Contains(0.0, dx);
    }

    [Fact]
    public void CrossEntropy_GradientAndClosedForms()
    {
        const int batch = 4, classes = 5;
        int[] labels = [0, 4, 2, 2];
        var rng = new System.Random(5);
        var logits = Uniform(rng, batch * classes, 3);
        var prob = new double[logits.Length];
        CrossEntropy.Forward<double>(logits, labels, prob, batch, classes);
        var d = new double[logits.Length];
        CrossEntropy.Backward<double>(prob, labels, d, batch, classes);
        Check(logits, d, () => CrossEntropy.Forward<double>(logits, labels, prob, batch, classes), "dlogits");

        // equal logits: log C; huge logits stay finite (the max is subtracted before exp)
        Assert.Equal(Math.Log(classes), CrossEntropy.Forward<double>(new double[classes], [1], prob, 1, classes), 14);
        float[] big = [1000f, 0f, -1000f];
        Assert.Equal(1000.0, CrossEntropy.Forward<float>(big, [1], new float[3], 1, 3), 3);
    }

    [Fact]
    public void Classification_CountsArgmaxHits_FirstMaximumOnTies()
    {
        float[] logits = [0.1f, 0.9f, 0.0f, /**/ 2f, 2f, 1f, /**/ -1f, -3f, -0.5f];
        Assert.Equal(3, Classification.CountCorrect<float>(logits, [1, 0, 2], 3, 3));
        Assert.Equal(1, Classification.CountCorrect<float>(logits, [1, 1, 0], 3, 3));
    }

    [Fact]
    public void MeanSquaredError_GradientAndValue()
    {
        var rng = new System.Random(6);
        var y = Uniform(rng, 12);
        var t = Uniform(rng, 12);
        var d = new double[12];
        MeanSquaredError.Backward<double>(y, t, d);
        Check(y, d, () => MeanSquaredError.Forward<double>(y, t), "dy");
        Assert.Equal((1.0 + 4.0) / 2, MeanSquaredError.Forward<double>(new double[] { 1, 2 }, new double[] { 0, 0 }), 14);
    }
}
