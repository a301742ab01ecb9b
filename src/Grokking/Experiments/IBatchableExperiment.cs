namespace Grokking.Experiments;

/// <summary>
/// An experiment whose runs can share one batched problem: runs that differ only in per-run values
/// (step size, penalty strengths, init) but share data, schedule and horizon step together, their parameters
/// the columns of one matrix, so the data products become GEMMs.
/// </summary>
public interface IBatchableExperiment : IExperiment
{
    /// <summary>Specs with the same key can run as one batch; null when this spec cannot be batched.</summary>
    string? BatchKey(RunSpec spec);

    /// <summary>Prepares specs that all share one <see cref="BatchKey"/>.</summary>
    PreparedBatch PrepareBatch(IReadOnlyList<RunSpec> specs);
}

/// <summary>
/// A batch ready to train: one <see cref="PreparedRun"/> per spec (same schedule and steps), whose trainable
/// records that run's column, and <see cref="Advance"/>, which steps every column at once.
/// </summary>
public sealed class PreparedBatch
{
    public required IReadOnlyList<PreparedRun> Runs { get; init; }
    public required Action<long> Advance { get; init; }
}
