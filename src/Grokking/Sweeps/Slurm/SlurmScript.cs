using System.Globalization;
using System.Text;

namespace Grokking.Sweeps.Slurm;

/// <summary>
/// The sbatch script of a sweep: a job array whose task i runs `grok sweep SPEC --task i --tasks K` against
/// the shared store. Only slices that still hold unfinished runs are submitted, so a re-submission after a
/// failure redoes just those tasks; each task itself skips runs that are done.
/// </summary>
public sealed record SlurmScript(string Text, IReadOnlyList<int> ArrayIndices, int Tasks)
{
    public static SlurmScript Build(SweepPlan plan, IReadOnlyCollection<int> unfinishedRuns, SlurmOptions options,
        IReadOnlyList<string> grokCommand, string specPath, string root, string store, string logDirectory, string workingDirectory)
    {
        // one task per work item at most: a batch of runs is never split over tasks
        int tasks = Math.Max(1, Math.Min(options.Tasks ?? plan.Items.Count, plan.Items.Count));
        var indices = Enumerable.Range(0, tasks)
            .Where(t => plan.Slice(t, tasks).Any(r => unfinishedRuns.Contains(r.Index))).ToList();
        string array = ArraySpec(indices) + (options.ArrayLimit is int m ? "%" + m.ToString(CultureInfo.InvariantCulture) : "");

        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append($"# grok sweep {plan.Name}: {plan.Runs.Count} runs ({plan.Items.Count} work items) in {tasks} slices; {indices.Count} slices with unfinished runs\n");
        sb.Append($"#SBATCH --job-name=grok-{plan.Name}\n");
        sb.Append($"#SBATCH --array={array}\n");
        sb.Append($"#SBATCH --cpus-per-task={options.CpusPerTask.ToString(CultureInfo.InvariantCulture)}\n");
        if (options.Partition is { } p) sb.Append($"#SBATCH --partition={p}\n");
        if (options.Time is { } t) sb.Append($"#SBATCH --time={t}\n");
        sb.Append($"#SBATCH --output={Path.Combine(logDirectory, "%A_%a.out")}\n");
        sb.Append("set -euo pipefail\n");
        sb.Append($"cd {Quote(workingDirectory)}\n");
        sb.Append("# status and failures are recorded in the store, not only in Slurm's accounting\n");
        sb.Append("exec");
        foreach (var part in grokCommand) sb.Append(' ').Append(Quote(part));
        sb.Append($" sweep {Quote(specPath)} --task \"$SLURM_ARRAY_TASK_ID\" --tasks {tasks.ToString(CultureInfo.InvariantCulture)}");
        sb.Append($" --root {Quote(root)} --store {Quote(store)} --jobs {options.CpusPerTask.ToString(CultureInfo.InvariantCulture)} --quiet\n");
        return new SlurmScript(sb.ToString(), indices, tasks);
    }

    /// <summary>"0-3,5,7-8": contiguous runs of indices collapsed into ranges.</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var parts = new List<string>();
        for (int i = 0; i < indices.Count;)
        {
            int j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1) j++;
            parts.Add(i == j ? indices[i].ToString(CultureInfo.InvariantCulture) : $"{indices[i]}-{indices[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>Single-quotes a word for bash unless it is plainly safe.</summary>
    public static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c))
            ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
