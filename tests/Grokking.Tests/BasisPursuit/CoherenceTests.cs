using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Problems.SparseRecovery;
using Grokking.Random;

namespace Grokking.Tests.BasisPursuit;

/// <summary>calculate_coherence (spec B.6) on hand-worked cases and against the general routine.</summary>
public class CoherenceTests
{
    [Fact]
    public void CanonicalAgainstHadamardIsOneOverSqrtTwo()
    {
        var hadamard = new DenseMatrix(2, 2, [1, 1, 1, -1]);
        Assert.Equal(1 / Math.Sqrt(2), Coherence.Mutual(DenseMatrix.Identity(2), hadamard), 1e-15);
    }

    [Fact]
    public void SameMatrixIgnoresEachColumnAgainstItself()
    {
        Assert.Equal(0.0, Coherence.Mutual(DenseMatrix.Identity(3), DenseMatrix.Identity(3)));
        // Columns (1, 0) and (1, 1): |<c1, c2>| / (1 * sqrt 2).
        var a = new DenseMatrix(2, 2, [1, 1, 0, 1]);
        Assert.Equal(1 / Math.Sqrt(2), Coherence.Mutual(a, new DenseMatrix(2, 2, [1, 1, 0, 1])), 1e-15);
        // A different matrix of the same shape keeps its diagonal: column 1 of a against itself scaled gives 1.
        Assert.Equal(1.0, Coherence.Mutual(a, new DenseMatrix(2, 2, [2, 1, 0, 1])), 1e-15);
    }

    [Fact]
    public void ScaleOfColumnsDoesNotMatterAndZeroColumnsGiveNaN()
    {
        var a = new DenseMatrix(3, 2, [1, 0, 2, 5, 0, 1]);
        var b = new DenseMatrix(3, 1, [3, 0, 4]);
        var b10 = new DenseMatrix(3, 1, [30, 0, 40]);
        Assert.Equal(Coherence.Mutual(a, b), Coherence.Mutual(a, b10), 1e-15);
        // Columns of a: (1, 2, 0) and (0, 5, 1); against (3, 0, 4): 3 / (sqrt 5 * 5) beats 4 / (sqrt 26 * 5).
        Assert.Equal(3.0 / (Math.Sqrt(5) * 5), Coherence.Mutual(a, b), 1e-15);
        Assert.True(double.IsNaN(Coherence.Mutual(new DenseMatrix(2, 2, [0, 1, 0, 1]), DenseMatrix.Identity(2))));
    }

    [Fact]
    public void MeasurementsPathMatchesTheGeneralRoutine()
    {
        var phi = Basis.Orthonormal(20, seed: 4);
        var phiColumns = Coherence.NormalizedColumns(phi.ToDense());
        foreach (double tau in new[] { 0.0, 0.3 })
        {
            var m = Measurements.Create(9, phi, tau, 1.0 / 9, seed: 5).M;
            var mT = new DenseMatrix(20, 9);
            for (int i = 0; i < 9; i++) for (int k = 0; k < 20; k++) mT[k, i] = m[i, k];
            double expected = Coherence.Mutual(mT, phi.ToDense());
            Assert.Equal(expected, Coherence.OfMeasurements(m, phiColumns, 20, new double[20]), 1e-15);
            if (tau > 0) Assert.Equal(1.0, expected, 1e-14);   // int(0.3 * 9) = 2 rows are columns of Phi
            else Assert.InRange(expected, 0.2, 0.95);
        }
    }

    [Fact]
    public void MismatchedShapesAreRejected() =>
        Assert.Throws<ArgumentException>(() => Coherence.Mutual(DenseMatrix.Identity(2), DenseMatrix.Identity(3)));
}
