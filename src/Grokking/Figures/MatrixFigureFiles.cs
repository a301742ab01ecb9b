using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Store;

namespace Grokking.Figures;

/// <summary>Shared plumbing of the matrix figures: specs, running a grid, files (SVG, PNG, CSV, markdown) and checks.</summary>
public static class MatrixFigureFiles
{
    public static RunSpec Spec(params (string Name, object Value)[] values) =>
        RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema,
            values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value)));

    internal static RunResult[] Run(IReadOnlyList<RunSpec> specs, FigureOptions options) =>
        FigureRuns.Execute(specs, options, RunPlots.Write);

    /// <summary>Saves SVG and PNG; returns a note when the PNG could not be made.</summary>
    public static string? Save(Figure fig, string stem, List<string> files)
    {
        fig.Save(stem + ".svg");
        files.Add(stem + ".svg");
        if (Png.TryConvert(stem + ".svg", stem + ".png", out string message)) { files.Add(stem + ".png"); return null; }
        return message;
    }

    /// <summary>Long CSV of many runs: one row per (run, recorded step) with the chosen metrics and parameters; a
    /// diverged run's rows stop at its last finite record and carry its <c>diverged_at_step</c>.</summary>
    public static void WriteRunsCsv(string path, IReadOnlyList<RunResult> runs, string[] parameters, string[] metrics)
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
                sb.Append(prefix).Append(',').Append(steps[k].ToString(CultureInfo.InvariantCulture));
                foreach (var c in columns) sb.Append(',').Append(c[k].ToString("R", CultureInfo.InvariantCulture));
                sb.Append(',').Append(DivergedRuns.CsvCell(run)).Append('\n');
            }
        }
        RunDirectory.WriteTextAtomic(path, sb.ToString());
    }

    /// <summary>One row per run: parameters, t1, t2, summary values and <c>diverged_at_step</c> (empty unless it diverged).</summary>
    public static void WriteSummaryCsv(string path, IReadOnlyList<RunResult> runs, string[] parameters, string[] finals)
    {
        var sb = new StringBuilder();
        sb.Append("run,").Append(string.Join(',', parameters)).Append(",t1,t2,").Append(string.Join(',', finals)).Append(",diverged_at_step\n");
        foreach (var run in runs)
        {
            var s = run.Summary;
            sb.Append(run.Spec.Id).Append(',').Append(string.Join(',', parameters.Select(p => Parameter.Format(run.Spec.Values[p]))))
              .Append(',').Append(s.T1?.ToString(CultureInfo.InvariantCulture) ?? "")
              .Append(',').Append(s.T2?.ToString(CultureInfo.InvariantCulture) ?? "");
            foreach (var f in finals)
            {
                double v = s.Final.TryGetValue(f, out double a) ? a : s.Theory.GetValueOrDefault(f, double.NaN);
                sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append(',').Append(DivergedRuns.CsvCell(run)).Append('\n');
        }
        RunDirectory.WriteTextAtomic(path, sb.ToString());
    }

    /// <summary>Writes markdown, turning norm bars inside table rows into ‖ so they do not split the cells.</summary>
    public static void WriteMarkdown(string path, string text) =>
        RunDirectory.WriteTextAtomic(path, string.Join('\n', text.Split('\n')
            .Select(line => line.StartsWith('|') ? line.Replace("||", "‖") : line)));

    public sealed record Check(string Claim, string Measured, string Expected, bool Ok);

    public static string Table(IEnumerable<Check> checks)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| claim / quantity | measured | expected (spec) | verdict |");
        sb.AppendLine("| --- | --- | --- | --- |");
        foreach (var c in checks) sb.AppendLine($"| {c.Claim} | {c.Measured} | {c.Expected} | {(c.Ok ? "holds" : "DIFFERS")} |");
        return sb.ToString();
    }

    public static IEnumerable<string> Lines(IEnumerable<Check> checks) =>
        checks.Select(c => $"  {c.Claim}: {c.Measured}   (expected {c.Expected}; {(c.Ok ? "holds" : "DIFFERS")})");

    public static string Steps(long? t) => t is long v ? v.ToString("N0", CultureInfo.InvariantCulture) : "not reached";

    public static string G(double v, int digits = 4) => v.ToString("G" + digits, CultureInfo.InvariantCulture);

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
