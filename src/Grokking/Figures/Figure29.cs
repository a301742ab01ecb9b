using System.Text;
using Grokking.Reports;
using Grokking.Store;
using static Grokking.Figures.MatrixFigureFiles;

namespace Grokking.Figures;

/// <summary>
/// Figure 29 of paper 1 (spec B.10): recovery error against t for every (alpha, beta*), one panel per alpha,
/// colour = beta*, a dot at t2 (stable plateau). Smaller alpha beta* recovers later (and more precisely).
/// </summary>
public sealed class Figure29 : IFigure
{
    public string Id => "29";
    public string Title => "matrix completion over (α, β*): t2 grows as 1/(αβ*)";

    public FigureResult Produce(FigureOptions options)
    {
        var runs = MatrixAlphaBetaGrid.Run(options);
        var alphas = MatrixAlphaBetaGrid.Alphas(options.Quick);
        var betas = MatrixAlphaBetaGrid.Betas(options.Quick);
        int cols = Math.Min(3, alphas.Length), rows = (alphas.Length + cols - 1) / cols;
        var fig = new Figure(rows, cols, width: 420 * cols + 120, height: 360 * rows + 60) { Title = $"Figure 29 — {Title}" };
        var scale = ColorScale.Log(betas.Min(), betas.Max());
        for (int i = 0; i < alphas.Length; i++)
        {
            var p = fig.Panel(i / cols, i % cols);
            p.Title = $"α = {alphas[i]}";
            p.Legend = LegendPosition.Hidden;
            MatrixPlots.ErrorsByParameter(p, runs.Where(r => r.Spec.Real("alpha") == alphas[i]).ToList(),
                s => s.Real("beta-star"), scale, "recovery_error", logX: true);
        }
        fig.AddColorBar(scale, "β*");
        Directory.CreateDirectory(options.OutputDirectory);
        string stem = Path.Combine(options.OutputDirectory, "figure-29");
        var files = new List<string>();
        string? note = Save(fig, stem, files);
        WriteRunsCsv(stem + ".csv", runs, MatrixAlphaBetaGrid.Columns, ["train_error", "recovery_error", "error_nuclear"]);
        files.Add(stem + ".csv");

        // monotone in beta at fixed alpha: t2 (plateau) decreases as beta grows (over the runs that did not diverge)
        var finished = runs.Finished();
        int monotone = 0, pairs = 0;
        foreach (double a in alphas)
        {
            var t2 = finished.Where(r => r.Spec.Real("alpha") == a).OrderBy(r => r.Spec.Real("beta-star")).Select(r => MatrixAlphaBetaGrid.T2(r).T2).ToArray();
            for (int k = 1; k < t2.Length; k++, pairs++) if (t2[k] <= t2[k - 1]) monotone++;
        }
        var checks = new List<Check>
        {
            new("t2 decreases as β* grows at fixed α (adjacent pairs)", $"{monotone}/{pairs}", "all", monotone == pairs),
        };
        var sb = new StringBuilder();
        sb.AppendLine($"# Figure 29 — {Title} (paper 1)");
        sb.AppendLine();
        sb.AppendLine($"Setting (spec B.10): completion as Figure 5 (10 x 10, rank 2, N = 80, seed 0), α ∈ {{{string.Join(", ", alphas)}}}, " +
                      $"β* ∈ {{{string.Join(", ", betas.Select(b => G(b)))}}}, init 1e-6·I, {MatrixAlphaBetaGrid.Horizon(options.Quick):N0} steps; " +
                      "t2 = stable plateau of the recovery error (K = 3, 5 %, M = 2; the last step if none).");
        sb.AppendLine();
        sb.Append(DivergedRuns.ClaimsNote(runs));
        sb.AppendLine(Table(checks));
        sb.AppendLine("| α | β* | αβ* | t2 | final recovery error |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in finished)
        {
            var (t2, detected) = MatrixAlphaBetaGrid.T2(r);
            sb.AppendLine($"| {r.Spec.Real("alpha")} | {G(r.Spec.Real("beta-star"))} | {G(MatrixAlphaBetaGrid.AlphaBeta(r))} | {t2:N0}{(detected ? "" : " (no plateau: last step)")} | {G(r.Summary.Final["recovery_error"], 3)} |");
        }
        sb.Append(DivergedRuns.Markdown(runs, MatrixAlphaBetaGrid.Columns));
        WriteMarkdown(stem + ".md", sb.ToString());
        files.Add(stem + ".md");
        var lines = new List<string> { $"figure 29: {runs.Length} runs ({runs.Count(r => r.Reused)} reused{DivergedRuns.CountNote(runs)})" };
        lines.AddRange(DivergedRuns.Lines(runs, MatrixAlphaBetaGrid.Columns));
        lines.AddRange(Lines(checks));
        if (note is not null) lines.Add($"  note: {note}");
        return new FigureResult(files, lines);
    }
}
