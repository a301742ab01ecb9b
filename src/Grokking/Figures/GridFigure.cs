using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// A figure over runs: the recipe gives the specs (a grid, or one run), the chart(s), the claims and the text; this
/// base runs the specs (batched where runs share data, all cores, finished runs reused) and builds the page:
/// by default one CSV row per run (<see cref="FigureCsv.PerRun"/>). A run that diverged stays in the grid: the
/// charts get it (curves draw it up to its divergence, summary panels leave it out through
/// <see cref="DivergedRuns.Finished"/>), the claims do not, and the CSV, markdown and output lines name it.
/// </summary>
public abstract class GridFigure : FigureRecipe<IReadOnlyList<RunResult>>
{
    /// <summary>What the figure shows and its setting (first paragraph of the markdown).</summary>
    protected abstract string Setting(bool quick);

    /// <summary>The grid: the paper's, or a reduced one with <paramref name="quick"/>.</summary>
    protected abstract IReadOnlyList<RunSpec> Specs(bool quick);

    /// <summary>The grid for these options: <see cref="Specs(bool)"/> unless the figure repeats its cells over seeds
    /// (<see cref="ISeededFigure"/>, <see cref="FigureOptions.Seeds"/>).</summary>
    protected virtual IReadOnlyList<RunSpec> Specs(FigureOptions options) => Specs(options.Quick);

    /// <summary>The charts, by file stem (e.g. "figure-4"), from every run, diverged ones included: mark a diverged
    /// run's curve with <see cref="DivergenceMarks"/>, and leave it out of summary panels with <see cref="DivergedRuns.Finished"/>.</summary>
    protected abstract IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick);

    /// <summary>The claims, over the runs that did not diverge (never empty: a grid that all diverged is an error).</summary>
    protected abstract IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick);

    /// <summary>A paragraph drawn from the measured claims, after the claim table (e.g. which variant reproduces the paper); none by default.</summary>
    protected virtual string? Conclusion(IReadOnlyList<Claim> claims) => null;

    /// <summary>Parameters shown as CSV columns for each run (those that vary in the grid).</summary>
    protected abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The CSV tables by file suffix; one row per run by default.</summary>
    protected virtual IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
        [("", FigureCsv.PerRun(runs, Columns))];

    /// <summary>Markdown after the claims (result tables); none by default.</summary>
    protected virtual string Details(IReadOnlyList<RunResult> runs, bool quick) => "";

    /// <summary>The first output line.</summary>
    protected virtual string Headline(IReadOnlyList<RunResult> runs, bool quick) =>
        $"figure {Id}{(quick ? " (quick)" : "")}: {runs.Select(r => r.Spec.Id).Distinct().Count()} runs ({runs.Count(r => r.Reused)} reused" +
        $"{DivergedRuns.CountNote(runs)}), {runs.Sum(r => r.Summary.SteppingSeconds):0.0} s of stepping";

    /// <summary>The markdown's last paragraph: cost and files.</summary>
    protected virtual string Footer(IReadOnlyList<RunResult> runs, IEnumerable<string> csvFiles) =>
        $"{runs.Select(r => r.Spec.Id).Distinct().Count()} runs, {runs.Sum(r => r.Summary.Steps):N0} steps in all, " +
        $"{runs.Sum(r => r.Summary.SteppingSeconds):0.0} s of stepping. Data: {string.Join(", ", csvFiles.Select(f => $"`{f}`"))}; " +
        "run directories (spec, long-format metrics, summary): `runs/<id>/`.";

    /// <summary>Output lines after the claims; none by default.</summary>
    protected virtual IEnumerable<string> Notes(IReadOnlyList<RunResult> runs) => [];

    /// <summary>Plots written into each run directory as it finishes; none by default.</summary>
    private protected virtual RunExecutor.PlotWriter? RunPlotWriter => null;

    protected sealed override IReadOnlyList<RunResult> Acquire(FigureOptions options) => Run(Specs(options), options);

    /// <summary>Runs (or reuses) the specs: one result per spec, in order.</summary>
    private IReadOnlyList<RunResult> Run(IReadOnlyList<RunSpec> specs, FigureOptions options) =>
        FigureRuns.Execute(specs, options, RunPlotWriter);

    protected override FigurePage Page(IReadOnlyList<RunResult> runs, bool quick)
    {
        var claims = Claims(runs.Finished(), quick).ToList();
        var tables = Tables(runs, quick).ToList();
        return new FigurePage
        {
            Headline = Headline(runs, quick),
            Setting = Setting(quick),
            Charts = [.. Charts(runs, quick)],
            Tables = tables,
            Claims = claims,
            Conclusion = Conclusion(claims),
            Details = Details(runs, quick),
            Footer = Footer(runs, tables.Select(t => $"figure-{Id}{t.Suffix}.csv")),
            Notes = [.. Notes(runs)],
            Runs = runs,
            RunColumns = Columns,
        };
    }

    /// <summary>As <see cref="FigureRecipe{TData}.Produce"/> with every spec passed through <paramref name="reshape"/> first:
    /// tests run a figure's whole pipeline (grid, charts, claims, files) on tiny horizons this way.</summary>
    internal FigureResult Produce(FigureOptions options, Func<RunSpec, RunSpec> reshape) =>
        Write(Run([.. Specs(options).Select(reshape)], options), options);

    /// <summary>Helper for recipes: a sparse-recovery spec from the Figure 3 defaults plus overrides.</summary>
    protected static RunSpec Sparse(params (string Key, object Value)[] values) =>
        RunSpec.Create("sparse-recovery", Problems.SparseRecovery.SparseRecoveryParameters.Schema,
            values.Select(v => new KeyValuePair<string, object>(v.Key, v.Value)));
}
