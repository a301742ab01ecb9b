namespace Grokking.Tests.Random;

/// <summary>Asserts float64 equality to the last bit (numpy values are embedded as round-trip literals).</summary>
internal static class BitAssert
{
    public static void Equal(double expected, double actual, string? what = null)
    {
        long e = BitConverter.DoubleToInt64Bits(expected), a = BitConverter.DoubleToInt64Bits(actual);
        Assert.True(
            e == a,
            $"{what ?? "value"}: expected {expected:R} (0x{e:X16}), got {actual:R} (0x{a:X16}).");
    }

    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string? what = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Equal(expected[i], actual[i], $"{what ?? "element"}[{i}]");
        }
    }

    /// <summary>Relative closeness for quantities whose numpy value went through BLAS (summation order differs).</summary>
    public static void Close(double expected, double actual, double relativeTolerance, string? what = null) =>
        Assert.True(
            Math.Abs(expected - actual) <= relativeTolerance * Math.Abs(expected),
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (relative tolerance {relativeTolerance}).");
}
