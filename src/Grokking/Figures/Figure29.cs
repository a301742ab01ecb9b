using System.Text;
using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// Figure 29 of paper 1 (spec B.10): recovery error against t for every (alpha, beta*), one panel per alpha,
/// colour = beta*, a dot at t2 (stable plateau). Smaller alpha beta* recovers later (and more precisely).
/// </summary>
public sealed class Figure29 : MatrixGridFigure
{
    public override string Id => "29";
    public override string Title => "matrix completion over (α, β*): t2 grows as 1/(αβ*) (paper 1, Fig 29)";
    protected override IReadOnlyList<string> Columns => MatrixAlphaBetaGrid.Columns;
    protected override IReadOnlyList<RunSpec> Specs(bool quick) => MatrixAlphaBetaGrid.Specs(quick);

    protected override string Setting(bool quick) =>
        $"Setting: completion as Figure 5 (10 x 10, rank 2, N = 80, seed 0), α ∈ {{{string.Join(", ", MatrixAlphaBetaGrid.Alphas(quick))}}}, " +
        $"β* ∈ {{{string.Join(", ", MatrixAlphaBetaGrid.Betas(quick).Select(b => G(b)))}}}, init 1e-6·I, {MatrixAlphaBetaGrid.Horizon(quick):N0} steps; " +
        "t2 = stable plateau of the recovery error (K = 3, 5 %, M = 2; the last step if none).";

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var alphas = MatrixAlphaBetaGrid.Alphas(quick);
        var betas = MatrixAlphaBetaGrid.Betas(quick);
        int cols = Math.Min(3, alphas.Length), rows = (alphas.Length + cols - 1) / cols;
        var fig = new Figure(rows, cols, width: 420 * cols + 120, height: 360 * rows + 60) { Title = "Figure 29 — matrix completion over (α, β*): t2 grows as 1/(αβ*)" };
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
        yield return ("figure-29", fig);
    }

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
        [("", FigureCsv.PerRecord(runs, Columns, ["train_error", "recovery_error", "error_nuclear"]))];

    /// <summary>Monotone in beta at fixed alpha: t2 (plateau) decreases as beta grows.</summary>
    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> finished, bool quick)
    {
        int monotone = 0, pairs = 0;
        foreach (double a in MatrixAlphaBetaGrid.Alphas(quick))
        {
            var t2 = finished.Where(r => r.Spec.Real("alpha") == a).OrderBy(r => r.Spec.Real("beta-star")).Select(r => MatrixAlphaBetaGrid.T2(r).T2).ToArray();
            for (int k = 1; k < t2.Length; k++, pairs++) if (t2[k] <= t2[k - 1]) monotone++;
        }
        yield return new Claim("t2 decreases as β* grows at fixed α (adjacent pairs)", $"{monotone}/{pairs}", "all", monotone == pairs);
    }

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| α | β* | αβ* | t2 | final recovery error |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in runs.Finished())
        {
            var (t2, detected) = MatrixAlphaBetaGrid.T2(r);
            sb.AppendLine($"| {r.Spec.Real("alpha")} | {G(r.Spec.Real("beta-star"))} | {G(MatrixAlphaBetaGrid.AlphaBeta(r))} | {t2:N0}{(detected ? "" : " (no plateau: last step)")} | {G(r.Summary.Final["recovery_error"], 3)} |");
        }
        return sb.ToString();
    }
}
