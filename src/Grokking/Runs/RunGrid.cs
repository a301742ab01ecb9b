using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Runs;

/// <summary>
/// Runs many specs on all cores, each into <c>root/runs/&lt;id&gt;</c>, reusing finished ones. Results come back
/// in the order of the input; a failure of one run does not stop the others (it is rethrown at the end,
/// after every other run has finished and been written). Figures use it for their grids.
/// </summary>
public static class RunGrid
{
    public static string RunDirectoryOf(string root, RunSpec spec) => Path.Combine(root, "runs", spec.Id);

    public static RunResult[] Execute(IReadOnlyList<RunSpec> specs, string root, bool reuse = true, int jobs = 0,
        Action<RunSpec, TrainingProgress>? progress = null, RunExecutor.PlotWriter? plots = null,
        CancellationToken cancel = default)
    {
        var results = new RunResult[specs.Count];
        var errors = new Exception?[specs.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = jobs > 0 ? jobs : Environment.ProcessorCount,
            CancellationToken = cancel,
        };
        // distinct ids only: a grid that lists the same configuration twice runs it once
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < specs.Count; i++) firstIndex.TryAdd(specs[i].Id, i);
        Parallel.ForEach(firstIndex.Values, options, i =>
        {
            var spec = specs[i];
            try
            {
                results[i] = RunExecutor.Execute(spec, RunDirectoryOf(root, spec), reuse,
                    progress is null ? null : p => progress(spec, p), plots, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors[i] = e;
            }
        });
        for (int i = 0; i < specs.Count; i++)
            if (errors[firstIndex[specs[i].Id]] is { } e)
                throw e is SpecException or DivergenceException ? e : new AggregateException($"run {specs[i]} failed", e);
        for (int i = 0; i < specs.Count; i++) results[i] ??= results[firstIndex[specs[i].Id]];
        return results;
    }
}
