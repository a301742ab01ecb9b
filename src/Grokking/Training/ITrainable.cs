namespace Grokking.Training;

/// <summary>
/// A problem bound to a method, ready to step: owns its parameters and every buffer it needs, so
/// <see cref="Advance"/> allocates nothing. The trainer drives it; it knows nothing about files or plots.
/// </summary>
public interface ITrainable
{
    /// <summary>Runs <paramref name="steps"/> optimisation steps in place. Implementations loop internally so a
    /// fused kernel pays no per-step virtual call.</summary>
    void Advance(long steps);

    /// <summary>Registers the metric names it records (called once, before training).</summary>
    void RegisterMetrics(MetricRecord record);

    /// <summary>Evaluates the current parameters and appends the metrics of <paramref name="step"/>.</summary>
    void Record(long step, MetricRecord record);

    /// <summary>Rows appended by one <see cref="Record"/> call (to size the record up front).</summary>
    int RowsPerRecord { get; }

    /// <summary>False once a parameter is NaN or infinite.</summary>
    bool IsFinite();

    /// <summary>The headline metrics shown live (e.g. train and recovery error), recorded at each record step.</summary>
    IReadOnlyList<string> HeadlineMetrics { get; }
}
