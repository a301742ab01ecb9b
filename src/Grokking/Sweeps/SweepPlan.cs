using Grokking.Experiments;

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

    /// <summary>Slice <paramref name="task"/> of <paramref name="tasks"/>: runs with index ≡ task (mod tasks).
    /// Round robin spreads neighbouring (similar, similarly long) runs over the tasks.</summary>
    public IReadOnlyList<PlannedRun> Slice(int task, int tasks)
    {
        if (tasks < 1) throw new SpecException($"--tasks must be at least 1 (got {tasks})");
        if (task < 0 || task >= tasks) throw new SpecException($"--task must be in 0..{tasks - 1} (got {task})");
        return Runs.Where(r => r.Index % tasks == task).ToList();
    }
}
