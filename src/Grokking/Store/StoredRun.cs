using Grokking.Experiments;

namespace Grokking.Store;

/// <summary>One run as the store sees it: state, owner, attempts and (when done) the headline results.</summary>
public sealed record StoredRun
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string SpecJson { get; init; }
    public required RunState State { get; init; }
    public int Attempts { get; init; }
    public RunOwner? Owner { get; init; }
    public long? HeartbeatMs { get; init; }
    public long? FinishedMs { get; init; }
    public string? Error { get; init; }
    public string? Directory { get; init; }
    public long? Steps { get; init; }
    public long? T1 { get; init; }
    public long? T2 { get; init; }
    public double? WallSeconds { get; init; }
    public string? SummaryJson { get; init; }

    /// <summary>Where a done run diverged (from its summary), or null: a diverged run is done, its result is the divergence.</summary>
    public long? DivergedAtStep => SummaryJson is null ? null : RunSummary.FromJson(SummaryJson).DivergedAtStep;

    /// <summary>A running row whose owner died (same host) or stopped renewing its lease: it will be retried.</summary>
    public bool IsCrashed(long nowMs, TimeSpan lease) =>
        State == RunState.Running
        && ((Owner?.IsDeadOnThisHost() ?? true) || HeartbeatMs is not long hb || nowMs - hb > (long)lease.TotalMilliseconds);
}

/// <summary>One claim of a run (a row of the attempts table): who ran it, when, and how it ended.</summary>
public sealed record RunAttempt(string RunId, int Attempt, string Host, int Pid, long StartedMs, long? EndedMs,
    string Outcome, string? Error);

/// <summary>Proof that this process holds a run: only the holder of the token can commit or fail it.</summary>
public sealed record RunClaim(string RunId, string Token, int Attempt, RunOwner Owner);

internal static class StoreClock
{
    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
