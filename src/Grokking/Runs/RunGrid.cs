using Grokking.Experiments;

namespace Grokking.Runs;

/// <summary>
/// Where runs live and how a list of runs becomes work: single runs, and batches of runs that share data
/// (the same batch key), which step together as one batched problem. The plan depends on the runs alone
/// (never on the number of workers), so a run's numbers do not change with --jobs; a sweep plans once over all its
/// runs and deals whole work items to Slurm tasks, so they do not change with the task split either. The sweep
/// runner executes it.
/// </summary>
public static class RunGrid
{
    /// <summary>Runs per batch at most. The batched kernel reaches its per-run speed from ~8 columns on (columns
    /// are padded to whole vectors of 8); 24 splits Fig 4's 36-run grid into two batches of 18, one per core of
    /// a 2-core machine (with 16 it was three of 12, leaving a core idle for the last third: 428 s instead of ~300).</summary>
    public const int MaxBatch = 24;

    public static string RunDirectoryOf(string root, RunSpec spec) => Path.Combine(root, "runs", spec.Id);

    /// <summary>Work items (indices into <paramref name="specs"/>): one per run that cannot be batched, and
    /// balanced batches of at most <see cref="MaxBatch"/> runs per batch key, largest items first.</summary>
    public static List<int[]> Plan(IReadOnlyList<RunSpec> specs, IReadOnlyList<int> todo, bool batch)
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
            int chunks = (list.Count + MaxBatch - 1) / MaxBatch;
            for (int c = 0; c < chunks; c++)
            {
                int from = list.Count * c / chunks, to = list.Count * (c + 1) / chunks;
                items.Add(list.GetRange(from, to - from).ToArray());
            }
        }
        // longest first keeps the cores busy to the end; a stable sort, so equal lengths keep the order of their
        // first runs and the plan is a function of the runs alone (slices of a sweep are dealt from it)
        return items.OrderByDescending(item => item.Length).ToList();
    }
}
