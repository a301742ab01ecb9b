using System.Diagnostics;

namespace Grokking.Training;

/// <summary>A snapshot for live displays, produced at recorded steps only. <see cref="Marks"/>[k] is the step at
/// which live threshold k was first crossed, or -1. The arrays are reused between calls: copy to keep.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double ElapsedSeconds,
    IReadOnlyList<string> Names, double[] Values, IReadOnlyList<LiveThreshold> Thresholds, long[] Marks);

/// <summary>"<paramref name="Label"/> is the first recorded step where headline metric
/// <paramref name="HeadlineIndex"/> is &lt;= <paramref name="Threshold"/>" (e.g. t1: train error &lt;= 1e-3).</summary>
public sealed record LiveThreshold(string Label, int HeadlineIndex, double Threshold);

/// <summary>Training stopped because the parameters stopped being finite.</summary>
public sealed class DivergenceException(long step, long lastFiniteStep)
    : Exception($"training diverged: NaN or Inf in the parameters at step {step} (last finite record at step {lastFiniteStep}); lower the step size or the init scale")
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

/// <summary>The step loop: record step 0, then alternate "advance to the next recorded step" and "record".</summary>
public static class Trainer
{
    public static TrainingTiming Run(ITrainable run, EvaluationSchedule schedule, long steps, MetricRecord record,
        Action<TrainingProgress>? progress = null, IReadOnlyList<LiveThreshold>? thresholds = null,
        CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        run.RegisterMetrics(record);
        record.Reserve(schedule.Count(steps) * run.RowsPerRecord);
        var headline = run.HeadlineMetrics;
        var headlineIds = headline.Select(record.Register).ToArray();
        var values = new double[headline.Count];
        thresholds ??= [];
        var marks = new long[thresholds.Count];
        Array.Fill(marks, -1L);

        var stepping = new Stopwatch();
        var recording = Stopwatch.StartNew();
        long t = 0, lastFinite = 0;
        run.Record(0, record);
        recording.Stop();
        Report(0);
        while (t < steps)
        {
            cancel.ThrowIfCancellationRequested();
            long next = schedule.Next(t, steps);
            stepping.Start();
            run.Advance(next - t);
            stepping.Stop();
            t = next;
            recording.Start();
            bool finite = run.IsFinite();
            if (finite) run.Record(t, record);
            recording.Stop();
            if (!finite) throw new DivergenceException(t, lastFinite);
            lastFinite = t;
            Report(t);
        }
        return new TrainingTiming(steps, stepping.Elapsed.TotalSeconds, recording.Elapsed.TotalSeconds);

        void Report(long step)
        {
            if (progress is null) return;
            for (int i = 0; i < values.Length; i++) values[i] = record.LastById(headlineIds[i]);
            for (int k = 0; k < marks.Length; k++)
                if (marks[k] < 0 && values[thresholds[k].HeadlineIndex] <= thresholds[k].Threshold) marks[k] = step;
            progress(new TrainingProgress(step, steps, stepping.Elapsed.TotalSeconds + recording.Elapsed.TotalSeconds,
                headline, values, thresholds, marks));
        }
    }
}
