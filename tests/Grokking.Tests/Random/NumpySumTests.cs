using Grokking.Numerics;

namespace Grokking.Tests.Random;

/// <summary>numpy's reduction order (pairwise blocks of 128, 8192-element buffer chunks), values from numpy 1.24.</summary>
public class NumpySumTests
{
    [Theory]
    [InlineData(7, 0.7)]                        // < 8: plain loop
    [InlineData(100, 9.999999999999998)]        // one 8-accumulator block
    [InlineData(129, 12.899999999999999)]       // first recursive split
    [InlineData(10000, 1000.0000000000002)]     // 8192 + 1808 chunks
    public void SumOfRepeatedTenthMatchesNumpy(int count, double expected)
    {
        double[] values = Enumerable.Repeat(0.1, count).ToArray();
        BitAssert.Equal(expected, NumpySum.Sum(values));
    }

    [Fact]
    public void MeanDividesTheNumpySum() =>
        BitAssert.Equal(0.10000000000000002, NumpySum.Mean(Enumerable.Repeat(0.1, 20000).ToArray()));
}
