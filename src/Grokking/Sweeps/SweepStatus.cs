using Grokking.Store;

namespace Grokking.Sweeps;

/// <summary>Where each run of a sweep stands, from the store alone (no scheduler is asked).</summary>
public sealed record SweepStatus(SweepPlan Plan, IReadOnlyList<(PlannedRun Run, StoredRun? Stored, string State)> Runs)
{
    public const string Done = "done", Running = "running", Crashed = "crashed", Failed = "failed", Pending = "pending";

    public int Count(string state) => Runs.Count(r => r.State == state);
    public bool Complete => Runs.All(r => r.State == Done);

    public static SweepStatus Of(SweepPlan plan, IRunStore store)
    {
        var stored = store.Get(plan.Runs.Select(r => r.Spec.Id));
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = plan.Runs.Select(r =>
        {
            var s = stored.GetValueOrDefault(r.Spec.Id);
            string state = s?.State switch
            {
                null or RunState.Pending => Pending,
                RunState.Done => Done,
                RunState.Failed => Failed,
                // a running row whose owner is gone: it will be retried by the next sweep
                RunState.Running => s.IsCrashed(now, store.Lease) ? Crashed : Running,
                _ => Pending,
            };
            return (r, s, state);
        }).ToList();
        return new SweepStatus(plan, rows);
    }

    /// <summary>Done runs that diverged: finished (not retried), with records up to the divergence.</summary>
    public int Diverged => Runs.Count(r => r.State == Done && r.Stored?.DivergedAtStep is not null);

    /// <summary>"12 runs: 8 done, 1 running, 1 failed, 2 pending" (crashed and diverged only when there are any).</summary>
    public string Headline()
    {
        string crashed = Count(Crashed) > 0 ? $", {Count(Crashed)} crashed (will be retried)" : "";
        string diverged = Diverged is > 0 and var d ? $" ({d} diverged)" : "";
        return $"sweep {Plan.Name}: {Runs.Count} runs: {Count(Done)} done{diverged}, {Count(Running)} running, {Count(Failed)} failed, {Count(Pending)} pending{crashed}";
    }
}
