using Grokking.Experiments;

namespace Grokking.Sweeps;

/// <summary>
/// Checks every expanded run of a sweep before anything is written (store, run directories, Slurm script): the
/// checks that need the data (the step-size bound alpha &lt; 2/(sigma_max(X^T X) + beta2), ...) live in the
/// experiments' Prepare, so each run is prepared once and thrown away. Runs that share data are prepared as one
/// batch, which builds the data once: the whole check costs about one preparation per distinct data set.
/// </summary>
public static class SweepValidation
{
    /// <summary>Throws <see cref="SpecException"/> naming the first run that cannot run, and how many cannot.</summary>
    public static void Check(IReadOnlyList<PlannedRun> runs)
    {
        var bad = new List<(PlannedRun Run, string Error)>();
        var groups = runs.DistinctBy(r => r.Spec.Id)
            .GroupBy(r => ExperimentCatalog.Get(r.Spec.Kind) is IBatchableExperiment b ? b.BatchKey(r.Spec) : null);
        foreach (var group in groups)
        {
            var members = group.ToList();
            if (group.Key is not null && members.Count > 1 && TryBatch(members)) continue;
            foreach (var run in members)
                if (Error(() => MemoryBudget.CheckRecord(ExperimentCatalog.Get(run.Spec.Kind).Prepare(run.Spec))) is { } error)
                    bad.Add((run, error));
        }
        if (bad.Count == 0) return;
        var (first, message) = bad.OrderBy(b => b.Run.Index).First();
        string others = bad.Count > 1 ? $" ({bad.Count} of {runs.Count} runs cannot run; nothing was started)" : " (nothing was started)";
        throw new SpecException($"run {first.Index} ({first.Label}): {message}{others}");
    }

    /// <summary>True when the batch prepares; false sends its runs to one-by-one preparation, which names the culprit.</summary>
    private static bool TryBatch(List<PlannedRun> members)
    {
        var experiment = (IBatchableExperiment)ExperimentCatalog.Get(members[0].Spec.Kind);
        return Error(() =>
        {
            var batch = experiment.PrepareBatch(members.Select(m => m.Spec).ToList());
            MemoryBudget.CheckRecord(batch.Runs[0], batch.Runs.Count);
        }) is null;
    }

    private static string? Error(Action prepare)
    {
        try { prepare(); return null; }
        catch (SpecException e) { return e.Message; }
    }
}
