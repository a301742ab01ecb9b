namespace Grokking.Nn;

/// <summary>The entrywise norms every network family records at each logged step (the reference trainer's l0_norm,
/// l1_norm and l2_norm over all weights concatenated).</summary>
public static class WeightNorms
{
    /// <summary>|w| above this counts as a non-zero weight (the reference's 1e-4).</summary>
    public const float L0Tolerance = 1e-4f;

    /// <summary>l0 (count of |w| &gt; 1e-4), l1 and unsquared l2 of all the weights, accumulated in double.</summary>
    public static (long L0, double L1, double L2) Entrywise(ReadOnlySpan<float> weights)
    {
        long nonZero = 0;
        double l1 = 0, l2 = 0;
        foreach (float v in weights)
        {
            double a = Math.Abs((double)v);
            if (a > L0Tolerance) nonZero++;
            l1 += a;
            l2 += a * a;
        }
        return (nonZero, l1, Math.Sqrt(l2));
    }
}
