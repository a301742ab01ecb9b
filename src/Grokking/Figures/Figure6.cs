using System.Text;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>
/// Figure 6 of paper 1 (spec B.10): over the (alpha, beta*) grid, t2 (stable plateau; last step if none) against
/// alpha beta* beside the law ||Â - A*||_2 / (alpha beta*), and the error at t2, ||A(t2) - A*||_* / sqrt(n),
/// beside alpha beta* (right axis). Claims: t2 ∝ 1/(alpha beta*), error ∝ alpha beta*, an outlier at very small
/// alpha beta* for lack of training (1e7 steps).
/// </summary>
public sealed class Figure6 : MatrixGridFigure
{
    public override string Id => "6";
    public override string Title => "t2 ∝ ||Â − A*||₂/(αβ*) and ||A(t2) − A*|| ∝ αβ* (matrix completion) (paper 1, Fig 6)";
    protected override IReadOnlyList<string> Columns => MatrixAlphaBetaGrid.Columns;
    protected override IReadOnlyList<RunSpec> Specs(bool quick) => MatrixAlphaBetaGrid.Specs(quick);

    protected override string Setting(bool quick) =>
        $"Setting: the {Specs(quick).Count} runs of Figure 29 ({(quick ? "quick grid, 1e6 steps" : "6 α x 6 β*, 1e7 steps")}). " +
        "t2 = stable plateau of the recovery error (last step if none); ||Â − A*||₂ is given below. Right axis: " +
        "||A(t2) − A*||_* / √n as the code computes it (the caption says ||·||₂).";

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> all, bool quick)
    {
        // a diverged run is listed, not plotted or checked: its last records are not where the method leads
        var runs = all.Finished();
        var ab = runs.Select(MatrixAlphaBetaGrid.AlphaBeta).ToArray();
        var t2 = runs.Select(r => (double)MatrixAlphaBetaGrid.T2(r).T2).ToArray();
        var err = runs.Select(MatrixAlphaBetaGrid.ErrorAtT2).ToArray();
        double lsError = runs[0].Summary.Theory["ls_spectral_error"];

        var fig = new Figure(1, 1, width: 900, height: 560) { Title = $"Figure 6 — {ChartTitle}{DivergedRuns.LeftOut(all)}" };
        var p = fig.Panel(0, 0);
        p.X = Axis.Log("α·β*");
        p.Y = Axis.Log("t2");
        p.Y2 = Axis.Log("||A(t2) − A*||_* / √n");
        var detected = runs.Select(r => MatrixAlphaBetaGrid.T2(r).Detected).ToArray();
        p.Scatter(Pick(ab, detected, true), Pick(t2, detected, true), "t2 (stable plateau)", color: MatrixPlots.RecoveryColor, marker: Marker.Circle);
        if (detected.Any(d => !d))
            p.Scatter(Pick(ab, detected, false), Pick(t2, detected, false), "no plateau: last step", color: MatrixPlots.RecoveryColor, marker: Marker.Cross);
        var line = ab.Distinct().Order().ToArray();
        p.Line(line, line.Select(x => lsError / x).ToArray(), "||Â − A*||₂ / (αβ*)", color: MatrixPlots.RecoveryColor, style: LineStyle.Dashed);
        p.Scatter(ab, err, "||A(t2) − A*||_* / √n", color: MatrixPlots.TrainColor, marker: Marker.Square, rightAxis: true);
        p.Line(line, line, "α·β*", color: MatrixPlots.TrainColor, style: LineStyle.Dotted, rightAxis: true);
        yield return ("figure-6", fig);
    }

    /// <summary>The chart's title: the figure's, without the paper reference.</summary>
    private const string ChartTitle = "t2 ∝ ||Â − A*||₂/(αβ*) and ||A(t2) − A*|| ∝ αβ* (matrix completion)";

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) =>
        Checks(runs, runs[0].Summary.Theory["ls_spectral_error"]);

    private static double[] Pick(double[] v, bool[] mask, bool keep) => v.Where((_, i) => mask[i] == keep).ToArray();

    /// <summary>Runs whose t2 is a genuine plateau after memorisation, within the horizon: where the law applies.</summary>
    private static List<RunResult> Lawful(IEnumerable<RunResult> runs) =>
        runs.Where(r => MatrixAlphaBetaGrid.T2(r).Detected && r.Summary.T2 > (r.Summary.T1 ?? 0) && r.Summary.Final["recovery_error"] < 0.1).ToList();

    private static IEnumerable<Claim> Checks(IReadOnlyList<RunResult> runs, double lsError)
    {
        var lawful = Lawful(runs);
        var products = lawful.Select(r => MatrixAlphaBetaGrid.T2(r).T2 * MatrixAlphaBetaGrid.AlphaBeta(r)).ToList();
        double median = Median(products);
        double spread = products.Count > 0 ? products.Max() / products.Min() : double.NaN;
        yield return new Claim($"t2·αβ* over runs that recover ({lawful.Count}/{runs.Count})",
            $"median {G(median, 3)}, max/min {G(spread, 3)}", $"≈ constant, ~||Â − A*||₂ = {G(lsError, 3)} (up to a factor ~2)",
            products.Count >= 2 && spread < 10);
        // slope of log error vs log alpha beta over the runs that recover
        var xs = lawful.Select(r => Math.Log10(MatrixAlphaBetaGrid.AlphaBeta(r))).ToArray();
        var ys = lawful.Select(r => Math.Log10(MatrixAlphaBetaGrid.ErrorAtT2(r))).ToArray();
        double slope = Slope(xs, ys);
        yield return new Claim("slope of log ||A(t2) − A*||_* vs log αβ*", G(slope, 3), "≈ 1 (error ∝ αβ*)", slope is > 0.5 and < 1.5);
        int outliers = runs.Count(r => !MatrixAlphaBetaGrid.T2(r).Detected || r.Summary.Final["recovery_error"] >= 0.1);
        yield return new Claim("runs without recovery in the horizon", $"{outliers}", "only at the smallest αβ* (insufficient training)",
            runs.Where(r => !MatrixAlphaBetaGrid.T2(r).Detected || r.Summary.Final["recovery_error"] >= 0.1)
                .All(r => MatrixAlphaBetaGrid.AlphaBeta(r) * r.Summary.Steps < 10 * lsError));
    }

    private static double Slope(double[] x, double[] y)
    {
        if (x.Length < 2) return double.NaN;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }

    protected override string Details(IReadOnlyList<RunResult> all, bool quick)
    {
        var runs = all.Finished();
        var sb = new StringBuilder();
        sb.AppendLine($"||Â − A*||₂ = {G(runs[0].Summary.Theory["ls_spectral_error"], 4)}.");
        sb.AppendLine();
        sb.AppendLine("| α | β* | αβ* | t2 | t2·αβ* | ||A(t2) − A*||_*/√n | final recovery error |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in runs)
        {
            var (t2, detected) = MatrixAlphaBetaGrid.T2(r);
            sb.AppendLine($"| {r.Spec.Real("alpha")} | {G(r.Spec.Real("beta-star"))} | {G(MatrixAlphaBetaGrid.AlphaBeta(r))} | {t2:N0}{(detected ? "" : " (last step)")} | " +
                          $"{G(t2 * MatrixAlphaBetaGrid.AlphaBeta(r), 3)} | {G(MatrixAlphaBetaGrid.ErrorAtT2(r), 3)} | {G(r.Summary.Final["recovery_error"], 3)} |");
        }
        return sb.ToString();
    }
}
