using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The two CSV layouts of run-based figures: one row per run (its parameters, t1, t2, dt, every final metric and
/// theory value, speed) and one row per recorded step (chosen metrics of each run). Both end with
/// <c>diverged_at_step</c>, empty unless the run diverged (a diverged run's records stop at its last finite one).
/// </summary>
public static class FigureCsv
{
    /// <summary>One row per run: <c>run_id</c>, the parameters, steps, t1, t2, dt, <c>final_*</c>, <c>theory_*</c>, us/step.</summary>
    public static string PerRun(IReadOnlyList<RunResult> runs, IReadOnlyList<string> parameters)
    {
        var finals = runs.SelectMany(r => r.Summary.Final.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var theory = runs.SelectMany(r => r.Summary.Theory.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var sb = new StringBuilder();
        sb.Append("run_id,").Append(string.Join(',', parameters)).Append(",steps,t1,t2,dt");
        foreach (var f in finals) sb.Append(",final_").Append(f);
        foreach (var t in theory) sb.Append(",theory_").Append(t);
        sb.Append(",us_per_step,diverged_at_step\n");
        foreach (var r in runs.DistinctBy(r => r.Spec.Id))
        {
            sb.Append(r.Spec.Id);
            foreach (var c in parameters) sb.Append(',').Append(Parameter.Format(r.Spec.Values[c]));
            var s = r.Summary;
            sb.Append(',').Append(s.Steps).Append(',').Append(s.T1?.ToString(CultureInfo.InvariantCulture))
              .Append(',').Append(s.T2?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(s.Dt?.ToString(CultureInfo.InvariantCulture));
            foreach (var f in finals) sb.Append(',').Append(s.Final.TryGetValue(f, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            foreach (var t in theory) sb.Append(',').Append(s.Theory.TryGetValue(t, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            sb.Append(',').Append(s.MicrosecondsPerStep.ToString("G4", CultureInfo.InvariantCulture))
              .Append(',').Append(DivergedRuns.CsvCell(r)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One row per (run, recorded step): <c>run</c>, the parameters, step, the chosen metrics; only the steps
    /// <paramref name="keep"/> accepts when it is given (long runs: a thinned curve).</summary>
    public static string PerRecord(IReadOnlyList<RunResult> runs, IReadOnlyList<string> parameters, IReadOnlyList<string> metrics, Func<long, bool>? keep = null)
    {
        var sb = new StringBuilder();
        sb.Append("run,").Append(string.Join(',', parameters)).Append(",step,").Append(string.Join(',', metrics)).Append(",diverged_at_step\n");
        foreach (var run in runs)
        {
            var (steps, _) = run.Record.Series(metrics[0]);
            var columns = metrics.Select(m => run.Record.Series(m).Values).ToArray();
            string prefix = run.Spec.Id + "," + string.Join(',', parameters.Select(p => Parameter.Format(run.Spec.Values[p])));
            for (int k = 0; k < steps.Length; k++)
            {
                if (keep is not null && !keep(steps[k])) continue;
                sb.Append(prefix).Append(',').Append(steps[k].ToString(CultureInfo.InvariantCulture));
                foreach (var c in columns) sb.Append(',').Append(c[k].ToString("R", CultureInfo.InvariantCulture));
                sb.Append(',').Append(DivergedRuns.CsvCell(run)).Append('\n');
            }
        }
        return sb.ToString();
    }
}
