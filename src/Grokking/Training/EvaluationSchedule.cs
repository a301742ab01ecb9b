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
