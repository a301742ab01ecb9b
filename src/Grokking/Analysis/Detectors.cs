namespace Grokking.Analysis;

/// <summary>A detected event on a recorded series: the recorded step and its index in the series.</summary>
public readonly record struct Detection(long Step, int Index);

/// <summary>
/// Memorisation time t1, generalisation time t2 and the delay dt = t2 - t1 (null when either is missing).
/// </summary>
public sealed record GrokTimes(long? T1, long? T2)
{
    /// <summary>t2 - t1 when both exist, else null (may be negative if t2 comes first).</summary>
    public long? Dt => T1 is long t1 && T2 is long t2 ? t2 - t1 : null;

    /// <summary>From two optional detections.</summary>
    public static GrokTimes From(Detection? t1, Detection? t2) => new(t1?.Step, t2?.Step);

    /// <summary>
    /// The reference's <c>find_memorization_generalization_steps</c>: t1 = first recorded step with
    /// train <= trainThreshold, t2 = first recorded step with test <= testThreshold (inclusive, NaN never
    /// qualifies). All three series must have the same length.
    /// </summary>
    public static GrokTimes FromThresholds(ReadOnlySpan<long> steps, ReadOnlySpan<double> train, ReadOnlySpan<double> test,
        double trainThreshold, double testThreshold)
    {
        if (train.Length != steps.Length || test.Length != steps.Length)
            throw new ArgumentException("All input series must have the same length.");
        return From(Detectors.Threshold(steps, train, trainThreshold), Detectors.Threshold(steps, test, testThreshold));
    }
}

/// <summary>
/// Time detectors on recorded series (<c>steps[i]</c> = iteration of record i, <c>values[i]</c> = metric),
/// ported from the reference code's <c>sparse_recovery/utils.py</c> (spec B.0.9) with its edge cases mirrored.
/// </summary>
public static class Detectors
{
    /// <summary>Parameters of the stable-plateau rule.</summary>
    public readonly record struct PlateauRule(int K, double Tolerance, int M)
    {
        /// <summary>The reference function's defaults: K = 10, 5 %, M = 5.</summary>
        public static PlateauRule ReferenceDefault => new(10, 0.05, 5);

        /// <summary>What the notebooks use (Figs 4/26, 24/28, 22/18, 6/29/23): K = 3, 5 %, M = 2.</summary>
        public static PlateauRule Notebook => new(3, 0.05, 2);
    }

    /// <summary>
    /// First recorded step with <c>value &lt;= threshold</c> (inclusive; NaN never qualifies), or null.
    /// One half of the reference's <c>find_memorization_generalization_steps</c>.
    /// </summary>
    public static Detection? Threshold(ReadOnlySpan<long> steps, ReadOnlySpan<double> values, double threshold) =>
        Threshold(steps, values, threshold, Direction.Falling);

    /// <summary>First recorded step at which the metric reaches <paramref name="threshold"/> in its
    /// <paramref name="direction"/> (<c>&lt;=</c> for errors, <c>&gt;=</c> for accuracies; inclusive; NaN never qualifies), or null.</summary>
    public static Detection? Threshold(ReadOnlySpan<long> steps, ReadOnlySpan<double> values, double threshold, Direction direction)
    {
        SameLength(steps, values);
        bool rising = direction == Direction.Rising;
        for (int i = 0; i < values.Length; i++)
            if (rising ? values[i] >= threshold : values[i] <= threshold)
                return new Detection(steps[i], i);
        return null;
    }

    /// <summary>Stable plateau with a named rule (e.g. <see cref="PlateauRule.Notebook"/>).</summary>
    public static Detection? StablePlateau(ReadOnlySpan<long> steps, ReadOnlySpan<double> values, PlateauRule rule) =>
        StablePlateau(steps, values, rule.K, rule.Tolerance, rule.M);

    /// <summary>
    /// The reference's <c>find_stable_step_final_value(steps, errors, K, tolerance_fraction, M)</c>, exactly:
    /// <code>
    /// if len(errors) &lt; K: raise ValueError            -> ArgumentException here
    /// E   = np.mean(errors[-K:])                       (numpy pairwise sum / count; see NumpyMean)
    /// tol = tolerance_fraction * E
    /// lower, upper = E - tol, E + tol
    /// consec = 0
    /// for i in range(len(errors)):                     (scan left to right)
    ///     consec = consec + 1 if lower &lt;= errors[i] &lt;= upper else 0
    ///     if consec >= M: return steps[i - M + 1], i - M + 1
    /// return None, None
    /// </code>
    /// Consequences mirrored on purpose:
    /// <list type="bullet">
    /// <item>The FIRST run of M consecutive in-band records wins; an earlier shorter visit to the band
    /// (fewer than M records) is ignored, and leaving the band after qualifying does not matter.</item>
    /// <item>Any NaN among the last K values makes E NaN, so nothing qualifies (null). A NaN elsewhere simply
    /// breaks a run (comparisons with NaN are false).</item>
    /// <item>E &lt; 0 gives tol &lt; 0, hence lower = E - tol &gt; upper = E + tol: the band is empty and the
    /// result is null (the reference was written for non-negative errors). E = 0 gives the band [0, 0]: only
    /// exact zeros qualify. E = +inf gives lower = NaN: null.</item>
    /// <item>K = 0 averages the WHOLE series (<c>errors[-0:]</c> is everything); K &lt; 0 averages
    /// <c>errors[|K|:]</c> (NaN if that is empty). M &lt;= 0 fires at i = 0 and returns index 1 - M, raising
    /// (here: <see cref="ArgumentException"/>) when that is past the end, like numpy's IndexError.</item>
    /// </list>
    /// </summary>
    public static Detection? StablePlateau(ReadOnlySpan<long> steps, ReadOnlySpan<double> values,
        int K = 10, double tolerance = 0.05, int M = 5)
    {
        SameLength(steps, values);
        int len = values.Length;
        if (len < K)
            throw new ArgumentException("Not enough data points to take an average of the last K points.", nameof(values));

        // errors[-K:] with Python slicing semantics
        int start = K > 0 ? len - K : (K == 0 ? 0 : Math.Min(-K, len));
        double E = NumpyMean(values.Slice(start));
        double tol = tolerance * E;
        double lower = E - tol;
        double upper = E + tol;

        int consec = 0;
        for (int i = 0; i < len; i++)
        {
            double e = values[i];
            if (e >= lower && e <= upper) consec++;
            else consec = 0;
            if (consec >= M)
            {
                int idx = i - M + 1;
                if (idx >= len)
                    throw new ArgumentException($"M = {M} makes the reference index {idx} past the end (IndexError).", nameof(M));
                return new Detection(steps[idx], idx);
            }
        }
        return null;
    }

    /// <summary>
    /// First step whose value is &lt;= the minimum of the series, i.e. the first arg-min (F.4: accuracy and MSE
    /// figures use "the first step with test error &lt;= its minimum"). NaN values are ignored (min over the
    /// non-NaN values; null if there are none, or the series is empty). This choice is ours: the notebooks'
    /// code for this rule is not in the spec, and numpy's <c>min</c> would return NaN (no step qualifies) while
    /// <c>argmin</c> would return the first NaN.
    /// </summary>
    public static Detection? FirstBest(ReadOnlySpan<long> steps, ReadOnlySpan<double> values) =>
        FirstBest(steps, values, Direction.Falling);

    /// <summary>As <see cref="FirstBest(ReadOnlySpan{long}, ReadOnlySpan{double})"/>, the best being the maximum for a
    /// <see cref="Direction.Rising"/> metric (accuracy: the first step at the highest accuracy).</summary>
    public static Detection? FirstBest(ReadOnlySpan<long> steps, ReadOnlySpan<double> values, Direction direction)
    {
        SameLength(steps, values);
        bool rising = direction == Direction.Rising;
        int best = -1;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v)) continue;
            if (best < 0 || (rising ? v > values[best] : v < values[best])) best = i;
        }
        return best < 0 ? null : new Detection(steps[best], best);
    }

    /// <summary>
    /// <c>np.mean</c> of a float64 vector, bit for bit: numpy's pairwise summation (blocks of 8 partial sums
    /// below 128 elements, recursive halving above), added to the reduction's initial +0.0, divided by the count.
    /// Empty input gives NaN (numpy warns and returns nan).
    /// </summary>
    public static double NumpyMean(ReadOnlySpan<double> x) =>
        x.IsEmpty ? double.NaN : (0.0 + PairwiseSum(x)) / x.Length;

    internal static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i + 0]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a.Slice(0, n2)) + PairwiseSum(a.Slice(n2));
    }

    private static void SameLength(ReadOnlySpan<long> steps, ReadOnlySpan<double> values)
    {
        if (steps.Length != values.Length)
            throw new ArgumentException("steps and values must have the same length.");
    }
}
