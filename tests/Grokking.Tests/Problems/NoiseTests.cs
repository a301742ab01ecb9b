using Grokking.Problems.SparseRecovery;
using Grokking.Random;
using Grokking.Tests.Random;

namespace Grokking.Tests.Problems;

/// <summary>create_noise_from_scratch (spec B.0.4); expected values printed by the reference function under numpy 1.24.</summary>
public class NoiseTests
{
    private static readonly double[] Seed1Xi =
    [
        6.608235771244163e-06, -2.4887752976703697e-06, -2.1487323722811954e-06, -4.365099805108289e-06, 3.5206907230084427e-06,
        -9.363224524695417e-06, 7.098322667280626e-06, -3.0967765749450525e-06, 1.2979293776757502e-06, -1.0144999163244762e-06,
        5.948214084971968e-06, -8.381158240632103e-06, -1.3116723502824636e-06, -1.562427413156995e-06, 4.612452470260423e-06,
        -4.474627736032695e-06, -7.01480285286505e-07, -3.57134358811055e-06, 1.7173588654515645e-07, 2.3710353902919592e-06,
        -4.4775890522279414e-06, 4.657017120111503e-06, 3.667892422462879e-06, 2.044270350050655e-06, 3.664903192287739e-06,
        -2.781572809493202e-06, -4.999476111269614e-07, -3.8069398216903525e-06, -1.0898344835252375e-06, 2.157616258940343e-06,
    ];

    [Fact]
    public void MeanSquaredNormOfSpecB04()
    {
        // m2 over create_signal(100, 5, seed=i) for i = 0..9999; i = 0 is seeded with 0 (numpy only skips None).
        double m2 = Noise.MeanSquaredSignalNorm(100, 5, seed: 1);
        Assert.Equal(0x3FA96BF82233BBA7, BitConverter.DoubleToInt64Bits(m2)); // 0.04965186517244229
    }

    [Fact]
    public void NoiseVectorOfSpecB04()
    {
        double[] xi = Noise.Create(30, 1e8, 100, 5, seed: 1);
        Assert.Equal(0x3ED1103ED13A34B6, BitConverter.DoubleToInt64Bits(Noise.StandardDeviation(0.04965186517244229, 30, 1e8))); // 4.068245533906162e-06
        BitAssert.Equal(Seed1Xi, xi);
        BitAssert.Close(2.2525415739265017e-05, Math.Sqrt(xi.Sum(v => v * v)), 1e-14, "||xi||");
    }

    [Fact]
    public void SeedZeroAveragesOneSignalWithNumpysPairwiseSum()
    {
        // Every term uses seed i*0 = 0: m2 is the mean of 2000 equal values, which pairwise summation
        // rounds to 0.135741920127204 while the value itself is 0.13574192012720399.
        Assert.Equal(0.135741920127204, Noise.MeanSquaredSignalNorm(20, 3, seed: 0));
        BitAssert.Equal([0.02055268008355195, 0.004662164989320296, 0.011403113246002588], Noise.Create(10, 100.0, 20, 3, seed: 0)[..3]);
    }

    [Fact]
    public void UnseededNoiseUsesTheGlobalStreamThroughout()
    {
        // np.random.seed(12); create_noise_from_scratch(5, 1e4, 10, 2, seed=None); np.random.randn()
        var global = new NumpyRandomState(12);
        double[] xi = Noise.Create(5, 1e4, 10, 2, seed: null, globalStream: global);
        BitAssert.Equal([0.0015738551529692845, 0.0014214933324952202, 0.0009225870746409991, -0.00042846998773968557, 0.00209939918263805], xi);
        BitAssert.Equal(-0.6940794687700629, global.StandardNormal());
    }

    [Fact]
    public void InfiniteOrMissingSnrMeansNoNoiseAndZeroSnrPureNoise()
    {
        Assert.All(Noise.Create(7, null, 100, 5, seed: 1), v => Assert.Equal(0.0, v));
        Assert.All(Noise.Create(7, double.PositiveInfinity, 100, 5, seed: 1), v => Assert.Equal(0.0, v));
        Assert.All(Noise.Create(4, 0.0, 100, 5, seed: 1, globalStream: new NumpyRandomState(0)), v => Assert.True(double.IsInfinity(v)));
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Contains("N must be positive", Assert.Throws<ArgumentException>(() => Noise.Create(0, 1e8, 100, 5, seed: 1)).Message);
        Assert.Throws<ArgumentException>(() => Noise.Create(3, -1.0, 100, 5, seed: 1));
        Assert.Throws<ArgumentException>(() => Noise.Create(3, double.NaN, 100, 5, seed: 1));
        Assert.Throws<ArgumentException>(() => Noise.Create(3, 1e8, 10, 11, seed: 1));
        Assert.Throws<ArgumentException>(() => Noise.Create(3, 1e8, 10, 2, seed: null));
        Assert.Contains("2**32", Assert.Throws<ArgumentException>(() => Noise.MeanSquaredSignalNorm(100, 5, seed: int.MaxValue)).Message);
    }
}
