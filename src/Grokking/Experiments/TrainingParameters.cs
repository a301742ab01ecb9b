using Grokking.Analysis;
using Grokking.Training;

namespace Grokking.Experiments;

/// <summary>A family's defaults for the shared training parameters (<see cref="TrainingParameters"/>).</summary>
public sealed record TrainingDefaults
{
    public required long Steps { get; init; }
    public required long EvalFirst { get; init; }
    public required long EvalEvery { get; init; }
    /// <summary>Adds eval-log-after / eval-per-decade: after a step, records log-spaced (long horizons).</summary>
    public bool LogSpacedTail { get; init; }
    public required double TrainThreshold { get; init; }
    public required double TestThreshold { get; init; }
    /// <summary>What the train and test metrics are called in help texts ("relative train error").</summary>
    public string TrainLabel { get; init; } = "train error";
    public string TestLabel { get; init; } = "test error";
    /// <summary>Adds a t1-rule choice (threshold or plateau); without it t1 is always the threshold rule.</summary>
    public bool T1RuleChoice { get; init; }
    /// <summary>The largest init seed (numpy accepts 0 .. 2^32 - 1; some families keep int range).</summary>
    public long MaxInitSeed { get; init; } = uint.MaxValue;
    /// <summary>Which way the thresholded metrics improve (accuracies rise); pass the same to <see cref="TrainingParameters.T1"/>
    /// and <see cref="TrainingParameters.T2"/>.</summary>
    public Direction Direction { get; init; } = Direction.Falling;
}

/// <summary>
/// The training parameters every experiment family shares, with one name and one meaning everywhere: the horizon
/// (<c>steps</c>), the evaluation schedule (<c>eval-first</c>, <c>eval-every</c>, optionally <c>eval-log-after</c> and
/// <c>eval-per-decade</c>), the init seed and the grokking-time rules (<c>train-threshold</c>, <c>test-threshold</c>,
/// <c>t1-rule</c>, <c>t2-rule</c>). A family lists <see cref="Group"/> in its schema with its own defaults and reads them back
/// with <see cref="Schedule"/>, <see cref="T1"/> and <see cref="T2"/>.
/// </summary>
public static class TrainingParameters
{
    public static IEnumerable<Parameter> Group(TrainingDefaults d)
    {
        yield return Parameter.Int("steps", d.Steps, "number of training steps", min: 1, max: 10_000_000_000);
        yield return Parameter.Int("eval-first", d.EvalFirst, "record every step below this", min: 0);
        yield return Parameter.Int("eval-every", d.EvalEvery, "then record every this many steps", min: 1);
        if (d.LogSpacedTail)
        {
            yield return Parameter.Int("eval-log-after", 0, "from this step on, record log-spaced (eval-per-decade per decade, on multiples of eval-every); 0 = never", min: 0);
            yield return Parameter.Int("eval-per-decade", 100, "records per decade after eval-log-after", min: 1, max: 10_000);
        }
        yield return Parameter.Int("init-seed", 0, "numpy seed of the random initialisation", min: 0, max: d.MaxInitSeed);
        string reaches = d.Direction == Direction.Rising ? ">=" : "<=";
        yield return Parameter.Real("train-threshold", d.TrainThreshold, $"t1 threshold: first recorded step with {d.TrainLabel} {reaches} this", min: 0, minExclusive: true);
        yield return Parameter.Real("test-threshold", d.TestThreshold, $"t2 threshold: first recorded step with {d.TestLabel} {reaches} this", min: 0, minExclusive: true);
        if (d.T1RuleChoice)
            yield return Parameter.Choice("t1-rule", "threshold", $"t1 detector: threshold (first step {reaches} train-threshold) or plateau (stable plateau K=3, 5 %, M=2)", "threshold", "plateau");
        yield return Parameter.Choice("t2-rule", "threshold", $"t2 detector: threshold (first step {reaches} test-threshold) or plateau (the reference's stable-plateau rule, K=3, 5 %, M=2)", "threshold", "plateau");
    }

    /// <summary>The evaluation schedule the spec asks for.</summary>
    public static EvaluationSchedule Schedule(RunSpec spec) =>
        spec.Values.ContainsKey("eval-log-after")
            ? EvaluationSchedule.DenseThenEveryThenLog(spec.Int("eval-first"), spec.Int("eval-every"), spec.Int("eval-log-after"), (int)spec.Int("eval-per-decade"))
            : EvaluationSchedule.DenseThenEvery(spec.Int("eval-first"), spec.Int("eval-every"));

    /// <summary>t1 on <paramref name="metric"/> (called <paramref name="label"/> in the summary) by the spec's rule.</summary>
    public static TimeRule T1(RunSpec spec, string metric, string label, Direction direction = Direction.Falling) =>
        Rule(spec, "t1-rule", metric, label, spec.Real("train-threshold"), direction);

    /// <summary>t2 on <paramref name="metric"/> by the spec's rule.</summary>
    public static TimeRule T2(RunSpec spec, string metric, string label, Direction direction = Direction.Falling) =>
        Rule(spec, "t2-rule", metric, label, spec.Real("test-threshold"), direction);

    /// <summary>Live crossings of the two thresholds (t1 on the first recorded metric, t2 on the second).</summary>
    public static IReadOnlyList<LiveThreshold> LiveThresholds(RunSpec spec) =>
        [new LiveThreshold("t1", 0, spec.Real("train-threshold")), new LiveThreshold("t2", 1, spec.Real("test-threshold"))];

    private static TimeRule Rule(RunSpec spec, string choice, string metric, string label, double threshold, Direction direction) =>
        spec.Values.TryGetValue(choice, out var rule) && (string)rule == "plateau"
            ? TimeRule.Plateau(metric, label)
            : new TimeRule(metric, label, TimeRuleKind.Threshold, threshold, direction);
}
