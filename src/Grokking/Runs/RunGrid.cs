using System.Runtime.ExceptionServices;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Training;

namespace Grokking.Runs;

/// <summary>
/// Runs many specs on all cores, each into <c>root/runs/&lt;id&gt;</c>, reusing finished ones. Specs that share
/// data (same batch key) run as batched problems, split so that every core gets work. Results come back in
/// the order of the input; a failed run does not stop the others (the first failure is rethrown at the end,
/// after every other run has finished and been written). Figures use it for their grids.
/// </summary>
public static class RunGrid
{
    /// <summary>Upper bound on runs per batch: past ~64 columns the batch no longer fits in cache.</summary>
    public const int MaxBatch = 64;

    public static string RunDirectoryOf(string root, RunSpec spec) => Path.Combine(root, "runs", spec.Id);

    public static RunResult[] Execute(IReadOnlyList<RunSpec> specs, string root, bool reuse = true, int jobs = 0,
        Action<RunSpec, TrainingProgress>? progress = null, RunExecutor.PlotWriter? plots = null,
        bool batch = true, CancellationToken cancel = default)
    {
        int workers = jobs > 0 ? jobs : Environment.ProcessorCount;
        var results = new RunResult?[specs.Count];
        var errors = new Exception?[specs.Count];
        // distinct ids only: a grid that lists the same configuration twice runs it once
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < specs.Count; i++) firstIndex.TryAdd(specs[i].Id, i);

        var todo = new List<int>();
        foreach (int i in firstIndex.Values)
        {
            string dir = RunDirectoryOf(root, specs[i]);
            if (reuse && RunDirectory.IsComplete(dir, specs[i]))
            {
                var (rec, sum) = RunDirectory.Load(dir);
                results[i] = new RunResult(specs[i], rec, sum, dir, Reused: true);
            }
            else todo.Add(i);
        }

        var work = Plan(specs, todo, workers, batch);
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel };
        Parallel.ForEach(work, options, item =>
        {
            var first = specs[item[0]];
            Action<TrainingProgress>? report = progress is null ? null : p => progress(first, p);
            if (item.Length == 1)
            {
                try { results[item[0]] = RunExecutor.Execute(first, RunDirectoryOf(root, first), reuse: false, report, plots, cancel); }
                catch (Exception e) when (e is not OperationCanceledException) { errors[item[0]] = e; }
                return;
            }
            var batchSpecs = item.Select(i => specs[i]).ToArray();
            var batchErrors = new Exception?[item.Length];
            try
            {
                var experiment = (IBatchableExperiment)ExperimentCatalog.Get(first.Kind);
                var batchResults = RunExecutor.ExecuteBatch(experiment, batchSpecs,
                    batchSpecs.Select(s => RunDirectoryOf(root, s)).ToArray(), batchErrors, report, plots, cancel);
                for (int k = 0; k < item.Length; k++) { results[item[k]] = batchResults[k]; errors[item[k]] = batchErrors[k]; }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (int i in item) errors[i] = e;
            }
        });

        for (int i = 0; i < specs.Count; i++)
            if (errors[firstIndex[specs[i].Id]] is { } e) ExceptionDispatchInfo.Capture(e).Throw();
        var output = new RunResult[specs.Count];
        for (int i = 0; i < specs.Count; i++) output[i] = (results[i] ?? results[firstIndex[specs[i].Id]])!;
        return output;
    }

    /// <summary>Work items: single runs, and batches of specs sharing a key, split so that every worker gets one.</summary>
    internal static List<int[]> Plan(IReadOnlyList<RunSpec> specs, IReadOnlyList<int> todo, int workers, bool batch)
    {
        var items = new List<int[]>();
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (int i in todo)
        {
            string? key = batch && ExperimentCatalog.Get(specs[i].Kind) is IBatchableExperiment b ? b.BatchKey(specs[i]) : null;
            if (key is null) { items.Add([i]); continue; }
            key = specs[i].Kind + "\n" + key;
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(i);
        }
        foreach (var list in groups.Values)
        {
            int chunks = Math.Max((list.Count + MaxBatch - 1) / MaxBatch, Math.Min(workers, list.Count));
            for (int c = 0; c < chunks; c++)
            {
                int from = list.Count * c / chunks, to = list.Count * (c + 1) / chunks;
                if (to > from) items.Add(list.GetRange(from, to - from).ToArray());
            }
        }
        // longest first keeps the cores busy to the end
        items.Sort((a, b) => b.Length.CompareTo(a.Length));
        return items;
    }
}
