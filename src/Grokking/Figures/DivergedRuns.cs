using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// How figures treat runs that diverged (<see cref="RunResult.Diverged"/>): their curves are drawn up to the
/// divergence (<see cref="DivergenceMarks"/>), but summary panels and claims are computed without them (their last
/// records are not an outcome of the method), and they are listed in the CSV, the markdown and the output lines.
/// </summary>
internal static class DivergedRuns
{
    /// <summary>The runs that did not diverge: what summary panels and claims are computed over.</summary>
    public static RunResult[] Finished(this IEnumerable<RunResult> runs) => [.. runs.Where(r => !r.Diverged)];

    /// <summary>The diverged runs, one per spec, in grid order.</summary>
    public static RunResult[] Of(IEnumerable<RunResult> runs) => [.. runs.Where(r => r.Diverged).DistinctBy(r => r.Spec.Id)];

    /// <summary>"over 35 of 36 runs; 1 diverged" for claims, or null when no run diverged.</summary>
    public static string? Coverage(IEnumerable<RunResult> runs)
    {
        var distinct = runs.DistinctBy(r => r.Spec.Id).ToArray();
        int diverged = distinct.Count(r => r.Diverged);
        return diverged == 0 ? null : $"over {distinct.Length - diverged} of {distinct.Length} runs; {diverged} diverged";
    }

    /// <summary>", 1 diverged" for a figure's first output line ("36 runs (3 reused, 1 diverged)"), or "".</summary>
    public static string CountNote(IEnumerable<RunResult> runs) => Of(runs).Length is > 0 and var n ? $", {n} diverged" : "";

    /// <summary>The markdown sentence before the claims table saying what they are computed over; "" when none diverged.</summary>
    public static string ClaimsNote(IEnumerable<RunResult> runs) => Coverage(runs) is { } coverage
        ? $"Claims {coverage} (see *Diverged runs* below; the diverged runs are left out).\n\n" : "";

    /// <summary>" (1 diverged run left out)" for the title of a summary chart drawn over <see cref="Finished"/>, or "".</summary>
    public static string LeftOut(IEnumerable<RunResult> runs)
    {
        int n = Of(runs).Length;
        return n == 0 ? "" : $" ({n} diverged run{(n == 1 ? "" : "s")} left out)";
    }

    /// <summary>The CSV cell of column <c>diverged_at_step</c>: the step, or empty for a run that did not diverge.</summary>
    public static string CsvCell(RunResult r) => r.DivergedAtStep?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>"run ID (alpha = 0.05, beta1 = 0.0001) diverged at step N", naming the given parameters.</summary>
    public static string Describe(RunResult r, IEnumerable<string>? columns = null)
    {
        var values = (columns ?? []).Where(r.Spec.Values.ContainsKey).Select(c => $"{c} = {Parameter.Format(r.Spec.Values[c])}").ToArray();
        string parameters = values.Length > 0 ? $" ({string.Join(", ", values)})" : "";
        return $"run {r.Spec.Id}{parameters} diverged at step {Step(r.DivergedAtStep)}";
    }

    /// <summary>The "Diverged runs" section at the end of a figure's markdown (after a blank line); "" when none diverged.</summary>
    public static string Markdown(IEnumerable<RunResult> runs, IReadOnlyList<string> columns)
    {
        var diverged = Of(runs);
        if (diverged.Length == 0) return "";
        var sb = new StringBuilder();
        sb.AppendLine().AppendLine("## Diverged runs").AppendLine();
        sb.AppendLine($"{diverged.Length} run{(diverged.Length == 1 ? "" : "s")} stopped with NaN or Inf in the parameters. A diverged run's " +
                      "curves end at its last finite record (marked ×, \"diverged at step N\"); diverged runs are left out of the summary " +
                      "panels and of the claims. Their run directories keep the records up to the divergence, and a re-run reuses them " +
                      "(the same spec diverges again).");
        sb.AppendLine();
        sb.AppendLine($"| run | {string.Join(" | ", columns)} | diverged at step | last finite record |");
        sb.AppendLine($"| --- | {string.Join(" | ", columns.Select(_ => "---"))} | --- | --- |");
        foreach (var r in diverged)
            sb.AppendLine($"| `{r.Spec.Id}` | {string.Join(" | ", columns.Select(c => r.Spec.Values.TryGetValue(c, out var v) ? Parameter.Format(v) : ""))} | " +
                          $"{Step(r.DivergedAtStep)} | {Step(LastRecordedStep(r))} |");
        return sb.ToString();
    }

    /// <summary>The output lines of `grok figure` before its claims: one per diverged run, then what the claims are over.</summary>
    public static IEnumerable<string> Lines(IEnumerable<RunResult> runs, IReadOnlyList<string> columns)
    {
        foreach (var r in Of(runs)) yield return $"  {Describe(r, columns)}: drawn up to it, left out of the summary panels and the claims";
        if (Coverage(runs) is { } coverage) yield return $"  claims {coverage}:";
    }

    /// <summary>The last step with a record (the last finite one of a diverged run), or null if none.</summary>
    public static long? LastRecordedStep(RunResult r)
    {
        long[] steps = r.Record.MetricNames.Count == 0 ? [] : r.Record.Series(r.Record.MetricNames[0]).Steps;
        return steps.Length == 0 ? null : steps[^1];
    }

    private static string Step(long? step) => step?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";
}
