using System.Text;
using Grokking.Reports;
using Grokking.Store;

namespace Grokking.Figures;

/// <summary>
/// Writes every figure the same way, from its <see cref="FigurePage"/>: each chart as SVG and PNG, the CSV tables,
/// the markdown page (setting, the claims table, conclusion, details, cost and files, diverged runs) and the lines
/// `grok figure` prints (headline, diverged runs, one line per claim, notes). Files are written atomically.
/// </summary>
public static class FigureWriter
{
    public const string QuickNote = "This is the reduced `--quick` grid/horizon; run without `--quick` for the paper's.";

    public static FigureResult Write(string id, string title, FigureOptions options, FigurePage page)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        string stem = Path.Combine(options.OutputDirectory, $"figure-{id}");
        var files = new List<string>();
        string? pngNote = null;
        foreach (var (chartStem, chart) in page.Charts)
        {
            string svg = Path.Combine(options.OutputDirectory, chartStem + ".svg");
            chart.Save(svg);
            files.Add(svg);
            string png = Path.ChangeExtension(svg, ".png");
            if (Png.TryConvert(svg, png, out string message)) files.Add(png);
            else pngNote = message;
        }
        foreach (var (suffix, csv) in page.Tables)
        {
            RunDirectory.WriteTextAtomic(stem + suffix + ".csv", csv);
            files.Add(stem + suffix + ".csv");
        }
        RunDirectory.WriteTextAtomic(stem + ".md", Markdown(id, title, options.Quick, page));
        files.Add(stem + ".md");
        return new FigureResult(files, Lines(page, pngNote));
    }

    /// <summary>The markdown page: blocks separated by blank lines, norm bars in table rows written as ‖ so they do
    /// not split the cells.</summary>
    public static string Markdown(string id, string title, bool quick, FigurePage page)
    {
        var blocks = new List<string?>
        {
            $"# Figure {id}{(quick ? " (quick grid)" : "")} — {title}",
            page.Setting,
            quick ? QuickNote : null,
            DivergedRuns.ClaimsNote(page.Runs) + ClaimTable(page.Claims),
            page.Conclusion,
            page.Details,
            page.Footer,
            DivergedRuns.Markdown(page.Runs, page.RunColumns),
        };
        string text = string.Join("\n\n", blocks.Select(b => b?.Trim('\n')).Where(b => !string.IsNullOrEmpty(b))) + "\n";
        return string.Join('\n', text.Split('\n').Select(line => line.StartsWith('|') ? line.Replace("||", "‖", StringComparison.Ordinal) : line));
    }

    /// <summary>The claims as a markdown table (a lone | inside a cell is escaped).</summary>
    public static string ClaimTable(IEnumerable<Claim> claims)
    {
        var sb = new StringBuilder();
        sb.Append("| claim | ours | paper / reference code | verdict |\n| --- | --- | --- | --- |\n");
        foreach (var c in claims) sb.Append($"| {Cell(c.Name)} | {Cell(c.Ours)} | {Cell(c.Reference)} | {c.Verdict} |\n");
        return sb.ToString();
    }

    /// <summary>The lines `grok figure` prints: headline, diverged runs, one line per claim, then notes.</summary>
    public static List<string> Lines(FigurePage page, string? pngNote)
    {
        var lines = new List<string> { page.Headline };
        lines.AddRange(DivergedRuns.Lines(page.Runs, page.RunColumns));
        foreach (var c in page.Claims) lines.Add(Line(c));
        if (pngNote is not null) lines.Add($"  note: {pngNote}");
        lines.AddRange(page.Notes);
        return lines;
    }

    public static string Line(Claim c) => $"  {c.Name}: {c.Ours}   (reference: {c.Reference}; {c.Verdict})";

    private static string Cell(string text) => text.Replace("||", "‖", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
