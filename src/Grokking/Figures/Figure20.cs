using Grokking.Problems.Sensing;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;

namespace Grokking.Figures;

/// <summary>
/// Figure 20 of paper 1 (spec B.6): basis pursuit on the convex-programming grid; per tau a row of three panels:
/// mean relative error vs N (one line per s, log y), the s x N error map (log colour), and N_min vs s.
/// </summary>
public sealed class Figure20 : FigureRecipe<ConvexRecoveryResult>
{
    public override string Id => "20";
    public override string Title => "Convex programming (basis pursuit): recovery error over (s, N) and N_min(s) for tau = 0, 0.5, 1 (paper 1, Fig 20)";

    protected override ConvexRecoveryResult Acquire(FigureOptions options)
    {
        var grid = options.Quick ? ConvexRecoveryGrid.Quick : ConvexRecoveryGrid.Paper;
        return ConvexGridRuns.Recovery(grid, options);
    }

    protected override FigurePage Page(ConvexRecoveryResult result, bool quick) => new()
    {
        Headline = $"figure 20: {result.Grid.SolveCount} basis-pursuit solves in {result.WallSeconds:0.0} s",
        Setting = Setting(result),
        Charts = [("figure-20", Plot(result))],
        Tables = [("", ConvexRecoveryReport.Csv(result))],
        Claims = ConvexRecoveryReport.Checks(result),
        Details = Details(result),
        Footer = "Files: `figure-20.svg`/`.png` (plot), `figure-20.csv` (every cell: mean and per-trial errors, iterations, gaps), `figure-20.md`.",
    };

    internal static Figure Plot(ConvexRecoveryResult r)
    {
        var g = r.Grid;
        int rows = g.Taus.Length;
        var fig = new Figure(rows, 3, width: 1650, height: 60 + 400 * rows)
        {
            Title = "Figure 20 — basis pursuit min ||a||₁ s.t. Xa = y*, n = 100, Φ = I, mean relative error over 4 trials",
        };
        var sScale = ColorScale.Linear(g.Sparsities.Min(), Math.Max(g.Sparsities.Max(), g.Sparsities.Min() + 1));
        var xs = g.Measurements.Select(v => (double)v).ToArray();
        var ys = g.Sparsities.Select(v => (double)v).ToArray();
        var floored = new double[g.Sparsities.Length, g.Measurements.Length];
        double lo = double.PositiveInfinity, hi = 0;
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < g.Sparsities.Length; i++)
                for (int j = 0; j < g.Measurements.Length; j++)
                {
                    double e = Math.Max(r.MeanError[t, i, j], ConvexRecoveryReport.PlotFloor);
                    (lo, hi) = (Math.Min(lo, e), Math.Max(hi, e));
                }
        var errorScale = ColorScale.Log(lo, hi);

        for (int t = 0; t < rows; t++)
        {
            string tau = ConvexRecoveryReport.F(g.Taus[t]);
            var curves = fig.Panel(t, 0);
            curves.Title = $"error vs N (τ = {tau})";
            curves.X = Axis.Linear("number of measurements N");
            curves.Y = Axis.Log($"relative error (τ = {tau})");
            curves.Legend = LegendPosition.Hidden;
            for (int i = 0; i < g.Sparsities.Length; i++)
            {
                var y = new double[g.Measurements.Length];
                for (int j = 0; j < y.Length; j++) y[j] = Math.Max(r.MeanError[t, i, j], ConvexRecoveryReport.PlotFloor);
                curves.Line(xs, y, $"s = {g.Sparsities[i]}", sScale.ColorOf(g.Sparsities[i]), marker: Marker.Circle);
            }
            curves.HorizontalLine(g.Threshold, "1e-6");
            curves.AddColorBar(sScale, "sparsity level s");

            for (int i = 0; i < g.Sparsities.Length; i++)
                for (int j = 0; j < g.Measurements.Length; j++)
                    floored[i, j] = Math.Max(r.MeanError[t, i, j], ConvexRecoveryReport.PlotFloor);
            var map = fig.Panel(t, 1);
            map.Title = $"error over (N, s) (τ = {tau})";
            // Axis limits at the outer cell edges, so the map fills the panel exactly.
            var xEdges = HeatMap.Edges(xs, xs.Length, log: false);
            var yEdges = HeatMap.Edges(ys, ys.Length, log: false);
            map.X = Axis.Linear("number of measurements N", xEdges[0], xEdges[^1]);
            map.Y = Axis.Linear("sparsity level s", yEdges[0], yEdges[^1]);
            map.X.Margin = map.Y.Margin = 0;
            map.Grid = false;
            map.HeatMap(floored, xs, ys, errorScale, "mean relative error");

            var nMin = fig.Panel(t, 2);
            nMin.Title = $"N_min vs s (τ = {tau})";
            ConvexRecoveryReport.NMinPanel(nMin, Slice(r, t), colorBar: false);
            nMin.Legend = LegendPosition.Hidden;
        }
        return fig;
    }

    /// <summary>The result restricted to one tau (for the per-row N_min panel).</summary>
    private static ConvexRecoveryResult Slice(ConvexRecoveryResult r, int t)
    {
        var g = r.Grid with { Taus = [r.Grid.Taus[t]] };
        var nMin = new int?[1, g.Sparsities.Length];
        for (int i = 0; i < g.Sparsities.Length; i++) nMin[0, i] = r.NMin[t, i];
        return r with { Grid = g, NMin = nMin };
    }

    private static string Setting(ConvexRecoveryResult r)
    {
        var g = r.Grid;
        return $"Setting: n = {g.Dimension}, Phi = I, SNR = inf, s in {{{string.Join(", ", g.Sparsities)}}}, " +
               $"N in {{{string.Join(", ", g.Measurements)}}}, tau in {{{string.Join(", ", g.Taus.Select(ConvexRecoveryReport.F))}}}, " +
               $"{g.Trials} trials per (tau, s, N) with a fresh X = get_measures(N, I, tau, 1/N); a* = create_signal(n, s) drawn once per (tau, s) " +
               $"(inside the tau loop, as in the notebook); `min ||a||_1 s.t. X a = y*` by our LP solver; N_min = first N with mean relative " +
               $"l2 error < {g.Threshold:0e+0}.\n\n" +
               "The reference draws a* and X from numpy's unseeded global stream, so its numbers are statistical: ours use one " +
               "seeded MT19937 stream per draw, seed = `TrialSeeds.Of(tag, round(1000 tau), s[, N, trial])` (SplitMix64 chain), " +
               "which makes every value reproducible and independent of the thread count. The reference solves " +
               "`||Xa - y*||_2 <= 1e-8` with cvxpy; we solve the equality-constrained LP and certify each solution (below), " +
               $"so successful errors are at rounding level rather than ~1e-6–1e-8. Errors below {ConvexRecoveryReport.PlotFloor:0e+0} are drawn at that floor.";
    }

    private static string Details(ConvexRecoveryResult r) =>
        "## N_min(s, tau)\n\n" + ConvexRecoveryReport.NMinTable(r) + "\n— = not recovered for any N in the grid.\n\n" +
        "## Solver\n\n" + ConvexRecoveryReport.SolverSummary(r) + "\n";
}
