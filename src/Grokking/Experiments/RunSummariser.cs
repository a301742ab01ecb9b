using Grokking.Analysis;
using Grokking.Training;

namespace Grokking.Experiments;

/// <summary>
/// The one summariser of every family: t1 and t2 by their <see cref="TimeRule"/>s, the last value of every recorded
/// metric as a final, the theory's predictions. Families only say which metrics are per-component series (no final),
/// which scoped series give one final per scope (<c>sigma_3</c>), and which metrics to read at t2.
/// </summary>
public sealed class RunSummariser
{
    public required TimeRule T1 { get; init; }
    public required TimeRule T2 { get; init; }
    /// <summary>Recorded series that have no final value (per-component trajectories).</summary>
    public IReadOnlyCollection<string> NotFinal { get; init; } = [];
    /// <summary>Scoped series whose last value per scope is a final named <c>metric_scope</c>.</summary>
    public IReadOnlyCollection<string> FinalPerScope { get; init; } = [];
    /// <summary>Metrics whose value at the t2 record is a final named <c>metric_at_t2</c>.</summary>
    public IReadOnlyCollection<string> AtT2 { get; init; } = [];
    /// <summary>Adds the theory's predictions (step bound, predicted delay, ...).</summary>
    public Action<IDictionary<string, double>>? Theory { get; init; }

    public Func<MetricRecord, TrainingTiming, RunSummary> For(RunSpec spec) => (record, timing) => Summarise(spec, record, timing);

    public RunSummary Summarise(RunSpec spec, MetricRecord record, TrainingTiming timing)
    {
        var t2 = T2.Detect(record);
        var summary = new RunSummary
        {
            Id = spec.Id, Kind = spec.Kind, Steps = timing.Steps,
            T1 = T1.Detect(record)?.Step, T2 = t2?.Step,
            T1Rule = T1.Describe(), T2Rule = T2.Describe(),
            SteppingSeconds = timing.SteppingSeconds,
        };
        foreach (var name in record.MetricNames)
        {
            if (FinalPerScope.Contains(name))
                foreach (int i in record.Scopes(name)) summary.Final[$"{name}_{i}"] = record.Series(name, i).Values[^1];
            else if (!NotFinal.Contains(name))
                summary.Final[name] = record.Last(name);
        }
        if (t2 is { } d)
            foreach (var name in AtT2)
                if (record.Has(name)) summary.Final[$"{name}_at_t2"] = record.Series(name).Values[d.Index];
        Theory?.Invoke(summary.Theory);
        return summary;
    }
}
