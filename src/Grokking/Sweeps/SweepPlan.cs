using Grokking.Experiments;
using Grokking.Runs;

namespace Grokking.Sweeps;

/// <summary>One run of a sweep: its validated spec and the values the axes and seeds gave it.</summary>
public sealed record PlannedRun(int Index, RunSpec Spec, Assignment Point)
{
    /// <summary>"beta1=0.001 N=30 data-seed=2": the point as a label for tables and legends.</summary>
    public string Label => string.Join(' ', Point.Values.Select(v => $"{v.Key}={Parameter.Format(Spec.Values[v.Key])}"));
}

/// <summary>The expanded sweep: distinct runs in a fixed order (the order slices and reports use).</summary>
public sealed class SweepPlan(SweepSpec sweep, IReadOnlyList<PlannedRun> runs)
{
    public SweepSpec Sweep { get; } = sweep;
    public string Name => Sweep.Name;
    public IReadOnlyList<PlannedRun> Runs { get; } = runs;
    public IReadOnlyList<RunSpec> Specs => Runs.Select(r => r.Spec).ToList();

    /// <summary>The parameters that take more than one value across the runs, in axis order.</summary>
    public IReadOnlyList<string> VaryingKeys =>
        Sweep.Axes.SelectMany(a => a.Keys).Concat(Sweep.Seeds?.Parameters ?? []).Distinct()
            .Where(k => Runs.Select(r => Parameter.Format(r.Spec.Values[k])).Distinct().Count() > 1).ToList();

    /// <summary>
    /// The work of the whole sweep: batches of runs that step together and single runs (indices into
    /// <see cref="Runs"/>), planned once from every run of the sweep. Slices deal these items, never split them,
    /// so a run steps in the same batch (and gets the same numbers, bit for bit) whatever the task split or --jobs.
    /// </summary>
    public IReadOnlyList<int[]> Items => _items ??= RunGrid.Plan(Specs, Enumerable.Range(0, Runs.Count).ToArray(), batch: true);
    private IReadOnlyList<int[]>? _items;

    /// <summary>The work items of slice <paramref name="task"/> of <paramref name="tasks"/>: items with position ≡ task
    /// (mod tasks). Items are ordered longest first, so round robin spreads the large batches over the tasks.</summary>
    public IReadOnlyList<int[]> SliceItems(int task, int tasks)
    {
        if (tasks < 1) throw new SpecException($"--tasks must be at least 1 (got {tasks})");
        if (task < 0 || task >= tasks) throw new SpecException($"--task must be in 0..{tasks - 1} (got {task})");
        return Items.Where((_, position) => position % tasks == task).ToList();
    }

    /// <summary>The runs of slice <paramref name="task"/> of <paramref name="tasks"/> (whole work items), in run order.</summary>
    public IReadOnlyList<PlannedRun> Slice(int task, int tasks) =>
        SliceItems(task, tasks).SelectMany(item => item).Order().Select(i => Runs[i]).ToList();
}
