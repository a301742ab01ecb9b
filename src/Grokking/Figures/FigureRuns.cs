using System.Collections.Concurrent;
using Grokking.Experiments;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Sweeps;

namespace Grokking.Figures;

/// <summary>How every figure runs its runs.</summary>
internal static class FigureRuns
{
    /// <summary>
    /// Runs the specs as a sweep over the figure's store (SQLite under the run root): finished runs are shared
    /// with `grok sweep` and other figures, runs that share data are batched, and `grok sweep status` /
    /// `grok report` see them. --force (Reuse off) recomputes without the store (directories are rewritten; the
    /// results are the same to rounding). Returns one result per spec, loaded from its run directory.
    /// A run that diverged is a result (its records up to the divergence, <see cref="RunResult.Diverged"/>), so the
    /// figure is drawn without it; a run that failed otherwise (bad spec, I/O, crash), or a grid whose every run
    /// diverged, leaves nothing to draw and throws.
    /// </summary>
    public static RunResult[] Execute(IReadOnlyList<RunSpec> specs, FigureOptions options, RunExecutor.PlotWriter? plots = null)
    {
        var skipped = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        options.Observer?.Planned(specs.DistinctBy(s => s.Id).Count());
        using var store = options.Reuse ? RunStores.Open(null, options.Runs) : null;
        if (store is not null) RunDirectory.ReopenUnreadable(store, specs.Select(s => (s, RunGrid.RunDirectoryOf(options.Runs, s))));
        var outcome = SweepRunner.Run(specs, options.Runs, store, new SweepRunOptions
        {
            Reuse = options.Reuse,
            Plots = plots,
            Progress = options.Progress is { } report ? (spec, p) => report(spec.Id, p) : null,
            OnEvent = e =>
            {
                if (e.Kind == RunEventKind.Skipped) skipped[e.Spec.Id] = true;
                options.Observer?.OnEvent(e);
            },
        });
        if (!outcome.Succeeded)
        {
            var (spec, error) = outcome.Failures[0];
            string others = outcome.Failures.Count > 1 ? $" ({outcome.Failures.Count} of {outcome.Total} runs failed)" : "";
            throw new SpecException($"run {spec.Id} of the figure failed: {error}{others}");
        }
        var runs = specs.Select(spec =>
        {
            string dir = RunGrid.RunDirectoryOf(options.Runs, spec);
            var (record, summary) = RunDirectory.Load(dir);
            return new RunResult(spec, record, summary, dir, Reused: skipped.ContainsKey(spec.Id));
        }).ToArray();
        int distinct = runs.DistinctBy(r => r.Spec.Id).Count();
        if (runs.Length > 0 && runs.All(r => r.Diverged))
            throw new SpecException((distinct == 1 ? "the figure's run diverged" : $"all {distinct} runs of the figure diverged") +
                                    $" ({DivergedRuns.Describe(runs[0])}{(distinct > 1 ? ", ..." : "")}): nothing to draw; " +
                                    "lower the step size or the init scale");
        return runs;
    }
}
