using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Problems.Mnist;
using Grokking.Random;
using static Grokking.Tests.Mnist.SyntheticDigits;

namespace Grokking.Tests.Mnist;

/// <summary>
/// The MNIST network against <see cref="TwoLayerRelu{T}"/> (the same function with A stored untransposed, its
/// gradient checked by finite differences in its own tests), and its sparse first layer against the dense GEMM.
/// </summary>
public class MnistNetworkTests
{
    private const int Hidden = 37; // not a multiple of a vector: the kernels' tails run too

    private static MnistSet Set(int count, int seed)
    {
        var (pixels, labels) = Digits(count, seed);
        return new MnistSet(new IdxImages(count, 8, 8, pixels), labels, count, MnistData.Classes, transpose: true);
    }

    private static MnistNetwork Network(MnistLoss loss, bool sparse, int maxBatch = 64) =>
        new(64, Hidden, MnistData.Classes, maxBatch, loss, new WeightPenalty<float>(PenaltyKind.L1, 1e-3f, GroupSelector.All), 1e-2f)
        { Sparse = sparse };

    [Theory]
    [InlineData(MnistLoss.CrossEntropy)]
    [InlineData(MnistLoss.Mse)]
    public void LogitsAndGradient_EqualTwoLayerRelu(MnistLoss loss)
    {
        var set = Set(50, 4);
        var net = Network(loss, sparse: true);
        net.Initialise(new NumpyRandomState(5), 1.5);
        var reference = new TwoLayerRelu<float>(64, Hidden, MnistData.Classes, 64);
        reference.Initialise(new NumpyRandomState(5), 1.5);

        // the same draws: A transposed into At, B as it is
        var at = net.Parameters.Value(net.At);
        var a = reference.Parameters.Value(reference.A);
        for (int j = 0; j < Hidden; j++)
            for (int k = 0; k < 64; k++) Assert.Equal(a[j * 64 + k], at[k * Hidden + j]);
        Assert.Equal(reference.Parameters.Value(reference.B).ToArray(), net.Parameters.Value(net.B).ToArray());

        var y = reference.Forward(set.Dense, set.Count).ToArray();
        Assert.Equal(y, net.Logits(set, 0, set.Count).ToArray(), new FloatTolerance(1e-5f));

        // the reference's gradient from the same d loss / d logits
        var dY = new float[y.Length];
        double expectedLoss;
        if (loss == MnistLoss.CrossEntropy)
        {
            var p = new float[y.Length];
            expectedLoss = CrossEntropy.Forward<float>(y, set.Labels, p, set.Count, 10);
            CrossEntropy.Backward<float>(p, set.Labels, dY, set.Count, 10);
        }
        else
        {
            expectedLoss = MeanSquaredError.Forward<float>(y, set.OneHot);
            MeanSquaredError.Backward<float>(y, set.OneHot, dY);
        }
        reference.Backward(dY);
        Assert.Equal(expectedLoss, net.LossAndGradient(set), 1e-5);
        var dA = reference.Parameters.Gradient(reference.A);
        var dAt = net.Parameters.Gradient(net.At);
        for (int j = 0; j < Hidden; j++)
            for (int k = 0; k < 64; k++) Assert.Equal(dA[j * 64 + k], dAt[k * Hidden + j], 1e-6f);
        Assert.Equal(reference.Parameters.Gradient(reference.B).ToArray(), net.Parameters.Gradient(net.B).ToArray(), new FloatTolerance(1e-6f));
    }

    /// <summary>Sparse and dense first layers give the same training to float rounding: 20 Adam steps, then the
    /// weights and the evaluation agree (summation orders differ, so not bit for bit).</summary>
    [Fact]
    public void SparseFirstLayer_TrainsAsTheDenseGemm()
    {
        var train = Set(60, 6);
        var test = Set(40, 7);
        Assert.InRange(train.Density, 0.15, 0.3); // the set is sparse, as MNIST is
        var sparse = Network(MnistLoss.CrossEntropy, sparse: true, maxBatch: 60);
        var dense = Network(MnistLoss.CrossEntropy, sparse: false, maxBatch: 60);
        sparse.Initialise(new NumpyRandomState(8), 1);
        dense.Initialise(new NumpyRandomState(8), 1);
        for (int s = 0; s < 20; s++)
        {
            double ls = sparse.Step(train), ld = dense.Step(train);
            Assert.Equal(ld, ls, 1e-5);
        }
        Assert.Equal(dense.Parameters.Values, sparse.Parameters.Values, new FloatTolerance(1e-4f));
        var (lossS, accS) = sparse.Evaluate(test);
        var (lossD, accD) = dense.Evaluate(test);
        Assert.Equal(lossD, lossS, 1e-4);
        Assert.Equal(accD, accS);
    }

    /// <summary>
    /// The step on two threads (the sparse products, the readout and the hidden gradient cut by rows, Adam by
    /// parameter ranges) trains bit for bit as on one: every part computes the same sums in the same order. The
    /// shapes are large enough that each of those parts forks (1,000 images of 64 pixels, 120 hidden).
    /// </summary>
    [Theory]
    [InlineData(PenaltyKind.L1)]
    [InlineData(PenaltyKind.L2)]
    public void TwoThreads_TrainBitForBitAsOne(PenaltyKind penalty)
    {
        var train = Set(1000, 9);
        var test = Set(300, 10);
        MnistNetwork Make(int threads)
        {
            var runThreads = new Grokking.Training.RunThreads(threads);
            runThreads.Grant(threads);
            var net = new MnistNetwork(64, 120, MnistData.Classes, 1000, MnistLoss.CrossEntropy,
                new WeightPenalty<float>(penalty, 1e-3f, GroupSelector.All), 1e-2f, runThreads);
            net.Initialise(new NumpyRandomState(11), 1);
            return net;
        }
        var one = Make(1);
        var two = Make(2);
        for (int s = 0; s < 4; s++) Assert.Equal(one.Step(train), two.Step(train));
        Assert.Equal(one.Parameters.Values, two.Parameters.Values);
        Assert.Equal(one.Evaluate(test), two.Evaluate(test));
    }

    /// <summary>The step's Adam (fused l1, cut into one range per thread) is PenalisedAdam's, bit for bit: three
    /// steps against the loss gradient followed by PenalisedAdam on the same parameters, for each penalty.</summary>
    [Theory]
    [InlineData(PenaltyKind.None)]
    [InlineData(PenaltyKind.L1)]
    [InlineData(PenaltyKind.L2)]
    [InlineData(PenaltyKind.Nuclear)]
    public void Step_IsTheLossGradientThenPenalisedAdam(PenaltyKind kind)
    {
        var train = Set(50, 12);
        var penalty = new WeightPenalty<float>(kind, 1e-3f, GroupSelector.All);
        var threads = new Grokking.Training.RunThreads(2);
        threads.Grant(2);
        var net = new MnistNetwork(64, Hidden, MnistData.Classes, 64, MnistLoss.CrossEntropy, penalty, 1e-2f, threads);
        var reference = new MnistNetwork(64, Hidden, MnistData.Classes, 64, MnistLoss.CrossEntropy, penalty, 1e-2f);
        net.Initialise(new NumpyRandomState(13), 1);
        reference.Initialise(new NumpyRandomState(13), 1);
        var adam = new PenalisedAdam<float>(penalty, reference.Parameters.Layout, 1e-2f);
        for (int s = 0; s < 3; s++)
        {
            net.Step(train);
            reference.LossAndGradient(train);
            adam.Step(reference.Parameters.Values, reference.Parameters.Gradients);
            Assert.Equal(reference.Parameters.Values, net.Parameters.Values);
        }
        Assert.NotEqual(0f, net.Parameters.Values.Max()); // the weights moved and are not all zero
    }

    /// <summary>The compressed-row product against a plain triple loop, on widths with every kernel block and the
    /// overlapping last block (16-, 64- and 128-column blocks, flush or not); and bit for bit against the sum it
    /// documents (the row's non-zeros in order, fused multiply-adds from zero), so the overlapped columns and any
    /// split of the rows give the same bits.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(40)]
    [InlineData(64)]
    [InlineData(83)]
    [InlineData(128)]
    [InlineData(200)]
    [InlineData(500)]
    public void SparseRowsProduct_MatchesTheDenseDefinition(int width)
    {
        var rng = new System.Random(width);
        const int rows = 9, cols = 30;
        var m = new float[rows * cols];
        for (int i = 0; i < m.Length; i++) m[i] = rng.NextDouble() < 0.3 ? (float)rng.NextDouble() : 0f;
        var d = new float[cols * width];
        for (int i = 0; i < d.Length; i++) d[i] = (float)(rng.NextDouble() - 0.5);
        var s = SparseRows.FromDense(m, rows, cols);
        Assert.Equal(m.Count(v => v != 0), s.NonZeros);
        var product = new float[rows * width];
        s.Multiply(d, width, product, 0, rows);
        var part = new float[3 * width];
        s.Multiply(d, width, part, 4, 7); // rows 4..6, written from the start of the span
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++)
            {
                double expected = 0;
                for (int k = 0; k < cols; k++) expected += (double)m[r * cols + k] * d[k * width + j];
                Assert.Equal(expected, product[r * width + j], 1e-5);
                float fused = 0f;
                for (int i = s.RowStart[r]; i < s.RowStart[r + 1]; i++) fused = MathF.FusedMultiplyAdd(s.Values[i], d[s.Columns[i] * width + j], fused);
                Assert.Equal(fused, product[r * width + j]);
                if (r is >= 4 and < 7) Assert.Equal(product[r * width + j], part[(r - 4) * width + j]);
            }

        // the transpose holds the same entries
        var t = s.Transpose();
        Assert.Equal((cols, rows, s.NonZeros), (t.Rows, t.Cols, t.NonZeros));
        for (int k = 0; k < cols; k++)
            for (int i = t.RowStart[k]; i < t.RowStart[k + 1]; i++) Assert.Equal(m[t.Columns[i] * cols + k], t.Values[i]);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(float obj) => 0;
    }
}
