using Grokking.Experiments;

namespace Grokking.Store;

/// <summary>
/// The index of runs: which runs exist, who is running what, and the results of finished ones. SQLite and
/// PostgreSQL implement the same schema and the same state machine; the run directories stay the
/// human-readable artefacts and the store only points at them.
/// </summary>
public interface IRunStore : IDisposable
{
    /// <summary>What the store is ("sqlite /path/lab.db", "postgres host:port/db"), for messages.</summary>
    string Description { get; }

    /// <summary>How long a running claim stays valid without a heartbeat before another process may retry it.</summary>
    TimeSpan Lease { get; }

    /// <summary>Adds the runs as pending where they are new (idempotent) and records them as members of
    /// <paramref name="sweep"/> in the given order.</summary>
    void Register(string sweep, IReadOnlyList<RunSpec> specs);

    /// <summary>Atomically takes a run that is pending, failed, or running under a dead owner or an expired
    /// lease. Null when it is done, or held by a live process.</summary>
    RunClaim? TryClaim(RunSpec spec, RunOwner owner);

    /// <summary>Puts a done run back to pending (its summary dropped) when its directory turned out unreadable, so
    /// that the next claim redoes it. False when the run is not done.</summary>
    bool Reopen(string runId);

    /// <summary>Renews the lease of claims still held; returns how many were renewed.</summary>
    int Heartbeat(IEnumerable<RunClaim> claims);

    /// <summary>Marks the run done with its summary, in one transaction, after its directory is in place.
    /// False when the claim was lost (its lease expired and another process took the run).</summary>
    bool Commit(RunClaim claim, RunSummary summary, string directory);

    /// <summary>Marks the run failed with a one-line reason. False when the claim was lost.</summary>
    bool Fail(RunClaim claim, string error);

    /// <summary>The stored rows of these ids (absent ids are simply missing from the result).</summary>
    IReadOnlyDictionary<string, StoredRun> Get(IEnumerable<string> ids);

    /// <summary>Every run of a sweep, in sweep order; every run in the store when <paramref name="sweep"/> is null.</summary>
    IReadOnlyList<StoredRun> List(string? sweep = null);

    /// <summary>The claim history of one run, oldest first.</summary>
    IReadOnlyList<RunAttempt> Attempts(string runId);

    /// <summary>Applied schema versions, ascending.</summary>
    IReadOnlyList<int> SchemaVersions();
}
