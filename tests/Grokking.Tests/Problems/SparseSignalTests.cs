using Grokking.Problems.Sensing;
using Grokking.Problems.SparseRecovery;
using Grokking.Random;
using Grokking.Tests.Random;

namespace Grokking.Tests.Problems;

/// <summary>create_signal (spec B.0.1); expected values printed by the reference function under numpy 1.24.</summary>
public class SparseSignalTests
{
    [Fact]
    public void Seed1SignalOfSpecB01()
    {
        SparseSignal signal = SparseSignal.Create(100, 5, seed: 1, globalStream: null);

        Assert.Equal(new[] { 80, 84, 33, 81, 93 }, signal.Support); // draw order; sorted: [33, 80, 81, 84, 93]
        int[] sorted = [33, 80, 81, 84, 93];
        double[] values = [0.09596367759067437, 0.010808661663631697, -0.012730314809027253, 0.10152629188406331, 0.06985541641460777];
        for (int k = 0; k < sorted.Length; k++)
        {
            BitAssert.Equal(values[k], signal.A[sorted[k]], $"a*[{sorted[k]}]");
        }
        Assert.Equal(95, signal.A.Count(v => v == 0.0));
        BitAssert.Equal(signal.A, signal.B);
        Assert.NotSame(signal.A, signal.B);

        BitAssert.Close(0.15708368039044976, Math.Sqrt(signal.A.Sum(v => v * v)), 1e-15, "||a*||_2");
        BitAssert.Close(0.29088436236200443, signal.A.Sum(Math.Abs), 1e-15, "||a*||_1");
    }

    [Fact]
    public void UnseededSignalDrawsFromTheGlobalStreamAndSeededOnesDoNot()
    {
        // np.random.seed(3); create_signal(100, 5, seed=None); np.random.randn(2)
        var global = new NumpyRandomState(3);
        SparseSignal signal = SparseSignal.Create(100, 5, seed: null, globalStream: global);
        Assert.Equal(new[] { 93, 67, 6, 64, 96 }, signal.Support);
        double[] values = [-0.01974146791582499, 0.17746450314059348, -0.06747275103117134, 0.01506168653650223, 0.015294570276248169];
        for (int k = 0; k < 5; k++)
        {
            BitAssert.Equal(values[k], signal.A[signal.Support[k]]);
        }
        BitAssert.Equal([-1.0641952739365244, 0.43794661128008205], global.StandardNormal(2));

        // np.random.seed(3); create_signal(100, 5, seed=11); np.random.randn(2): the global stream is untouched.
        var untouched = new NumpyRandomState(3);
        SparseSignal.Create(100, 5, seed: 11, globalStream: untouched);
        BitAssert.Equal([1.7886284734303186, 0.43650985051198943], untouched.StandardNormal(2));
    }

    [Fact]
    public void TernaryDistributionMatchesTheUniformOption()
    {
        SparseSignal signal = SparseSignal.Create(10, 3, seed: 4, distribution: SignalDistribution.Ternary);
        Assert.Equal(new[] { 3, 8, 4 }, signal.Support);
        double[] expected = new double[10];
        expected[8] = 0.31622776601683794;
        BitAssert.Equal(expected, signal.A);

        // n = 3, s = 1, seed 0: numpy's redraw loop ends on -1.
        SparseSignal single = SparseSignal.Create(3, 1, seed: 0, distribution: SignalDistribution.Ternary);
        BitAssert.Equal([0.0, 0.0, -0.5773502691896258], single.A);
    }

    [Fact]
    public void NonIdentityBasisGivesPhiTimesA()
    {
        // Phi = create_orthonormal_basis(20, seed=6); create_signal(20, 4, Phi=Phi, seed=2)[1][:4]
        Basis phi = Basis.Orthonormal(20, seed: 6);
        SparseSignal signal = SparseSignal.Create(20, 4, seed: 2, basis: phi);
        double[] expected = [0.0006080253128186927, 0.09927200244789113, -0.15859702183937263, 0.10314907885781693];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], signal.B[i], 1e-13);
        }
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Contains("Sparsity", Assert.Throws<ArgumentException>(() => SparseSignal.Create(5, 6, seed: 1)).Message);
        Assert.Throws<ArgumentException>(() => SparseSignal.Create(5, 0, seed: 1));
        Assert.Throws<ArgumentException>(() => SparseSignal.Create(0, 0, seed: 1));
        Assert.Throws<ArgumentException>(() => SparseSignal.Create(5, 2, seed: -1));
        Assert.Contains("globalStream", Assert.Throws<ArgumentException>(() => SparseSignal.Create(5, 2, seed: null)).Message);
        Assert.Throws<ArgumentException>(() => SparseSignal.Create(5, 2, seed: 1, basis: Basis.Identity(4)));
    }
}
