using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Problems.Sensing;

/// <summary>
/// One cell of a convex-programming grid (all trials of one (tau, s, N) or (tau, r, N)) as a run: "training" solves the
/// trials in order, one per step, and records each trial's numbers at the step that finished it (trial k at step
/// k + 1), so metrics.csv holds every trial and a killed sweep loses at most the cells in flight. Each trial has its
/// own seeded streams, so the numbers do not depend on which process, thread or grid ran the cell.
/// </summary>
public sealed class TrialCell : ITrainable
{
    /// <summary>Solves trial <c>k</c> and writes its values, one per metric name, into the span.</summary>
    public delegate void Solve(int trial, Span<double> values);

    private readonly string[] _metrics;
    private readonly Solve _solve;
    private readonly double[] _values;   // trials x metrics, filled as the trials are solved
    private int[] _ids = [];
    private int _solved, _recorded;

    public TrialCell(int trials, IReadOnlyList<string> metrics, Solve solve)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        Trials = trials;
        _metrics = [.. metrics];
        _solve = solve;
        _values = new double[trials * _metrics.Length];
    }

    public int Trials { get; }

    public IReadOnlyList<string> HeadlineMetrics => [_metrics[0]];

    public int RowsPerRecord => _metrics.Length;

    public void Advance(long steps)
    {
        for (long s = 0; s < steps && _solved < Trials; s++, _solved++)
            _solve(_solved, _values.AsSpan(_solved * _metrics.Length, _metrics.Length));
    }

    public void RegisterMetrics(MetricRecord record) => _ids = _metrics.Select(record.Register).ToArray();

    public void Record(long step, MetricRecord record)
    {
        for (; _recorded < _solved; _recorded++)
            for (int m = 0; m < _metrics.Length; m++)
                record.Add(_recorded + 1, _ids[m], _values[_recorded * _metrics.Length + m]);
    }

    public bool IsFinite() => true; // a trial's error may be anything; there are no parameters to diverge

    /// <summary>One trial per step, every step recorded.</summary>
    public static EvaluationSchedule Schedule { get; } = EvaluationSchedule.DenseThenEvery(0, 1);

    /// <summary>The metric's value for every trial, in trial order, from a cell's record (live or read back).</summary>
    public static double[] Values(MetricRecord record, string metric) => record.Series(metric).Values;

    /// <summary>The summary of a cell: no grokking times; the steps are the trials, the final values the cell's means.</summary>
    public static RunSummary Summarise(RunSpec spec, TrainingTiming timing, SortedDictionary<string, double> final) => new()
    {
        Id = spec.Id, Kind = spec.Kind, Steps = timing.Steps, SteppingSeconds = timing.SteppingSeconds, Final = final,
    };
}
