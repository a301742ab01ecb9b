using Grokking.Training;

namespace Grokking.Analysis;

/// <summary>Which way a metric improves: errors and losses fall (a threshold is reached at <c>value &lt;= threshold</c>),
/// accuracies rise (<c>value &gt;= threshold</c>), so accuracy needs no <c>1 - acc</c> workaround.</summary>
public enum Direction
{
    /// <summary>Smaller is better (errors, losses): reached when <c>value &lt;= threshold</c>; best = minimum.</summary>
    Falling,
    /// <summary>Larger is better (accuracies): reached when <c>value &gt;= threshold</c>; best = maximum.</summary>
    Rising,
}

/// <summary>How a time (t1 or t2) is read off one recorded metric.</summary>
public enum TimeRuleKind
{
    /// <summary>First recorded step at which the metric reaches the threshold (inclusive).</summary>
    Threshold,
    /// <summary>The reference notebooks' stable plateau (K = 3, 5 %, M = 2; see <see cref="Detectors.StablePlateau(ReadOnlySpan{long}, ReadOnlySpan{double}, Detectors.PlateauRule)"/>).</summary>
    StablePlateau,
    /// <summary>First recorded step at the metric's best value over the run (the network trainers' rule).</summary>
    FirstBest,
}

/// <summary>
/// One grokking-time rule: a metric of the record, how the time is detected and which way the metric improves.
/// Every experiment family states its t1 and t2 with two of these, and <see cref="Experiments.RunSummariser"/> turns
/// them into the summary, so the rules read the same in every summary.json.
/// </summary>
public sealed record TimeRule(string Metric, string Label, TimeRuleKind Kind, double Threshold = double.NaN,
    Direction Direction = Direction.Falling)
{
    public static TimeRule AtMost(string metric, string label, double threshold) => new(metric, label, TimeRuleKind.Threshold, threshold);
    public static TimeRule AtLeast(string metric, string label, double threshold) =>
        new(metric, label, TimeRuleKind.Threshold, threshold, Direction.Rising);
    public static TimeRule Plateau(string metric, string label) => new(metric, label, TimeRuleKind.StablePlateau);
    public static TimeRule Best(string metric, string label, Direction direction = Direction.Falling) =>
        new(metric, label, TimeRuleKind.FirstBest, Direction: direction);

    /// <summary>The detection on <paramref name="record"/>, or null when the metric never qualifies (or is not recorded).</summary>
    public Detection? Detect(MetricRecord record)
    {
        if (!record.Has(Metric)) return null;
        var (steps, values) = record.Series(Metric);
        return Detect(steps, values);
    }

    public Detection? Detect(ReadOnlySpan<long> steps, ReadOnlySpan<double> values) => Kind switch
    {
        TimeRuleKind.Threshold => Detectors.Threshold(steps, values, Threshold, Direction),
        // the plateau rule needs K records (the reference raises otherwise): too short a series has no plateau
        TimeRuleKind.StablePlateau => steps.Length >= Detectors.PlateauRule.Notebook.K
            ? Detectors.StablePlateau(steps, values, Detectors.PlateauRule.Notebook) : null,
        _ => Detectors.FirstBest(steps, values, Direction),
    };

    /// <summary>The rule in words, as summary.json states it ("first recorded step with train error &lt;= 0.001").</summary>
    public string Describe() => Kind switch
    {
        TimeRuleKind.Threshold => $"first recorded step with {Label} {(Direction == Direction.Falling ? "<=" : ">=")} {Threshold:G3}",
        TimeRuleKind.StablePlateau => $"stable plateau of the {Label} (K=3, 5 %, M=2)",
        _ => $"first recorded step at the {(Direction == Direction.Falling ? "minimum" : "maximum")} {Label}",
    };
}
