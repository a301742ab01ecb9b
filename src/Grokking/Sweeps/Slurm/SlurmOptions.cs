namespace Grokking.Sweeps.Slurm;

/// <summary>What `grok sweep --slurm` asks of the scheduler. Null fields are left to the cluster's defaults.</summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }
    /// <summary>At most this many array tasks at once (the %M of --array).</summary>
    public int? ArrayLimit { get; init; }
    /// <summary>Wall-clock limit per task, in Slurm's syntax (e.g. 30, 1:00:00, 1-00:00:00).</summary>
    public string? Time { get; init; }
    public int CpusPerTask { get; init; } = 1;
    /// <summary>Array tasks: the sweep's work items (batches and single runs) are dealt round robin into this many slices
    /// (default: one per work item).</summary>
    public int? Tasks { get; init; }
    /// <summary>Block until every task has ended (sbatch --wait).</summary>
    public bool Wait { get; init; }
}
