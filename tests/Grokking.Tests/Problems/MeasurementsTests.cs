using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Problems.SparseRecovery;
using Grokking.Random;
using Grokking.Tests.Random;

namespace Grokking.Tests.Problems;

/// <summary>get_measures (spec B.0.3, F.1); expected values printed by the reference function under numpy 1.24.</summary>
public class MeasurementsTests
{
    [Fact]
    public void GaussianDesignOfSpecB03()
    {
        // get_measures(30, np.eye(100), variance=1/30, seed=1)
        Measurements m = Measurements.Create(30, Basis.Identity(100), variance: 1.0 / 30, seed: 1);
        Assert.Equal((30, 100), (m.X.Rows, m.X.Cols));
        Assert.Empty(m.CoherentColumns);
        BitAssert.Equal([0.29656353228576326, -0.11169092915153586, -0.09643052765057498], m.X.Row(0)[..3]);
        BitAssert.Equal(-0.23754108004675584, m.X[29, 99]);
        BitAssert.Equal(m.M.Data, m.X.Data); // M @ I is an exact copy in numpy too
        BitAssert.Close(9.950112653734953, FrobeniusNorm(m.X), 1e-14, "||X||_F");
    }

    [Fact]
    public void CoherentRowsExampleOfSpecF1()
    {
        // get_measures(30, np.eye(100), tau=0.5, variance=1/30, seed=2)
        Measurements m = Measurements.Create(30, Basis.Identity(100), tau: 0.5, variance: 1.0 / 30, seed: 2);
        int[] columns = [83, 30, 56, 24, 16, 23, 2, 27, 28, 13, 99, 92, 76, 14, 0];
        Assert.Equal(columns, m.CoherentColumns);
        for (int r = 0; r < columns.Length; r++)
        {
            for (int k = 0; k < 100; k++)
            {
                // e_j * (1/sqrt(v)) * sqrt(v) rounds to 0.9999999999999999 in numpy, not 1.
                BitAssert.Equal(k == columns[r] ? 0.9999999999999999 : 0.0, m.X[r, k], $"X[{r},{k}]");
            }
        }
        BitAssert.Equal([-0.34899402185806827, 0.24230780582669234, -0.1529068617493761], m.X.Row(15)[..3]);
        BitAssert.Equal(-0.40379647500220117, m.X[29, 99]);
    }

    [Fact]
    public void MoreCoherentRowsThanColumnsRepeatThenSampleWithReplacement()
    {
        // get_measures(30, np.eye(10), tau=0.8, variance=1/30, seed=3): N1 = 24 > m = 10
        Measurements m = Measurements.Create(30, Basis.Identity(10), tau: 0.8, variance: 1.0 / 30, seed: 3);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 9, 3, 8, 8, 0, 5, 3, 9, 9, 5, 7, 6, 0 }, m.CoherentColumns);
        BitAssert.Equal([0.9999999999999999, 0, 0, 0, 0, 0, 0, 0, 0, 0], m.M.Row(23));
        BitAssert.Equal([-0.14723494357429, 0.08088673031103277, -0.26739161306744], m.M.Row(24)[..3]);
    }

    [Fact]
    public void ZeroCoherentRowsStillConsumeAPermutation()
    {
        // tau = 0.01, N = 30: N1 = 0 but choice(100, 0) still shuffles arange(100).
        Measurements m = Measurements.Create(30, Basis.Identity(100), tau: 0.01, variance: 1.0 / 30, seed: 5);
        Assert.Empty(m.CoherentColumns);
        BitAssert.Equal([0.04918092019064358, 0.027198960473323413], m.M.Row(0)[..2]);
    }

    [Fact]
    public void DefaultVarianceIsOneOverN()
    {
        // get_measures(4, np.eye(6), seed=9): variance = 1/6
        Measurements m = Measurements.Create(4, Basis.Identity(6), seed: 9);
        BitAssert.Equal(
            [-0.055981051066660154, 0.5297344134234687, 0.2756782997037267, 0.013046846618098842, 0.37483149255985804, 0.15534233917954512],
            m.M.Row(3));
    }

    [Fact]
    public void OrthonormalBasisRowsAreItsColumns()
    {
        // Phi = create_orthonormal_basis(20, seed=6); get_measures(8, Phi, tau=0.5, variance=1/8, seed=4)
        Basis phi = Basis.Orthonormal(20, seed: 6);
        Measurements m = Measurements.Create(8, phi, tau: 0.5, variance: 1.0 / 8, seed: 4);
        Assert.Equal(new[] { 19, 3, 18, 6 }, m.CoherentColumns);
        double[] m0 = [0.2772423194047802, -0.10353408307034576, 0.0039021905491285476];
        double[] x0 = [-5.551115123125783e-17, -5.551115123125783e-17, -7.45931094670027e-17];
        double[] x7 = [0.4423131027979792, -0.165010300092377, 0.426594613989147];
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(m0[j], m.M[0, j], 1e-13);
            Assert.Equal(x0[j], m.X[0, j], 1e-13);
            Assert.Equal(x7[j], m.X[7, j], 1e-13);
        }
        Assert.Equal(1.0, m.X[0, 19], 1e-13); // row 0 of X = Phi[:, 19]^T Phi = e_19
    }

    [Fact]
    public void UnseededMeasurementsAdvanceTheGlobalStream()
    {
        var global = new NumpyRandomState(1);
        Measurements m = Measurements.Create(30, Basis.Identity(100), variance: 1.0 / 30, seed: null, globalStream: global);
        BitAssert.Equal(0.29656353228576326, m.X[0, 0]);
        Assert.NotEqual(new NumpyRandomState(1).GetState(), global.GetState());
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Basis identity = Basis.Identity(4);
        Assert.Contains("N must be positive", Assert.Throws<ArgumentException>(() => Measurements.Create(0, identity, seed: 1)).Message);
        Assert.Contains("tau", Assert.Throws<ArgumentException>(() => Measurements.Create(3, identity, tau: 1.5, seed: 1)).Message);
        Assert.Throws<ArgumentException>(() => Measurements.Create(3, identity, tau: -0.1, seed: 1));
        Assert.Throws<ArgumentException>(() => Measurements.Create(3, identity, tau: double.NaN, seed: 1));
        Assert.Contains("variance", Assert.Throws<ArgumentException>(() => Measurements.Create(3, identity, variance: 0, seed: 1)).Message);
        Assert.Throws<ArgumentException>(() => Measurements.Create(3, identity, variance: -1, seed: 1));
    }

    private static double FrobeniusNorm(DenseMatrix x) => Math.Sqrt(x.Data.Sum(v => v * v));
}
