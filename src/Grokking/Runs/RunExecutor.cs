using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Training;

namespace Grokking.Runs;

/// <summary>A finished (or reused) run: its spec, metrics, summary and directory.</summary>
public sealed record RunResult(RunSpec Spec, MetricRecord Record, RunSummary Summary, string Directory, bool Reused);

/// <summary>
/// Executes one run end to end: prepare (validates against the data), train, detect t1/t2, write the run
/// directory atomically with its plots. Reuses a directory that already holds a finished run of the same spec.
/// </summary>
public static class RunExecutor
{
    /// <summary>Plots to add to a run directory (e.g. the run's standard chart); given the temp directory.</summary>
    public delegate void PlotWriter(string directory, RunSpec spec, MetricRecord record, RunSummary summary);

    public static RunResult Execute(RunSpec spec, string directory, bool reuse = true,
        Action<TrainingProgress>? progress = null, PlotWriter? plots = null, CancellationToken cancel = default)
    {
        if (reuse && RunDirectory.IsComplete(directory, spec))
        {
            var (rec, sum) = RunDirectory.Load(directory);
            return new RunResult(spec, rec, sum, directory, Reused: true);
        }

        var wall = Stopwatch.StartNew();
        var prepared = ExperimentCatalog.Get(spec.Kind).Prepare(spec);
        var record = new MetricRecord { TimeOf = prepared.TimeOf, TimeLabel = prepared.TimeLabel };
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record, progress,
            prepared.LiveThresholds, cancel);
        var summary = prepared.Summarise(record, timing);
        summary.WallSeconds = wall.Elapsed.TotalSeconds;
        RunDirectory.Write(directory, spec, record, summary,
            plots is null ? null : tmp => plots(tmp, spec, record, summary));
        return new RunResult(spec, record, summary, directory, Reused: false);
    }

    /// <summary>
    /// Executes specs that share a batch key as one batched problem and writes one run directory per spec.
    /// Returns one result per spec (null for a run that diverged, with its exception in <paramref name="errors"/>).
    /// </summary>
    public static RunResult?[] ExecuteBatch(IBatchableExperiment experiment, IReadOnlyList<RunSpec> specs,
        IReadOnlyList<string> directories, Exception?[] errors, Action<TrainingProgress>? progress = null,
        PlotWriter? plots = null, CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        var batch = experiment.PrepareBatch(specs);
        var runs = batch.Runs;
        var records = runs.Select(r => new MetricRecord { TimeOf = r.TimeOf, TimeLabel = r.TimeLabel }).ToArray();
        var outcome = BatchTrainer.Run(runs.Select(r => r.Trainable).ToArray(), batch.Advance, runs[0].Schedule,
            runs[0].Steps, records, progress, runs[0].LiveThresholds, cancel);
        var results = new RunResult?[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            if (outcome.Failures[i] is { } failure) { errors[i] = failure; continue; }
            var summary = runs[i].Summarise(records[i], outcome.Timing);
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
}
