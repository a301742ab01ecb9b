using System.Diagnostics;

namespace Grokking.Training;

/// <summary>
/// The step loop, for a batch of runs that advance together (one kernel call steps every run) and record
/// separately; a single run is a batch of one (<see cref="Trainer.Run"/>). Step 0 is recorded, then the loop
/// alternates "advance to the next recorded step" and "record". A run whose parameters stop being finite is
/// dropped from recording and reported in <see cref="BatchOutcome.Failures"/>; the others go on, and stepping
/// stops once none is left.
/// </summary>
public static class BatchTrainer
{
    /// <summary>The metric under which every family records the norm of its (sub)gradient; a run that ends with it
    /// NaN or Inf is a divergence even where the parameters stayed finite.</summary>
    public const string GradientNorm = "grad_norm";

    public sealed record BatchOutcome(TrainingTiming Timing, DivergenceException?[] Failures);

    public static BatchOutcome Run(IReadOnlyList<ITrainable> runs, Action<long> advance, EvaluationSchedule schedule,
        long steps, IReadOnlyList<MetricRecord> records, Action<TrainingProgress>? progress = null,
        IReadOnlyList<LiveThreshold>? thresholds = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        int count = runs.Count;
        if (records.Count != count) throw new ArgumentException("one metric record per run");
        long recordsPerRun = schedule.Count(steps);
        for (int i = 0; i < count; i++)
        {
            runs[i].RegisterMetrics(records[i]);
            records[i].Reserve(recordsPerRun * runs[i].RowsPerRecord);
        }
        var failures = new DivergenceException?[count];
        var lastFinite = new long[count];
        var headline = runs[0].HeadlineMetrics;
        var headlineIds = headline.Select(records[0].Register).ToArray();
        var values = new double[headline.Count];
        thresholds ??= [];
        var marks = new long[thresholds.Count];
        Array.Fill(marks, -1L);
        int alive = count;

        var stepping = new Stopwatch();
        var recording = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) runs[i].Record(0, records[i]);
        recording.Stop();
        Report(0);
        long t = 0;
        while (t < steps && alive > 0)
        {
            cancel.ThrowIfCancellationRequested();
            long next = schedule.Next(t, steps);
            stepping.Start();
            advance(next - t);
            stepping.Stop();
            t = next;
            recording.Start();
            for (int i = 0; i < count; i++)
            {
                if (failures[i] is not null) continue;
                if (!runs[i].IsFinite()) { failures[i] = new DivergenceException(t, lastFinite[i]); alive--; continue; }
                runs[i].Record(t, records[i]);
                lastFinite[i] = t;
            }
            recording.Stop();
            Report(t);
        }
        // finite parameters so large that the gradient overflows (e.g. init-scale 1e308) never become NaN/Inf, yet the
        // run is as broken as one whose parameters did: a run that ENDS with a non-finite gradient norm diverged too.
        // Checked at the end only, so a run whose parameters overflow later keeps the step it has always been given;
        // and on the gradient norm, not on relative errors, which are Inf for a harmless zero denominator (y = 0)
        for (int i = 0; i < count; i++)
            if (failures[i] is null && OverflowedGradient(records[i]) is { } overflow) failures[i] = overflow;
        // the batch's stepping time is shared: each run is charged its share, so us/step stays per run-step
        return new BatchOutcome(new TrainingTiming(steps, stepping.Elapsed.TotalSeconds / count,
            recording.Elapsed.TotalSeconds / count), failures);

        // a run ending with a non-finite gradient norm: diverged from the first record of that final non-finite
        // stretch (the last finite record is the one before it, -1 if none)
        static DivergenceException? OverflowedGradient(MetricRecord record)
        {
            if (!record.Has(GradientNorm) || double.IsFinite(record.Last(GradientNorm))) return null;
            var (steps, values) = record.Series(GradientNorm);
            int first = values.Length - 1;
            while (first > 0 && !double.IsFinite(values[first - 1])) first--;
            return new DivergenceException(steps[first], first > 0 ? steps[first - 1] : -1, "the gradient norm");
        }

        // live display: the first run's headline metrics and threshold crossings, at recorded steps only
        void Report(long step)
        {
            if (progress is null) return;
            for (int k = 0; k < values.Length; k++) values[k] = records[0].LastById(headlineIds[k]);
            for (int k = 0; k < marks.Length; k++)
                if (marks[k] < 0 && values[thresholds[k].HeadlineIndex] <= thresholds[k].Threshold) marks[k] = step;
            progress(new TrainingProgress(step, steps, stepping.Elapsed.TotalSeconds + recording.Elapsed.TotalSeconds,
                headline, values, thresholds, marks));
        }
    }
}
