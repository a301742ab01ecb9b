using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Training;

namespace Grokking.Runs;

/// <summary>A finished (or reused) run: its spec, metrics, summary and directory. A diverged run is finished too:
/// its metrics stop at its last finite record and <see cref="DivergedAtStep"/> says where it stopped.</summary>
public sealed record RunResult(RunSpec Spec, MetricRecord Record, RunSummary Summary, string Directory, bool Reused)
{
    public long? DivergedAtStep => Summary.DivergedAtStep;
    public bool Diverged => Summary.Diverged;
}

/// <summary>
/// Executes one run end to end: prepare (validates against the data), train, detect t1/t2, write the run
/// directory atomically with its plots. Reuses a directory that already holds a finished run of the same spec.
/// In a sweep or a figure (<c>keepDiverged</c>), a run that diverges is written as well, summarised over its finite
/// records and marked with the step where it diverged: divergence is deterministic, so it is a result to keep (and
/// show beside the others), not a failure to retry. A lone run (`grok run`) throws instead and writes nothing.
/// </summary>
public static class RunExecutor
{
    /// <summary>Plots to add to a run directory (e.g. the run's standard chart); given the temp directory.</summary>
    public delegate void PlotWriter(string directory, RunSpec spec, MetricRecord record, RunSummary summary);

    public static RunResult Execute(RunSpec spec, string directory, bool reuse = true,
        Action<TrainingProgress>? progress = null, PlotWriter? plots = null, CancellationToken cancel = default,
        bool keepDiverged = false, ThreadBudget? threads = null)
    {
        if (reuse && RunDirectory.IsComplete(directory, spec))
        {
            var (rec, sum) = RunDirectory.Load(directory);
            return new RunResult(spec, rec, sum, directory, Reused: true);
        }

        var wall = Stopwatch.StartNew();
        var prepared = ExperimentCatalog.Get(spec.Kind).Prepare(spec);
        var record = new MetricRecord { TimeOf = prepared.TimeOf, TimeLabel = prepared.TimeLabel };
        BatchTrainer.BatchOutcome outcome;
        using (Hold(threads, [prepared.Threads], cancel))
            outcome = BatchTrainer.Run([prepared.Trainable], prepared.Trainable.Advance, prepared.Schedule, prepared.Steps,
                [record], progress, prepared.LiveThresholds, cancel);
        if (outcome.Failures[0] is { } diverged && !keepDiverged) throw diverged;
        var summary = Summarise(prepared, record, outcome.Timing, outcome.Failures[0]);
        summary.WallSeconds = wall.Elapsed.TotalSeconds;
        RunDirectory.Write(directory, spec, record, summary,
            plots is null ? null : tmp => plots(tmp, spec, record, summary));
        return new RunResult(spec, record, summary, directory, Reused: false);
    }

    /// <summary>
    /// Executes specs that share a batch key as one batched problem and writes one run directory per spec.
    /// Returns one result per spec (null for a run whose directory could not be written, with its exception in
    /// <paramref name="errors"/>); a run that diverged is a result, as in <see cref="Execute"/>.
    /// </summary>
    public static RunResult?[] ExecuteBatch(IBatchableExperiment experiment, IReadOnlyList<RunSpec> specs,
        IReadOnlyList<string> directories, Exception?[] errors, Action<TrainingProgress>? progress = null,
        PlotWriter? plots = null, CancellationToken cancel = default, ThreadBudget? threads = null)
    {
        var wall = Stopwatch.StartNew();
        var batch = experiment.PrepareBatch(specs);
        var runs = batch.Runs;
        var records = runs.Select(r => new MetricRecord { TimeOf = r.TimeOf, TimeLabel = r.TimeLabel }).ToArray();
        BatchTrainer.BatchOutcome outcome;
        using (Hold(threads, runs.Select(r => r.Threads).ToArray(), cancel))
            outcome = BatchTrainer.Run(runs.Select(r => r.Trainable).ToArray(), batch.Advance, runs[0].Schedule,
                runs[0].Steps, records, progress, runs[0].LiveThresholds, cancel);
        var results = new RunResult?[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            var summary = Summarise(runs[i], records[i], outcome.Timing, outcome.Failures[i]);
            summary.WallSeconds = wall.Elapsed.TotalSeconds / specs.Count;
            var (spec, record) = (specs[i], records[i]);
            try
            {
                RunDirectory.Write(directories[i], spec, record, summary,
                    plots is null ? null : tmp => plots(tmp, spec, record, summary));
                results[i] = new RunResult(spec, record, summary, directories[i], Reused: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors[i] = e; // one run that cannot be written must not cost the others theirs
            }
        }
        return results;
    }

    /// <summary>
    /// Takes the threads the run (or batch) asks for from the runner's budget, waiting until they are free, and grants
    /// them to the run for its parallel loops; disposing the lease gives them back. Without a budget (a lone run) the
    /// run may use up to one thread per core.
    /// </summary>
    private static ThreadBudget.Lease Hold(ThreadBudget? budget, IReadOnlyList<RunThreads> threads, CancellationToken cancel)
    {
        budget ??= ThreadBudget.ForJobs(0);
        var lease = budget.Acquire(threads.Max(t => t.Requested), cancel);
        foreach (var t in threads) t.Grant(Math.Min(lease.Count, t.Requested));
        return lease;
    }

    /// <summary>The run's summary; a diverged run is summarised over its finite records and counts the steps it ran.</summary>
    private static RunSummary Summarise(PreparedRun run, MetricRecord record, TrainingTiming timing, DivergenceException? diverged)
    {
        if (diverged is null) return run.Summarise(record, timing);
        var summary = run.Summarise(record, timing with { Steps = diverged.Step });
        summary.DivergedAtStep = diverged.Step;
        return summary;
    }
}
