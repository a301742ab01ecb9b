using Grokking.Training;

namespace Grokking.Experiments;

/// <summary>
/// An experiment kind ("sparse-recovery", ...): its parameters, and how a spec becomes a trainable problem.
/// Everything a run needs beyond the loop itself (grokking-time rules, theory) comes back in <see cref="PreparedRun"/>.
/// </summary>
public interface IExperiment
{
    string Name { get; }
    string Summary { get; }
    ParameterSchema Schema { get; }

    /// <summary>Every metric its runs can record (metrics.csv's <c>metric</c> column), described for users.</summary>
    IReadOnlyList<MetricInfo> Metrics { get; }

    /// <summary>Builds data and parameters and checks the conditions that need the data (e.g. the step-size
    /// bound); throws <see cref="SpecException"/> before anything is written.</summary>
    PreparedRun Prepare(RunSpec spec);
}

/// <summary>A problem bound to its method, schedule and analysis, ready for <see cref="Trainer.Run"/>.</summary>
public sealed class PreparedRun
{
    public required ITrainable Trainable { get; init; }
    public required EvaluationSchedule Schedule { get; init; }
    public required long Steps { get; init; }
    /// <summary>Theory time of a step (alpha * t for a discretised gradient flow).</summary>
    public Func<long, double> TimeOf { get; init; } = t => t;
    public string TimeLabel { get; init; } = "t";
    /// <summary>Turns the finished record into t1/t2, final metrics and theory predictions.</summary>
    public required Func<MetricRecord, TrainingTiming, RunSummary> Summarise { get; init; }
    /// <summary>Threshold crossings a live display can report while training (e.g. t1: train error &lt;= 1e-3).</summary>
    public IReadOnlyList<LiveThreshold> LiveThresholds { get; init; } = [];
    /// <summary>The threads this run can use for its own parallel loops (default one); the runner grants them from its budget.</summary>
    public RunThreads Threads { get; init; } = new();
}
