using System.Collections.Concurrent;
using Grokking.Experiments;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Training;

namespace Grokking.Sweeps;

/// <summary>What happened to one run during a sweep pass.</summary>
public enum RunEventKind { Started, Done, Failed, Skipped }

/// <summary>A progress event; <see cref="Summary"/> is set for Done, <see cref="Error"/> for Failed.</summary>
public sealed record RunEvent(RunEventKind Kind, RunSpec Spec, RunSummary? Summary = null, string? Error = null, bool Reused = false);

public sealed record SweepRunOptions
{
    /// <summary>The thread budget: threads kept busy at once by the runs in flight (a run asks for its own number,
    /// one by default); 0 = one per core.</summary>
    public int Jobs { get; init; }
    /// <summary>Sweep name under which the runs are registered in the store (null: not registered as a sweep).</summary>
    public string? SweepName { get; init; }
    public Action<RunEvent>? OnEvent { get; init; }
    public RunExecutor.PlotWriter? Plots { get; init; }
    public CancellationToken Cancel { get; init; }
    /// <summary>Live training progress of the runs in flight (at recorded steps; a batch reports its first run).</summary>
    public Action<RunSpec, TrainingProgress>? Progress { get; init; }
    /// <summary>Step runs that share data as batched problems (default). Off: every run alone.</summary>
    public bool Batch { get; init; } = true;
    /// <summary>Without a store only: reuse complete run directories (default) or recompute them.</summary>
    public bool Reuse { get; init; } = true;
}

/// <summary>The counts of one pass. <see cref="Skipped"/>: already done, or held by another live process.</summary>
public sealed record SweepOutcome(int Total, int Completed, int Skipped, IReadOnlyList<(RunSpec Spec, string Error)> Failures)
{
    public bool Succeeded => Failures.Count == 0;
}

/// <summary>
/// Runs a list of specs against a store: each run is claimed in the store, executed into
/// <c>root/runs/&lt;id&gt;</c> (a complete directory left by a crash between rename and commit is reused),
/// then committed once. Runs that are done, or held by a live process, are skipped; failed and crashed runs
/// are retried. A run that diverges is done, not failed: its directory keeps the records up to the divergence and
/// its summary the step (the same spec diverges again, so a retry would only recompute the divergence).
/// Safe to run in many processes at once over the same runs (local jobs, Slurm tasks).
/// Work items (batches and single runs, <see cref="RunGrid.Plan"/>) run on one worker thread per thread of the
/// budget; each run takes the threads it asks for from the budget before it trains, so the runs in flight never
/// hold more threads than the budget has.
/// Figures call this with their specs to share finished runs with sweeps.
/// </summary>
public static class SweepRunner
{
    /// <summary>Registers the whole sweep in the store, then runs all of it or one slice (a Slurm array task). The
    /// batches are those of the whole sweep (<see cref="SweepPlan.Items"/>), so a slice steps its runs exactly as
    /// a local pass over the whole sweep would.</summary>
    public static SweepOutcome Run(SweepPlan plan, string root, IRunStore store, SweepRunOptions? options = null,
        (int Task, int Tasks)? slice = null)
    {
        var items = slice is { } s ? plan.SliceItems(s.Task, s.Tasks) : plan.Items; // validates the slice before any write
        store.Register(plan.Name, plan.Specs);
        return RunItems(plan.Specs, items, root, store, (options ?? new SweepRunOptions()) with { SweepName = null });
    }

    /// <summary>
    /// Runs the specs not done yet. With a store, each run is claimed and committed there; without one
    /// (<paramref name="store"/> null) a complete run directory counts as done (unless Reuse is off). Runs that
    /// share data are stepped as batches planned by <see cref="RunGrid.Plan"/>, which depends on the runs alone,
    /// never on --jobs, so every run's numbers are the same whatever the parallelism.
    /// </summary>
    public static SweepOutcome Run(IReadOnlyList<RunSpec> specs, string root, IRunStore? store, SweepRunOptions? options = null)
    {
        options ??= new SweepRunOptions();
        var distinct = specs.DistinctBy(s => s.Id).ToList();
        if (store is not null && options.SweepName is { } name) store.Register(name, distinct);
        return RunItems(distinct, RunGrid.Plan(distinct, Enumerable.Range(0, distinct.Count).ToArray(), batch: true), root, store, options);
    }

    /// <summary>Runs the work items (indices into <paramref name="specs"/>, batches planned over the whole list).
    /// A planned batch stays batched when only some of its runs are left (a resumed sweep): its runs then step in the
    /// batched kernel as they would have with the others, and get the same numbers.</summary>
    private static SweepOutcome RunItems(IReadOnlyList<RunSpec> specs, IReadOnlyList<int[]> planned, string root, IRunStore? store,
        SweepRunOptions options)
    {
        // --no-batch: the same items, every run alone
        var items = options.Batch ? planned : planned.SelectMany(item => item.Select(i => new[] { i })).ToList();
        var held = new ConcurrentDictionary<string, RunClaim>(StringComparer.Ordinal);
        var failures = new ConcurrentBag<(RunSpec, string)>();
        int completed = 0, skipped = 0;
        // renew the leases of the runs in flight, so other processes do not take them over
        var period = store is null ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Max(store.Lease.Ticks / 4, TimeSpan.FromSeconds(1).Ticks));
        using var heartbeat = new Timer(_ => { if (store is not null) RenewLeases(store, held); }, null, period, period);

        var budget = ThreadBudget.ForJobs(options.Jobs);
        // one worker per thread of the budget: every run needs at least one, and runs asking for more wait in the budget
        WorkerPool.ForEach(items, budget.Total, item =>
        {
            // claim what this item can take; the rest is done or held by another live process
            var mine = new List<(RunSpec Spec, RunClaim? Claim)>();
            foreach (int i in item)
            {
                var spec = specs[i];
                RunClaim? claim = null;
                bool take = store is null
                    ? !(options.Reuse && RunDirectory.IsComplete(RunGrid.RunDirectoryOf(root, spec), spec))
                    : (claim = store.TryClaim(spec, RunOwner.Current)) is not null;
                if (!take)
                {
                    Interlocked.Increment(ref skipped);
                    options.OnEvent?.Invoke(new RunEvent(RunEventKind.Skipped, spec));
                    continue;
                }
                if (claim is not null) held[spec.Id] = claim;
                options.OnEvent?.Invoke(new RunEvent(RunEventKind.Started, spec));
                RunDirectory.RemoveStaleTemporaries(RunGrid.RunDirectoryOf(root, spec)); // a kill -9 mid-write leaves one
                mine.Add((spec, claim));
            }
            // a directory completed by a crash between rename and commit is committed as it is
            var fresh = mine.Where(m => !(store is not null && RunDirectory.IsComplete(RunGrid.RunDirectoryOf(root, m.Spec), m.Spec))).ToList();
            foreach (var m in mine.Except(fresh)) Finish(m.Spec, m.Claim, () => RunExecutor.Execute(m.Spec, RunGrid.RunDirectoryOf(root, m.Spec), reuse: true, cancel: options.Cancel, keepDiverged: true));
            if (fresh.Count == 0) return;
            if (item.Length == 1)
            {
                var (spec, claim) = fresh[0];
                Finish(spec, claim, () => RunExecutor.Execute(spec, RunGrid.RunDirectoryOf(root, spec), reuse: false,
                    progress: options.Progress is { } report ? p => report(spec, p) : null, plots: options.Plots, cancel: options.Cancel,
                    keepDiverged: true, threads: budget));
                return;
            }
            var batchSpecs = fresh.Select(m => m.Spec).ToArray();
            var errors = new Exception?[batchSpecs.Length];
            RunResult?[] results;
            try
            {
                var experiment = (IBatchableExperiment)ExperimentCatalog.Get(batchSpecs[0].Kind);
                results = RunExecutor.ExecuteBatch(experiment, batchSpecs,
                    batchSpecs.Select(sp => RunGrid.RunDirectoryOf(root, sp)).ToArray(), errors,
                    progress: options.Progress is { } report ? p => report(batchSpecs[0], p) : null, plots: options.Plots,
                    cancel: options.Cancel, threads: budget);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results = new RunResult?[batchSpecs.Length];
                Array.Fill(errors, e);
            }
            catch (OperationCanceledException)
            {
                foreach (var m in fresh) Abandon(m.Spec, m.Claim);
                throw;
            }
            for (int k = 0; k < fresh.Count; k++)
            {
                var result = results[k];
                var error = errors[k];
                Finish(fresh[k].Spec, fresh[k].Claim, () => result ?? throw error ?? new InvalidOperationException("batch produced no result"));
            }
        }, options.Cancel);
        var order = specs.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var ordered = failures.OrderBy(f => order[f.Item1.Id]).ToList();
        return new SweepOutcome(items.Sum(item => item.Length), completed, skipped, ordered);

        // runs (or takes the result of) one run and commits it, or records its failure
        void Finish(RunSpec spec, RunClaim? claim, Func<RunResult> execute)
        {
            try
            {
                var result = execute();
                held.TryRemove(spec.Id, out _);
                if (store is not null && claim is not null && !store.Commit(claim, result.Summary, Path.GetFullPath(result.Directory)))
                    throw new InvalidOperationException("lost the claim (lease expired and another process took the run)");
                Interlocked.Increment(ref completed);
                options.OnEvent?.Invoke(new RunEvent(RunEventKind.Done, spec, result.Summary, Reused: result.Reused));
            }
            catch (OperationCanceledException)
            {
                Abandon(spec, claim);
                throw;
            }
            catch (Exception e)
            {
                held.TryRemove(spec.Id, out _);
                string error = Describe(e);
                if (store is not null && claim is not null) store.Fail(claim, error);
                failures.Add((spec, error));
                options.OnEvent?.Invoke(new RunEvent(RunEventKind.Failed, spec, Error: error));
            }
        }

        void Abandon(RunSpec spec, RunClaim? claim)
        {
            held.TryRemove(spec.Id, out _);
            if (store is not null && claim is not null) store.Fail(claim, "cancelled");
        }
    }

    private static void RenewLeases(IRunStore store, ConcurrentDictionary<string, RunClaim> held)
    {
        try { store.Heartbeat(held.Values.ToList()); }
        catch (Exception) { } // a missed beat only shortens the lease; the next one retries
    }

    /// <summary>One line: exception type (when not a plain input error) and message.</summary>
    public static string Describe(Exception e)
    {
        var inner = e is AggregateException { InnerException: { } i } ? i : e;
        string message = string.Join(' ', inner.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return inner is SpecException or DivergenceException ? message : $"{inner.GetType().Name}: {message}";
    }
}
