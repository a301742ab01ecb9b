using FsCheck;
using FsCheck.Fluent;
using Grokking.Random;

namespace Grokking.Tests.Random;

/// <summary>FsCheck properties over random seeds.</summary>
public class NumpyRandomStatePropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void PermutationIsAPermutationOfZeroToNMinusOne()
    {
        Arbitrary<uint> seeds = ArbMap.Default.ArbFor<uint>();
        Arbitrary<int> sizes = Gen.Choose(0, 500).ToArbitrary();
        Check.One(Runs, Prop.ForAll(seeds, sizes, (seed, n) =>
        {
            int[] p = new NumpyRandomState(seed).Permutation(n);
            int[] sorted = (int[])p.Clone();
            Array.Sort(sorted);
            return sorted.SequenceEqual(Enumerable.Range(0, n));
        }));
    }

    [Fact]
    public void GetStateSetStateReplaysTheSameStream()
    {
        Arbitrary<uint> seeds = ArbMap.Default.ArbFor<uint>();
        Arbitrary<int> warmups = Gen.Choose(0, 1500).ToArbitrary();
        Check.One(Runs, Prop.ForAll(seeds, warmups, (seed, warmup) =>
        {
            var rng = new NumpyRandomState(seed);
            for (int i = 0; i < warmup; i++)
            {
                _ = i % 3 == 0 ? rng.StandardNormal() : rng.RandomInteger(0, 1 + i);
            }
            NumpyRandomStateSnapshot state = rng.GetState();
            double[] first = Mixed(rng);
            rng.SetState(state);
            double[] second = Mixed(rng);
            var replica = new NumpyRandomState(state);
            return first.SequenceEqual(second) && first.SequenceEqual(Mixed(replica));
        }));
    }

    private static double[] Mixed(NumpyRandomState rng) =>
    [
        rng.StandardNormal(), rng.RandomSample(), rng.NextUInt32(), rng.StandardNormal(), rng.StandardNormal(),
        rng.RandomInteger(-7, 1L << 40), rng.Permutation(17)[3],
    ];
}
