using Grokking.Random;

namespace Grokking.Tests.Random;

/// <summary>
/// Raw MT19937 output, doubles, legacy Gaussians and state handling against numpy 1.24
/// (<c>np.random.RandomState</c>); every expected value was printed by numpy and is compared bit for bit.
/// </summary>
public class NumpyRandomStateTests
{
    [Fact]
    public void Seed5489MatchesTheMersenneTwisterReferenceOutput()
    {
        // Matsumoto-Nishimura mt19937ar with init_genrand(5489); numpy: randint(0, 2**32, dtype=uint32).
        uint[] expected = [3499211612, 581869302, 3890346734, 3586334585, 545404204, 4161255391, 3922919429, 949333985, 2715962298, 1323567403];
        var rng = new NumpyRandomState(5489);
        foreach (uint value in expected)
        {
            Assert.Equal(value, rng.NextUInt32());
        }
    }

    [Fact]
    public void RawOutputMatchesNumpyAcrossTwistsAndSeedExtremes()
    {
        var rng = new NumpyRandomState(5489);
        uint at625 = 0, at1000 = 0;
        for (int i = 1; i <= 1000; i++)
        {
            uint value = rng.NextUInt32();
            if (i == 625)
            {
                at625 = value; // first output of the second twist
            }
            at1000 = value;
        }
        Assert.Equal(4178893912u, at625);
        Assert.Equal(1341017984u, at1000);

        var zero = new NumpyRandomState(0);
        Assert.Equal([2357136044u, 2546248239u, 3071714933u, 3626093760u, 2588848963u], Draw(zero, 5));
        var max = new NumpyRandomState(uint.MaxValue);
        Assert.Equal([419326371u, 479346978u, 3918654476u], Draw(max, 3));
    }

    [Fact]
    public void SeedingFillsTheKeyLikeMt19937SeedAndTwistsOnFirstDraw()
    {
        NumpyRandomStateSnapshot state = new NumpyRandomState(7).GetState();
        Assert.Equal(624, state.Pos);
        Assert.False(state.HasGauss);
        Assert.Equal(7u, state.Key[0]);
        Assert.Equal(4097098180u, state.Key[1]);
        Assert.Equal(1352272845u, state.Key[623]);
    }

    [Fact]
    public void RandomSampleIsBitExactIncludingThe10000thDraw()
    {
        var rng = new NumpyRandomState(123);
        BitAssert.Equal(BitConverter.Int64BitsToDouble(0x3FE64979BEDA10F5), rng.RandomSample());
        BitAssert.Equal(0.28613933495037946, rng.RandomSample());
        BitAssert.Equal(0.2268514535642031, rng.RandomSample());
        double last = 0;
        for (int i = 4; i <= 10_000; i++)
        {
            last = rng.RandomSample();
        }
        Assert.Equal(0x3FE3A02160BAD87E, BitConverter.DoubleToInt64Bits(last)); // 0.6132971657996362
    }

    [Fact]
    public void StandardNormalSeed1MatchesSpecF1()
    {
        var rng = new NumpyRandomState(1);
        BitAssert.Equal([1.6243453636632417, -0.6117564136500754, -0.5281717522634557], rng.StandardNormal(3));
    }

    [Fact]
    public void StandardNormalOddCountsUseTheCachedSecondValue()
    {
        var rng = new NumpyRandomState(42);
        double[] values = new double[7];
        rng.StandardNormal(values.AsSpan(0, 3));
        rng.StandardNormal(values.AsSpan(3, 1)); // first draw after an odd fill returns the cached value
        values[4] = rng.StandardNormal();
        rng.StandardNormal(values.AsSpan(5));
        double[] expected =
        [
            BitConverter.Int64BitsToDouble(0x3FDFCA2A28A9307C), BitConverter.Int64BitsToDouble(unchecked((long)0xBFC1B2A505DE052A)),
            BitConverter.Int64BitsToDouble(0x3FE4B9DD50245E68), BitConverter.Int64BitsToDouble(0x3FF85E548E01AA2B),
            BitConverter.Int64BitsToDouble(unchecked((long)0xBFCDF8BCDF57A640)), BitConverter.Int64BitsToDouble(unchecked((long)0xBFCDF8332670DB3B)),
            BitConverter.Int64BitsToDouble(0x3FF94474A8407408),
        ];
        BitAssert.Equal(expected, values); // 0.4967141530112327, -0.13826430117118466, ...
    }

    [Fact]
    public void LongGaussianRunStaysBitExact()
    {
        // seed(2024); randn(100001): the last value and numpy's pairwise sum of all of them.
        var rng = new NumpyRandomState(2024);
        double[] values = rng.StandardNormal(100_001);
        Assert.Equal(0x3FE062EB062F0E77, BitConverter.DoubleToInt64Bits(values[^1])); // 0.5120749588754298
        BitAssert.Equal(363.8348835156245, Grokking.Numerics.NumpySum.Sum(values));
    }

    [Fact]
    public void GetStateMidStreamCapturesTheCachedGaussianAndReplays()
    {
        var rng = new NumpyRandomState(7);
        rng.StandardNormal(3);
        NumpyRandomStateSnapshot state = rng.GetState();

        // numpy: seed(7); randn(3); get_state()
        Assert.Equal(12, state.Pos);
        Assert.True(state.HasGauss);
        BitAssert.Equal(0.40751628299650783, state.CachedGaussian);
        Assert.Equal([2022286329u, 1444425037u, 2858264774u], state.Key[..3].ToArray());
        Assert.Equal(4033246365u, state.Key[623]);
        ulong keySum = 0;
        foreach (uint word in state.Key)
        {
            keySum += word;
        }
        Assert.Equal(1325876977024ul, keySum);

        double[] expected = [0.40751628299650783, -0.7889230286257386, 0.00206557290594813, -0.0008903858579313628, -1.7547243063454208];
        BitAssert.Equal(expected, rng.StandardNormal(5));
        BitAssert.Equal(0.6792299961209405, rng.RandomSample());

        rng.SetState(state);
        Assert.Equal(state, rng.GetState());
        BitAssert.Equal(expected, rng.StandardNormal(5));
        var copy = new NumpyRandomState(state);
        BitAssert.Equal(expected, copy.StandardNormal(5));
    }

    [Fact]
    public void SnapshotIsACopyAndComparesByValue()
    {
        var rng = new NumpyRandomState(3);
        NumpyRandomStateSnapshot before = rng.GetState();
        rng.NextUInt32();
        Assert.NotEqual(before, rng.GetState());
        Assert.Equal(before, new NumpyRandomState(3).GetState());
        Assert.Equal(before.GetHashCode(), new NumpyRandomState(3).GetState().GetHashCode());

        var rebuilt = new NumpyRandomStateSnapshot(before.Key, before.Pos, before.HasGauss, before.CachedGaussian);
        Assert.Equal(before, rebuilt);
    }

    [Fact]
    public void ReseedingClearsTheCachedGaussian()
    {
        var rng = new NumpyRandomState(9);
        rng.StandardNormal();
        Assert.True(rng.GetState().HasGauss);
        rng.Seed(1);
        Assert.False(rng.GetState().HasGauss);
        BitAssert.Equal(1.6243453636632417, rng.StandardNormal());
    }

    [Fact]
    public void InvalidSnapshotsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new NumpyRandomStateSnapshot(new uint[623], 0, false, 0));
        Assert.Throws<ArgumentException>(() => new NumpyRandomStateSnapshot(new uint[624], 625, false, 0));
        Assert.Throws<ArgumentException>(() => new NumpyRandomStateSnapshot(new uint[624], -1, false, 0));
    }

    [Fact]
    public void ScalarDrawsDoNotAllocate()
    {
        var rng = new NumpyRandomState(11);
        double sink = 0;
        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < 10_000; i++)
                sink += rng.StandardNormal() + rng.RandomSample() + rng.NextUInt32() + rng.RandomInteger(-3, 1_000_000) + (double)rng.RandomInterval(6);
        });
        Assert.True(double.IsFinite(sink));
    }

    private static uint[] Draw(NumpyRandomState rng, int count)
    {
        var values = new uint[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = rng.NextUInt32();
        }
        return values;
    }
}
