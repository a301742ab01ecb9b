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
