namespace Grokking.Training;

/// <summary>
/// Which steps are evaluated and recorded. Step 0 (the initial point) and the final step are always
/// recorded. The trainer asks for the next recorded step and runs the steps in between without any
/// per-step branching.
/// </summary>
public abstract class EvaluationSchedule
{
    /// <summary>The first recorded step strictly after <paramref name="step"/>, capped at <paramref name="last"/>.</summary>
    public abstract long Next(long step, long last);

    /// <summary>Number of recorded steps in [0, last] (used to size the metric buffers up front).</summary>
    public long Count(long last)
    {
        long n = 1;
        for (long t = 0; t < last; t = Next(t, last)) n++;
        return n;
    }

    /// <summary>All recorded steps in [0, last].</summary>
    public IEnumerable<long> Steps(long last)
    {
        yield return 0;
        for (long t = 0; t < last;) { t = Next(t, last); yield return t; }
    }

    /// <summary>The reference code's rule: every step below <paramref name="first"/>, then every
    /// <paramref name="every"/> (t % every == 0). Spec B.0.5: eval_first = eval_step = 1000 records 0..999 and
    /// every 1000; the networks' trainer (§C) is DenseThenEvery(101, 10).</summary>
    public static EvaluationSchedule DenseThenEvery(long first, long every) => new DenseThenEverySchedule(first, every);

    /// <summary>The reference's rule up to <paramref name="logAfter"/>, then <paramref name="perDecade"/> records per
    /// decade on multiples of <paramref name="every"/>: same records (and detected times) as the reference below
    /// the cut-over, 1e8-step runs stay small above it.</summary>
    public static EvaluationSchedule DenseThenEveryThenLog(long first, long every, long logAfter, int perDecade) =>
        logAfter <= 0 ? new DenseThenEverySchedule(first, every) : new ThenLogSchedule(new DenseThenEverySchedule(first, every), every, logAfter, perDecade);

    /// <summary>About <paramref name="points"/> log-spaced steps between 1 and the last step.</summary>
    public static EvaluationSchedule LogSpaced(int points) => new LogSpacedSchedule(points);

    private sealed class DenseThenEverySchedule : EvaluationSchedule
    {
        private readonly long _first, _every;

        public DenseThenEverySchedule(long first, long every)
        {
            if (first < 0) throw new ArgumentOutOfRangeException(nameof(first), "eval-first must be >= 0");
            if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), "eval-every must be >= 1");
            (_first, _every) = (first, every);
        }

        public override long Next(long step, long last)
        {
            long t = step + 1;
            if (t >= _first && t % _every != 0) t = (t / _every + 1) * _every;
            return Math.Min(t, last);
        }

        public override string ToString() => $"every step below {_first}, then every {_every}";
    }

    private sealed class ThenLogSchedule(EvaluationSchedule dense, long every, long logAfter, int perDecade) : EvaluationSchedule
    {
        private readonly double _ratio = Math.Pow(10, 1.0 / Math.Max(1, perDecade));

        public override long Next(long step, long last)
        {
            if (step < logAfter) return Math.Min(dense.Next(step, last), Math.Max(logAfter, step + 1));
            long t = (long)Math.Ceiling(step * _ratio / every) * every;
            return Math.Min(Math.Max(t, step + every), last);
        }

        public override string ToString() => $"{dense}, then {perDecade} per decade from step {logAfter}";
    }

    private sealed class LogSpacedSchedule : EvaluationSchedule
    {
        private readonly double _ratio;

        public LogSpacedSchedule(int points)
        {
            if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), "log schedule needs >= 2 points");
            // points per decade, fixed for any horizon: 10^(1/perDecade) growth between records
            _ratio = Math.Pow(10, 1.0 / points);
        }

        public override long Next(long step, long last) =>
            Math.Min(Math.Max(step + 1, (long)Math.Ceiling(step * _ratio)), last);

        public override string ToString() => $"log-spaced, ratio {_ratio:G4}";
    }
}
