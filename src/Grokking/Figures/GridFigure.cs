using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Store;

namespace Grokking.Figures;

/// <summary>One claim a figure checks: what the paper or reference says, what we measured, and whether they agree.</summary>
public sealed record Claim(string Name, string Ours, string Reference, bool Ok)
{
    public static string Int(long? v) => v is long x ? x.ToString("N0", CultureInfo.InvariantCulture) : "not reached";
    public static string Real(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>
/// A figure made of a grid of runs: the recipe gives the specs, the chart(s) and the claims; this base runs
/// the grid (batched where runs share data, all cores, finished runs reused), writes the charts as SVG + PNG,
/// a CSV of every run's parameters and results, and a markdown page with the claims checked. A run that diverged
/// stays in the grid: the charts get it (curves draw it up to its divergence, summary panels leave it out through
/// <see cref="DivergedRuns.Finished"/>), the claims do not, and the CSV, markdown and output lines name it.
/// </summary>
public abstract class GridFigure : IFigure
{
    public abstract string Id { get; }
    public abstract string Title { get; }

    /// <summary>What the figure shows and its setting (first paragraph of the markdown).</summary>
    protected abstract string Setting { get; }

    /// <summary>The grid: the paper's, or a reduced one with <paramref name="quick"/>.</summary>
    protected abstract IReadOnlyList<RunSpec> Specs(bool quick);

    /// <summary>The charts, by file stem (e.g. "figure-4"), from every run, diverged ones included: mark a diverged
    /// run's curve with <see cref="DivergenceMarks"/>, and leave it out of summary panels with <see cref="DivergedRuns.Finished"/>.</summary>
    protected abstract IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick);

    /// <summary>The claims, over the runs that did not diverge (never empty: a grid that all diverged is an error).</summary>
    protected abstract IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick);

    /// <summary>A paragraph drawn from the measured claims, after the claim table (e.g. which variant reproduces the paper); none by default.</summary>
    protected virtual string? Conclusion(IReadOnlyList<Claim> claims) => null;

    /// <summary>Parameters shown as CSV columns for each run (those that vary in the grid).</summary>
    protected abstract IReadOnlyList<string> Columns { get; }

    public FigureResult Produce(FigureOptions options) => Produce(options, reshape: null);

    /// <summary>As <see cref="Produce(FigureOptions)"/> with every spec passed through <paramref name="reshape"/> first:
    /// tests run a figure's whole pipeline (grid, charts, claims, files) on tiny horizons this way.</summary>
    internal FigureResult Produce(FigureOptions options, Func<RunSpec, RunSpec>? reshape)
    {
        var specs = Specs(options.Quick);
        if (reshape is not null) specs = [.. specs.Select(reshape)];
        var runs = FigureRuns.Execute(specs, options);
        Directory.CreateDirectory(options.OutputDirectory);
        var files = new List<string>();
        string? pngNote = null;
        foreach (var (stem, chart) in Charts(runs, options.Quick))
        {
            string svg = Path.Combine(options.OutputDirectory, stem + ".svg");
            chart.Save(svg);
            files.Add(svg);
            if (Png.TryConvert(svg, Path.ChangeExtension(svg, ".png"), out string msg)) files.Add(Path.ChangeExtension(svg, ".png"));
            else pngNote = msg;
        }
        string csv = Path.Combine(options.OutputDirectory, $"figure-{Id}.csv");
        RunDirectory.WriteTextAtomic(csv, ResultsCsv(runs));
        files.Add(csv);
        var claims = Claims(runs.Finished(), options.Quick).ToList();
        string md = Path.Combine(options.OutputDirectory, $"figure-{Id}.md");
        RunDirectory.WriteTextAtomic(md, Markdown(runs, claims, options.Quick));
        files.Add(md);

        int reused = runs.Count(r => r.Reused);
        var lines = new List<string>
        {
            $"figure {Id}{(options.Quick ? " (quick)" : "")}: {runs.Select(r => r.Spec.Id).Distinct().Count()} runs ({reused} reused" +
            $"{DivergedRuns.CountNote(runs)}), {runs.Sum(r => r.Summary.SteppingSeconds):0.0} s of stepping",
        };
        lines.AddRange(DivergedRuns.Lines(runs, Columns));
        foreach (var c in claims) lines.Add($"  {c.Name}: {c.Ours}   (reference: {c.Reference}; {(c.Ok ? "agrees" : "DIFFERS")})");
        if (pngNote is not null) lines.Add($"  note: {pngNote}");
        return new FigureResult(files, lines);
    }

    private string ResultsCsv(IReadOnlyList<RunResult> runs)
    {
        var finals = runs.SelectMany(r => r.Summary.Final.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var theory = runs.SelectMany(r => r.Summary.Theory.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var sb = new StringBuilder();
        sb.Append("run_id,").Append(string.Join(',', Columns)).Append(",steps,t1,t2,dt");
        foreach (var f in finals) sb.Append(",final_").Append(f);
        foreach (var t in theory) sb.Append(",theory_").Append(t);
        sb.Append(",us_per_step,diverged_at_step\n");
        foreach (var r in runs.DistinctBy(r => r.Spec.Id))
        {
            sb.Append(r.Spec.Id);
            foreach (var c in Columns) sb.Append(',').Append(Parameter.Format(r.Spec.Values[c]));
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

    private string Markdown(IReadOnlyList<RunResult> runs, List<Claim> claims, bool quick)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Figure {Id}{(quick ? " (quick grid)" : "")} — {Title}");
        sb.AppendLine();
        sb.AppendLine(Setting);
        if (quick) sb.AppendLine().AppendLine("This is the reduced `--quick` grid/horizon; run without `--quick` for the paper's.");
        sb.AppendLine();
        sb.Append(DivergedRuns.ClaimsNote(runs));
        sb.AppendLine("| claim | ours | paper / reference code | verdict |");
        sb.AppendLine("| --- | --- | --- | --- |");
        foreach (var c in claims) sb.AppendLine($"| {c.Name} | {c.Ours} | {c.Reference} | {(c.Ok ? "agrees" : "differs")} |");
        sb.AppendLine();
        if (Conclusion(claims) is { } conclusion) sb.AppendLine(conclusion).AppendLine();
        sb.AppendLine($"{runs.Select(r => r.Spec.Id).Distinct().Count()} runs, {runs.Sum(r => r.Summary.Steps):N0} steps in all, " +
                      $"{runs.Sum(r => r.Summary.SteppingSeconds):0.0} s of stepping. Per-run results: `figure-{Id}.csv`; " +
                      "run directories (spec, long-format metrics, summary): `runs/<id>/`.");
        sb.Append(DivergedRuns.Markdown(runs, Columns));
        return sb.ToString();
    }

    /// <summary>Helper for recipes: a sparse-recovery spec from the Figure 3 defaults plus overrides.</summary>
    protected static RunSpec Sparse(params (string Key, object Value)[] values) =>
        RunSpec.Create("sparse-recovery", Problems.SparseRecovery.SparseRecoveryParameters.Schema,
            values.Select(v => new KeyValuePair<string, object>(v.Key, v.Value)));
}
