using Grokking.Random;

namespace Grokking.Tests.Random;

/// <summary>permutation / shuffle / choice / randint against numpy's legacy RandomState.</summary>
public class NumpyIntegerDrawTests
{
    [Fact]
    public void PermutationVectorsOfSpecF1()
    {
        Assert.Equal(new[] { 2, 9, 6, 4, 0, 3, 1, 7, 8, 5 }, new NumpyRandomState(1).Permutation(10));
        Assert.Equal(new[] { 26, 86, 2, 55, 75, 93, 16, 73, 54, 95 }, new NumpyRandomState(0).Permutation(100)[..10]);
    }

    [Fact]
    public void LongerPermutationMatchesNumpy()
    {
        int[] p = new NumpyRandomState(99).Permutation(1000);
        Assert.Equal(new[] { 890, 983, 107, 609, 113, 350, 22, 136 }, p[..8]);
        long weighted = 0;
        for (int i = 0; i < p.Length; i++)
        {
            weighted += (long)i * p[i];
        }
        Assert.Equal(247660055L, weighted); // sum(arange(1000) * permutation)
    }

    [Fact]
    public void ShuffleOfAnyElementTypeUsesTheSameDraws()
    {
        string[] letters = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        new NumpyRandomState(1).Shuffle<string>(letters);
        Assert.Equal(new[] { "c", "j", "g", "e", "a", "d", "b", "h", "i", "f" }, letters);
    }

    [Fact]
    public void ChoiceWithoutReplacementIsAPermutationPrefixAndConsumesAFullPermutation()
    {
        var rng = new NumpyRandomState(1);
        Assert.Equal(new[] { 2, 9, 6 }, rng.Choice(10, 3));
        Assert.Equal(1666063943u, rng.NextUInt32()); // numpy: next raw draw after choice(10, 3)
    }

    [Fact]
    public void RandIntUsesMaskedRejectionOn32BitDrawsBelow2To32()
    {
        var rng = new NumpyRandomState(1);
        long[] draws = [rng.RandomInteger(0, 10), rng.RandomInteger(0, 10), rng.RandomInteger(0, 10), rng.RandomInteger(0, 10), rng.RandomInteger(0, 10)];
        Assert.Equal(new long[] { 5, 8, 9, 5, 0 }, draws);
        Assert.Equal(-5L, rng.RandomInteger(-5, 3));
        // Ranges beyond 32 bits use 64-bit draws, high word first (numpy's mt19937_next64).
        Assert.Equal(554850762700L, rng.RandomInteger(0, 1L << 40));
        Assert.Equal(2544004131286592237L, rng.RandomInteger(-(1L << 62), 1L << 62));
    }

    [Fact]
    public void RandIntEdgeRanges()
    {
        var rng = new NumpyRandomState(8);
        Assert.Equal(3751350723L, rng.RandomInteger(0, 1L << 32)); // rng = 2^32 - 1: one raw draw
        Assert.Equal(5L, rng.RandomInteger(5, 6));                  // rng = 0: no draw
        Assert.Equal(47736148u, rng.NextUInt32());
    }

    [Fact]
    public void ChoiceWithReplacementIsRandInt()
    {
        Assert.Equal(new[] { 5, 3, 4, 0, 1, 3 }, new NumpyRandomState(1).ChoiceWithReplacement(7, 6));
    }

    [Fact]
    public void BadArgumentsThrowArgumentException()
    {
        var rng = new NumpyRandomState(0);
        var tooMany = Assert.Throws<ArgumentException>(() => rng.Choice(3, 4));
        Assert.Contains("larger sample", tooMany.Message);
        Assert.Throws<ArgumentException>(() => rng.RandomInteger(3, 3));
        Assert.Throws<ArgumentException>(() => rng.ChoiceWithReplacement(0, 2));
        Assert.ThrowsAny<ArgumentException>(() => rng.Permutation(-1));
    }
}
