namespace Grokking.Tests;

/// <summary>
/// Counts the managed bytes the CURRENT thread allocates in a body (GC.GetAllocatedBytesForCurrentThread, not a
/// process-wide counter that other tests' threads move). The body runs first to warm the JIT and tiering up, then
/// is measured a few times and the least count is kept: a one-off allocation of the runtime itself (a method
/// promoted or a type loaded mid-loop under load) is not the code's, while an allocation per call appears in every
/// measurement. So these tests cannot fail by chance, and still fail for any allocation in the measured code.
/// </summary>
internal static class Allocations
{
    public const int Warmups = 2, Attempts = 3;

    /// <summary>The least number of bytes one run of <paramref name="body"/> allocated on this thread.</summary>
    public static long Measure(Action body, int warmups = Warmups, int attempts = Attempts)
    {
        for (int i = 0; i < warmups; i++) body();
        long least = long.MaxValue;
        for (int i = 0; i < attempts && least > 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    public static void AssertNone(Action body, int warmups = Warmups, int attempts = Attempts) =>
        Assert.Equal(0, Measure(body, warmups, attempts));

    /// <summary>How many times a body may run in <see cref="Measure"/> (to size buffers that each run fills).</summary>
    public const int MaxRuns = Warmups + Attempts;
}
