using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// Everything a figure shows, built by its recipe (<see cref="FigureRecipe{TData}"/>) from its data and written by
/// <see cref="FigureWriter"/>: the charts, the CSV tables behind them, the claims, the text of its markdown page and
/// the lines `grok figure` prints. The runs (empty for a solver sweep) let the writer list the ones that diverged.
/// </summary>
public sealed record FigurePage
{
    /// <summary>The first line `grok figure` prints: what was run or reused, and how long it took.</summary>
    public required string Headline { get; init; }

    /// <summary>What the figure shows and its setting: the markdown's first paragraph(s).</summary>
    public required string Setting { get; init; }

    /// <summary>The charts by file stem ("figure-24-times"): each becomes an SVG and, where it can be made, a PNG.</summary>
    public IReadOnlyList<(string Stem, Figure Chart)> Charts { get; init; } = [];

    /// <summary>The CSV files by the suffix after "figure-N" ("" is figure-N.csv, "-seeds" is figure-N-seeds.csv).</summary>
    public IReadOnlyList<(string Suffix, string Csv)> Tables { get; init; } = [];

    /// <summary>The claims checked, over the runs that did not diverge.</summary>
    public IReadOnlyList<Claim> Claims { get; init; } = [];

    /// <summary>A paragraph drawn from the claims, right after their table (e.g. which variant reproduces the paper).</summary>
    public string? Conclusion { get; init; }

    /// <summary>Markdown after the claims: result tables, sections.</summary>
    public string Details { get; init; } = "";

    /// <summary>The markdown's last paragraph: cost and files.</summary>
    public string Footer { get; init; } = "";

    /// <summary>Lines `grok figure` prints after the claims (e.g. where the run directory is).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every run behind the figure, diverged ones included (none for a solver sweep).</summary>
    public IReadOnlyList<RunResult> Runs { get; init; } = [];

    /// <summary>The parameters that tell the runs apart: how a diverged run is named.</summary>
    public IReadOnlyList<string> RunColumns { get; init; } = [];
}
