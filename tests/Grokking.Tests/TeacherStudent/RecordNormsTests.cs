using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Problems.TeacherStudent;
using Grokking.Random;

namespace Grokking.Tests.TeacherStudent;

/// <summary>
/// The fast norms of a network record give the values of the plain ones: the one-pass l0 / l1 / l2 equal
/// the scalar loop's (l0 exactly, the sums to double rounding), and the blocked double Gram's nuclear norm equals
/// the Jacobi SVD's.
/// </summary>
public class RecordNormsTests
{
    [Fact]
    public void Entrywise_IsTheScalarLoops()
    {
        var rng = new NumpyRandomState(7);
        // 1,003 weights (a ragged vector tail), a fifth of them below the l0 tolerance, two of those at exactly +-1e-4
        var w = new float[1003];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.StandardNormal() * (i % 5 == 0 ? 1e-5 : 1));
        w[10] = WeightNorms.L0Tolerance;
        w[20] = -WeightNorms.L0Tolerance;
        var (l0, l1, l2) = WeightNorms.Entrywise(w);
        long e0 = 0;
        double e1 = 0, e2 = 0;
        foreach (float v in w)
        {
            double a = Math.Abs((double)v);
            if (a > WeightNorms.L0Tolerance) e0++;
            (e1, e2) = (e1 + a, e2 + a * a);
        }
        e2 = Math.Sqrt(e2);
        Assert.Equal(e0, l0);
        Assert.Equal(1003 - 201, l0);   // |w| = 1e-4 is not above the tolerance
        Assert.Equal(e1, l1, 1e-13 * e1);
        Assert.Equal(e2, l2, 1e-13 * e2);
    }

    [Theory]
    [InlineData(500, 100, 100)]   // the paper's A
    [InlineData(37, 10, 10)]      // neither side a multiple of the 4-wide blocks or vectors
    [InlineData(41, 13, 3)]       // rank 3: ten singular values at zero
    public void TallGramNuclearNorm_IsTheJacobiSvds(int rows, int cols, int rank)
    {
        var rng = new NumpyRandomState(11);
        var left = new double[rows * rank];
        var right = new double[rank * cols];
        for (int i = 0; i < left.Length; i++) left[i] = rng.StandardNormal();
        for (int i = 0; i < right.Length; i++) right[i] = rng.StandardNormal();
        var w = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double s = 0;
                for (int k = 0; k < rank; k++) s += left[i * rank + k] * right[k * cols + j];
                w[i * cols + j] = (float)s;
            }
        double expected = Norms.Nuclear<float>(w, rows, cols);
        double gram = new TallGramNuclearNorm(rows, cols).Of(w);
        // full rank: double rounding of the Gram; rank-deficient: ~sqrt(eps) ||W|| per zero singular value (the
        // float input is of rank 3 only to float rounding, ~1e-7 ||W|| per value, which both methods see)
        Assert.Equal(expected, gram, (rank == cols ? 1e-10 : 1e-6) * expected);
        Assert.True(double.IsNaN(new TallGramNuclearNorm(rows, cols).Of([float.NaN, .. w.AsSpan(1)])));
    }
}
