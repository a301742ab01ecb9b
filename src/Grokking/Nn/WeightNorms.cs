using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Grokking.Training;

namespace Grokking.Nn;

/// <summary>The entrywise norms every network family records at each logged step (the reference trainer's l0_norm,
/// l1_norm and l2_norm over all weights concatenated).</summary>
public static class WeightNorms
{
    public const string L0Norm = "l0_norm";
    public const string L1Norm = "l1_norm";
    public const string L2Norm = "l2_norm";
    public const string NuclearNorm = "nuclear_norm";

    /// <summary>|w| above this counts as a non-zero weight (the reference's 1e-4).</summary>
    public const float L0Tolerance = 1e-4f;

    /// <summary>l0 (count of |w| &gt; 1e-4), l1 and unsquared l2 of all the weights, accumulated in double, in one
    /// vectorised pass (a record comes every 10 steps of a long run, so its cost counts).</summary>
    public static (long L0, double L1, double L2) Entrywise(ReadOnlySpan<float> weights)
    {
        int i = 0;
        long nonZero = 0;
        double l1 = 0, l2 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float w = ref MemoryMarshal.GetReference(weights);
            var tolerance = Vector256.Create(L0Tolerance);
            Vector256<int> counts = Vector256<int>.Zero;
            Vector256<double> s1a = Vector256<double>.Zero, s1b = s1a, s2a = s1a, s2b = s1a;
            for (; i + Vector256<float>.Count <= weights.Length; i += Vector256<float>.Count)
            {
                var a = Vector256.Abs(Vector256.LoadUnsafe(ref w, (nuint)i));
                // the compare's all-ones lanes are -1 as ints
                counts -= Vector256.GreaterThan(a, tolerance).AsInt32();
                var (low, high) = Vector256.Widen(a);
                s1a += low;
                s1b += high;
                s2a = Vector256.FusedMultiplyAdd(low, low, s2a);
                s2b = Vector256.FusedMultiplyAdd(high, high, s2b);
            }
            nonZero = Vector256.Sum(counts);
            l1 = Vector256.Sum(s1a + s1b);
            l2 = Vector256.Sum(s2a + s2b);
        }
        for (; i < weights.Length; i++)
        {
            double a = Math.Abs((double)weights[i]);
            if (a > L0Tolerance) nonZero++;
            l1 += a;
            l2 += a * a;
        }
        return (nonZero, l1, Math.Sqrt(l2));
    }
}

/// <summary>The four norm metrics of a network run (<see cref="WeightNorms"/>'s names), registered once and added at
/// each logged step.</summary>
public struct WeightNormMetrics
{
    private int _l0, _l1, _l2, _nuclear;

    public void Register(MetricRecord record)
    {
        _l0 = record.Register(WeightNorms.L0Norm);
        _l1 = record.Register(WeightNorms.L1Norm);
        _l2 = record.Register(WeightNorms.L2Norm);
        _nuclear = record.Register(WeightNorms.NuclearNorm);
    }

    public readonly void Add(long step, MetricRecord record, long l0, double l1, double l2, double nuclear)
    {
        record.Add(step, _l0, l0);
        record.Add(step, _l1, l1);
        record.Add(step, _l2, l2);
        record.Add(step, _nuclear, nuclear);
    }
}
