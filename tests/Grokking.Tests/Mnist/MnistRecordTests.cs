using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Problems.Mnist;
using Grokking.Training;

namespace Grokking.Tests.Mnist;

/// <summary>
/// A record's nuclear norm (the eigenvalues of each layer's small Gram matrix) against the Jacobi SVD in double, on
/// the MNIST shapes (784 x h first layer stored transposed, 10 x h second), for random weights and for a near
/// rank-deficient first layer as an l1 or nuclear penalty leaves it: equal to 1e-6 relative.
/// </summary>
public sealed class MnistRecordTests
{
    private const int Width = 64, Classes = 10, Pixels = 784;

    private static MnistSet Set(int count, int seed)
    {
        var rng = new System.Random(seed);
        var pixels = new byte[count * Pixels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = rng.NextDouble() < 0.2 ? (byte)rng.Next(1, 256) : (byte)0;
        byte[] labels = [.. Enumerable.Range(0, count).Select(_ => (byte)rng.Next(Classes))];
        return new MnistSet(new IdxImages(count, 28, 28, pixels), labels, count, Classes, transpose: true);
    }

    private static double NuclearNormRecorded(float[] at, float[] b)
    {
        var network = new MnistNetwork(Pixels, Width, Classes, 16, MnistLoss.CrossEntropy,
            new WeightPenalty<float>(PenaltyKind.None, 0f, GroupSelector.All), 1e-3f);
        at.CopyTo(network.Parameters.Value(network.At));
        b.CopyTo(network.Parameters.Value(network.B));
        var model = new MnistModel(Set(16, 1), Set(8, 2), network);
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        model.Record(0, record);
        return record.Last(MnistModel.NuclearNorm);
    }

    private static double SvdNuclearNorm(float[] w, int rows, int cols) =>
        Norms.Nuclear<double>([.. w.Select(v => (double)v)], rows, cols);

    private static float[] Random(int count, int seed, double scale)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(scale * (2 * rng.NextDouble() - 1)))];
    }

    /// <param name="rank">0: full rank (random); else rank r plus noise of 1e-7 of the entries' size: Width - r
    /// singular values near zero, where the Gram eigenvalues lose the most (sqrt(eps) of the largest each).</param>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void NuclearNorm_IsTheSvdsSumOfSingularValues(int rank)
    {
        var at = Random(Pixels * Width, 3, 0.05);
        if (rank > 0)
        {
            var left = Random(Pixels * rank, 4, 1);
            var right = Random(rank * Width, 5, 1);
            var noise = Random(Pixels * Width, 6, 1e-7);
            for (int i = 0; i < Pixels; i++)
                for (int j = 0; j < Width; j++)
                {
                    double sum = noise[i * Width + j];
                    for (int k = 0; k < rank; k++) sum += left[i * rank + k] * right[k * Width + j];
                    at[i * Width + j] = (float)sum;
                }
        }
        var b = Random(Classes * Width, 7, 0.1);
        double expected = SvdNuclearNorm(at, Pixels, Width) + SvdNuclearNorm(b, Classes, Width);
        Assert.Equal(expected, NuclearNormRecorded(at, b), 1e-6 * expected);
    }
}
