using System.Text;
using Grokking.Problems.Sensing;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Reports;
using static Grokking.Figures.ConvexRecoveryReport;

namespace Grokking.Figures;

/// <summary>
/// Spec row E3.6 (paper 1, App. G.2.3; the paper has no figure for it, hence the id "e3.6"): convex nuclear-norm
/// completion over (r, tau, N). Top row: mean relative error vs N, one line per r, for the first, middle and last tau;
/// bottom row: N needed vs r (one line per tau), N needed vs tau (one line per r), both rules, and the share of masks that leave a
/// row or column unobserved (then no method can recover A*).
/// </summary>
public sealed class NuclearRecoveryFigure : FigureRecipe<NuclearRecoveryResult>
{
    public override string Id => "e3.6";
    public override string Title => "Convex nuclear-norm completion: error over (r, N, tau) and N needed(r, tau) (paper 1, App. G.2.3; no paper figure)";

    protected override NuclearRecoveryResult Acquire(FigureOptions options)
    {
        var grid = options.Quick ? NuclearRecoveryGrid.Quick : NuclearRecoveryGrid.Full;
        return ConvexGridRuns.Nuclear(grid, options);
    }

    protected override FigurePage Page(NuclearRecoveryResult result, bool quick) => new()
    {
        Headline = $"figure e3.6: {result.Grid.SolveCount} nuclear-norm completions in {result.WallSeconds:0.0} s",
        Setting = Setting(result),
        Charts = [("figure-e3.6", Plot(result))],
        Tables = [("", NuclearRecoveryReport.Csv(result))],
        Claims = NuclearRecoveryReport.Checks(result),
        Details = Details(result),
        Footer = "Files: `figure-e3.6.svg`/`.png` (plot), `figure-e3.6.csv` (every cell: mean and per-trial errors, unobserved-line share, " +
                 "iterations, gaps, ||A*||_* excess), `figure-e3.6.md`.",
    };

    internal static Figure Plot(NuclearRecoveryResult r)
    {
        var g = r.Grid;
        var fig = new Figure(2, 3, width: 1650, height: 860)
        {
            Title = $"E3.6 — min ‖A‖_* s.t. A_ij = A*_ij observed, n = {g.Size}, mean relative error over {g.Trials} A* per cell",
        };
        var xs = g.Observations.Select(v => (double)v).ToArray();
        var rankScale = ColorScale.Linear(g.Ranks.Min(), Math.Max(g.Ranks.Max(), g.Ranks.Min() + 1));
        var tauScale = ColorScale.Linear(g.Taus.Min(), Math.Max(g.Taus.Max(), g.Taus.Min() + 1e-9));
        var shown = new[] { 0, g.Taus.Length / 2, g.Taus.Length - 1 }.Distinct().ToArray();
        for (int c = 0; c < shown.Length; c++)
        {
            int t = shown[c];
            var p = fig.Panel(0, c);
            p.Title = $"error vs N (τ = {F(g.Taus[t])})";
            p.X = Axis.Linear("observed entries N");
            p.Y = Axis.Log("relative error ‖A − A*‖_F / ‖A*‖_F");
            for (int i = 0; i < g.Ranks.Length; i++)
            {
                var y = Enumerable.Range(0, xs.Length).Select(j => Math.Max(r.MeanError[t, i, j], PlotFloor)).ToArray();
                p.Line(xs, y, $"r = {g.Ranks[i]}", rankScale.ColorOf(g.Ranks[i]), marker: Marker.Circle);
            }
            p.HorizontalLine(g.Threshold, $"{g.Threshold:0e+0}");
            p.Legend = LegendPosition.LowerLeft;
        }

        var byRank = fig.Panel(1, 0);
        byRank.Title = "N needed vs r (solid: mean rule, dashed: N_50)";
        byRank.X = Axis.Linear("rank r");
        byRank.Y = Axis.Linear("N needed", 0, g.Size * g.Size + 5);
        var ranks = g.Ranks.Select(v => (double)v).ToArray();
        for (int t = 0; t < g.Taus.Length; t++)
        {
            byRank.Line(ranks, Needed(r.NNeeded, t, null), $"τ = {F(g.Taus[t])}", tauScale.ColorOf(g.Taus[t]), marker: Marker.Circle);
            byRank.Line(ranks, Needed(r.NHalf, t, null), null, tauScale.ColorOf(g.Taus[t]), LineStyle.Dashed, marker: Marker.Square);
        }

        var byTau = fig.Panel(1, 1);
        byTau.Title = "N needed vs τ (solid: mean rule, dashed: N_50)";
        byTau.X = Axis.Linear("coherence priority τ");
        byTau.Y = Axis.Linear("N needed", 0, g.Size * g.Size + 5);
        for (int i = 0; i < g.Ranks.Length; i++)
        {
            byTau.Line(g.Taus, Needed(r.NNeeded, null, i), $"r = {g.Ranks[i]}", rankScale.ColorOf(g.Ranks[i]), marker: Marker.Circle);
            byTau.Line(g.Taus, Needed(r.NHalf, null, i), null, rankScale.ColorOf(g.Ranks[i]), LineStyle.Dashed, marker: Marker.Square);
        }

        var coverage = fig.Panel(1, 2);
        coverage.Title = "masks with an unobserved row or column";
        coverage.X = Axis.Linear("observed entries N");
        coverage.Y = Axis.Linear("fraction of trials (all r)", 0, 1.05);
        for (int t = 0; t < g.Taus.Length; t++)
            coverage.Line(xs, Enumerable.Range(0, xs.Length).Select(j => NuclearRecoveryReport.UnobservedFraction(r, t, j)).ToArray(),
                $"τ = {F(g.Taus[t])}", tauScale.ColorOf(g.Taus[t]), marker: Marker.Circle);
        return fig;
    }

    /// <summary>A row (fixed tau) or column (fixed r) of an N-needed table; NaN where the grid never recovers.</summary>
    private static double[] Needed(int?[,] table, int? tau, int? rank) =>
        tau is int t
            ? Enumerable.Range(0, table.GetLength(1)).Select(i => table[t, i] is int v ? v : double.NaN).ToArray()
            : Enumerable.Range(0, table.GetLength(0)).Select(t => table[t, rank!.Value] is int v ? v : double.NaN).ToArray();

    private static string Setting(NuclearRecoveryResult r)
    {
        var g = r.Grid;
        return $"Paper 1, App. G.2.3 (no figure in the paper). Setting: n1 = n2 = {g.Size}; A* = U V^T / sqrt(r) rescaled to ||A*||_F = {g.Size} (U, V ~ randn), one A* per " +
               $"(r, trial) shared by every tau and N; r in {{{string.Join(", ", g.Ranks)}}}, N in {{{string.Join(", ", g.Observations)}}}, " +
               $"tau in {{{string.Join(", ", g.Taus.Select(F))}}}, {g.Trials} trials per cell. Masks by `get_measures_matrix_completion` " +
               "(the int(tau N) entries of largest mu_i + nu_j first, then uniform without replacement). " +
               $"`min ||A||_* s.t. A_ij = A*_ij` on the mask by our Douglas-Rachford / SVT solver; error = ||A - A*||_F / ||A*||_F; " +
               $"N needed = the smallest N whose mean error is below {g.Threshold:0e+0} at that N and every larger N of the grid.\n\n" +
               "The paper used cvxpy and published no code or numbers for this; ours are seeded (`TrialSeeds.Of(LOWRANK, r, trial)` for A*, " +
               "`TrialSeeds.Of(ENTRIES, round(1000 tau), r, trial)` for the mask, the same seed for every N, so tau = 0 masks are nested). " +
               "Each solve carries a duality-gap certificate: the returned A is feasible (the low-rank iterate projected onto the observations) and " +
               "a dual Y supported on the observed entries with ||Y||_2 <= 1 gives the lower bound <Y, A'> = <Y, A*> <= ||A'||_* for every feasible A' (Y vanishes off the mask, where feasible matrices differ).";
    }

    private static string Details(NuclearRecoveryResult r)
    {
        var g = r.Grid;
        var sb = new StringBuilder();
        sb.AppendLine("## N needed(r, tau)").AppendLine();
        sb.AppendLine($"Mean-error rule (mean over the {g.Trials} trials below {g.Threshold:0e+0} at N and every larger N; one failed trial " +
                      "already lifts the mean above the threshold, so this follows the unluckiest A* and mask):").AppendLine();
        sb.Append(NuclearRecoveryReport.NeededTable(r, r.NNeeded)).AppendLine();
        sb.AppendLine($"N_50, the typical case (at least half of the trials below {g.Threshold:0e+0} at N and every larger N):").AppendLine();
        sb.Append(NuclearRecoveryReport.NeededTable(r, r.NHalf)).AppendLine();
        sb.AppendLine("— = not recovered even at the largest N of the grid.").AppendLine();
        sb.AppendLine("Theory for comparison: a rank-r n x n matrix has r(2n − r) degrees of freedom (19, 36, 51, 64, 75 for r = 1..5 at n = 10), " +
                      "and no method can recover A* when a row or column has no observation (bottom-right panel).").AppendLine();
        sb.AppendLine("## Solver").AppendLine().AppendLine(NuclearRecoveryReport.SolverSummary(r));
        return sb.ToString();
    }
}
