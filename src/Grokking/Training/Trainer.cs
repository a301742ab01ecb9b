
namespace Grokking.Training;

/// <summary>A snapshot for live displays, produced at recorded steps only. <see cref="Marks"/>[k] is the step at
/// which live threshold k was first crossed, or -1. The arrays are reused between calls: copy to keep.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double ElapsedSeconds,
    IReadOnlyList<string> Names, double[] Values, IReadOnlyList<LiveThreshold> Thresholds, long[] Marks);

/// <summary>"<paramref name="Label"/> is the first recorded step where headline metric
/// <paramref name="HeadlineIndex"/> is &lt;= <paramref name="Threshold"/>" (e.g. t1: train error &lt;= 1e-3).</summary>
public sealed record LiveThreshold(string Label, int HeadlineIndex, double Threshold);

/// <summary>Training stopped because the parameters stopped being finite, or ended with <paramref name="metric"/>
/// (the gradient norm) NaN or Inf although the parameters stayed finite (they are so large that it overflows).</summary>
public sealed class DivergenceException(long step, long lastFiniteStep, string? metric = null)
    : Exception(metric is null
        ? $"training diverged: NaN or Inf in the parameters at step {step} (last finite record at step {lastFiniteStep}); lower the step size or the init scale"
        : $"training diverged: {metric} is NaN or Inf from step {step} on ({(lastFiniteStep >= 0 ? $"last finite record at step {lastFiniteStep}" : "no finite record")}), the parameters too large to use; lower the step size or the init scale")
{
    public long Step { get; } = step;
    public long LastFiniteStep { get; } = lastFiniteStep;
}

/// <summary>Timing of a finished training loop.</summary>
public readonly record struct TrainingTiming(long Steps, double SteppingSeconds, double RecordingSeconds)
{
    public double StepsPerSecond => SteppingSeconds > 0 ? Steps / SteppingSeconds : double.PositiveInfinity;
    public double MicrosecondsPerStep => Steps > 0 ? SteppingSeconds * 1e6 / Steps : 0;
}

/// <summary>The step loop of one run (see <see cref="BatchTrainer"/>, which it shares).</summary>
public static class Trainer
{
    /// <summary>One run: a batch of one that stops at the first non-finite parameter.</summary>
    public static TrainingTiming Run(ITrainable run, EvaluationSchedule schedule, long steps, MetricRecord record,
        Action<TrainingProgress>? progress = null, IReadOnlyList<LiveThreshold>? thresholds = null,
        CancellationToken cancel = default)
    {
        var outcome = BatchTrainer.Run([run], run.Advance, schedule, steps, [record], progress, thresholds, cancel);
        if (outcome.Failures[0] is { } diverged) throw diverged;
        return outcome.Timing;
    }
}
