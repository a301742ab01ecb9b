using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Random;

namespace Grokking.Tests.Nn;

/// <summary>
/// The modular model's step (<see cref="PenalisedAdam{T}"/>: the penalty and Adam fused) against the chain it
/// replaces, and its optional Newton-Schulz U V^T against the Jacobi SVD's on the modular network's four shapes.
/// </summary>
public class PenalisedAdamTests
{
    /// <summary>20 steps on a small encoder-decoder (13 x 9 embeddings, hidden 7: 388 parameters, so a scalar tail
    /// after the vectors), fused and through the chain: equal to the last bit for every penalty, the l1 also when it
    /// covers only some groups (then it is not fused).</summary>
    [Theory]
    [InlineData(PenaltyKind.None, false)]
    [InlineData(PenaltyKind.L1, false)]
    [InlineData(PenaltyKind.L1, true)]
    [InlineData(PenaltyKind.L2, false)]
    [InlineData(PenaltyKind.Nuclear, false)]
    public void Step_EqualsTheChainBitForBit(PenaltyKind kind, bool onlyW1)
    {
        const int p = 13, batch = 40;
        var rng = new System.Random(5);
        int[] x1 = [.. Enumerable.Range(0, batch).Select(_ => rng.Next(p))], x2 = [.. Enumerable.Range(0, batch).Select(_ => rng.Next(p))];
        int[] labels = [.. x1.Zip(x2, (a, b) => (a + b) % p)];
        var penalty = new WeightPenalty<float>(kind, 1e-2f, onlyW1 ? GroupSelector.Named("W1") : null);
        EncoderDecoder<float> Model()
        {
            var m = new EncoderDecoder<float>(vocabulary: p, width: 9, hidden: 7, maxBatch: batch);
            m.Initialise(new NumpyRandomState(7));
            return m;
        }
        var (fused, chained) = (Model(), Model());
        var layout = fused.Parameters.Layout;
        Assert.Equal(388, layout.Size);
        var step = new PenalisedAdam<float>(penalty, layout, 1e-2f);
        var chain = new Optimiser<float>(new Chain<float>(penalty.Gradient(), Optimisers.Adam(1e-2f)), layout);
        for (int s = 0; s < 20; s++)
        {
            fused.Forward(x1, x2, labels, batch);
            fused.Backward();
            step.Step(fused.Parameters.Values, fused.Parameters.Gradients);
            chained.Forward(x1, x2, labels, batch);
            chained.Backward();
            chain.Step(chained.Parameters.Values, chained.Parameters.Gradients);
        }
        Assert.Equal(chained.Parameters.Values, fused.Parameters.Values);
        Assert.NotEqual(Model().Parameters.Values, fused.Parameters.Values);
        // the penalty does act: the same steps without it end elsewhere
        if (kind != PenaltyKind.None)
        {
            var plain = Model();
            var none = new PenalisedAdam<float>(new WeightPenalty<float>(PenaltyKind.None, 0f), layout, 1e-2f);
            for (int s = 0; s < 20; s++)
            {
                plain.Forward(x1, x2, labels, batch);
                plain.Backward();
                none.Step(plain.Parameters.Values, plain.Parameters.Gradients);
            }
            Assert.NotEqual(plain.Parameters.Values, fused.Parameters.Values);
        }
    }

    private static float[] Random(int rows, int cols, int seed)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, rows * cols).Select(_ => (float)(0.2 * (2 * rng.NextDouble() - 1)))];
    }

    /// <summary>W with its smallest singular value set to <paramref name="smallest"/> (times the largest): W minus
    /// (1 - smallest / s_min) s_min u v^T of its last singular pair, from the double Jacobi SVD.</summary>
    private static float[] WithSmallSingularValue(float[] w, int rows, int cols, double smallest)
    {
        var svd = Grokking.Numerics.JacobiSvd.OfRowMajor([.. w.Select(v => (double)v)], rows, cols);
        var s = svd.SingularValues; // descending
        int last = Math.Min(rows, cols) - 1;
        double shrink = s[last] - smallest * s[0];
        var copy = (float[])w.Clone();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) copy[i * cols + j] -= (float)(shrink * svd.U(i, last) * svd.V(j, last));
        return copy;
    }

    /// <summary>The modular network's shapes: Newton-Schulz (at most <see cref="PenalisedAdam{T}.NewtonSchulzIterations"/>
    /// iterations, then the Jacobi SVD for good) gives the Jacobi SVD's U V^T to float accuracy, both where it
    /// converges (a random 64 x 97 or 97 x 64 matrix) and where a singular value near 0 stalls it.</summary>
    [Theory]
    [InlineData(64, 97)]
    [InlineData(97, 64)]
    [InlineData(64, 64)]
    public void NewtonSchulzPolar_EqualsTheJacobiPolarFactor(int rows, int cols)
    {
        var polar = new NewtonSchulzPolar<float>(rows, cols) { MaxIterations = PenalisedAdam<float>.NewtonSchulzIterations, StayOnFallback = true };
        var jacobi = new GroupSvd<float>(rows, cols);
        float[] Jacobi(float[] w)
        {
            var dst = new float[rows * cols];
            jacobi.Decompose(w, warmStart: false);
            jacobi.AddPolarFactor(dst, 1f);
            return dst;
        }
        float[] Polar(float[] w)
        {
            var dst = new float[rows * cols];
            polar.AddPolarFactor(w, dst, 1f);
            return dst;
        }
        void Close(float[] expected, float[] actual, string what)
        {
            double worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
            Assert.True(worst <= 2e-5, $"{rows} x {cols} {what}: max |NS - Jacobi| = {worst:E2}");
        }
        // a well-conditioned matrix: the iteration converges (not the fallback)
        var w = Random(rows, cols, rows * 1000 + cols);
        if (rows != cols)
        {
            Close(Jacobi(w), Polar(w), "random");
            Assert.InRange(polar.LastIterations, 1, PenalisedAdam<float>.NewtonSchulzIterations);
            Assert.Equal(0, polar.Fallbacks);
        }
        // a singular value of 1e-6 times the largest: the iteration stalls, the Jacobi SVD decides
        var nearSingular = WithSmallSingularValue(w, rows, cols, 1e-6);
        Close(Jacobi(nearSingular), Polar(nearSingular), "near-singular");
        Assert.Equal(1, polar.Fallbacks);
        // and keeps deciding, even for a matrix the iteration would handle
        if (rows != cols)
        {
            Close(Jacobi(w), Polar(w), "after the stall");
            Assert.Equal(2, polar.Fallbacks);
        }
    }
}
