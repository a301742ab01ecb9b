namespace Grokking.Problems.Sensing;

/// <summary>
/// Seeds for the draws the reference code leaves unseeded (Figures 19 and 20 draw a*, X and the QR basis from numpy's
/// global stream; the E3.6 nuclear-norm grid has no published code at all). Each trial gets its own <c>np.random.seed(seed)</c>-equivalent stream, with
/// <c>seed = low 32 bits of h</c>, <c>h = SplitMix64(... SplitMix64(SplitMix64(tag) ^ p1) ^ p2 ...)</c> over the trial's
/// coordinates (p1, p2, ...), e.g. (round(1000 tau), s, N, trial). Because the seed depends on values, not on grid
/// positions or on which thread runs the trial, a reduced grid reproduces the full grid's numbers on the cells they
/// share, and results do not depend on the thread count.
/// </summary>
public static class TrialSeeds
{
    /// <summary>Tag of the a* draws of Figures 19(b)/20.</summary>
    public const ulong Signal = 0x5349474E414C;      // "SIGNAL"

    /// <summary>Tag of the measurement-matrix draws of Figures 19(b)/20.</summary>
    public const ulong Measurements = 0x4D45415355;  // "MEASU"

    /// <summary>Tag of the measurement-matrix draws of Figure 19(a).</summary>
    public const ulong Coherence = 0x434F484552;     // "COHER"

    /// <summary>Tag of the low-rank A* of the nuclear-norm recovery grid (spec E3.6).</summary>
    public const ulong LowRankTruth = 0x4C4F5752414E4B;  // "LOWRANK"

    /// <summary>Tag of the observed-entry masks of the nuclear-norm recovery grid (spec E3.6).</summary>
    public const ulong Entries = 0x454E5452494553;       // "ENTRIES"

    /// <summary>The seed of the trial with coordinates <paramref name="parts"/> under <paramref name="tag"/>.</summary>
    public static uint Of(ulong tag, params ReadOnlySpan<long> parts)
    {
        ulong h = SplitMix64(tag);
        foreach (long p in parts) h = SplitMix64(h ^ (ulong)p);
        return (uint)h;
    }

    /// <summary>tau as an integer coordinate (thousandths), so 0.5 and 0.5000000001 cannot give different seeds by accident.</summary>
    public static long TauKey(double tau) => (long)Math.Round(tau * 1000.0);

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
