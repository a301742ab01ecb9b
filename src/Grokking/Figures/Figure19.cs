using System.Globalization;
using System.Text;
using Grokking.Problems.Sensing;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;

namespace Grokking.Figures;

/// <summary>
/// Figure 19 of paper 1 (spec B.6): (a) mean coherence mu(M^T, Phi) vs tau, one curve per N (QR basis Phi);
/// (b) N_min(s, tau) vs s, one curve per tau, from the basis-pursuit sweep of Figure 20.
/// </summary>
public sealed class Figure19 : FigureRecipe<(CoherenceResult Coherence, ConvexRecoveryResult Recovery)>
{
    public override string Id => "19";
    public override string Title => "Coherence vs tau (a) and N_min(s, tau) of basis pursuit (b) (paper 1, Fig 19)";

    protected override (CoherenceResult Coherence, ConvexRecoveryResult Recovery) Acquire(FigureOptions options)
    {
        var coherence = ConvexGridRuns.Coherence(options.Quick ? CoherenceGrid.Quick : CoherenceGrid.Paper, options);
        var recovery = ConvexGridRuns.Recovery(options.Quick ? ConvexRecoveryGrid.Quick : ConvexRecoveryGrid.Paper, options);
        return (coherence, recovery);
    }

    protected override FigurePage Page((CoherenceResult Coherence, ConvexRecoveryResult Recovery) data, bool quick)
    {
        var (coherence, recovery) = data;
        return new FigurePage
        {
            Headline = $"figure 19: {coherence.TrialValues.Length} coherence draws in {coherence.WallSeconds:0.0} s, " +
                       $"{recovery.Grid.SolveCount} basis-pursuit solves in {recovery.WallSeconds:0.0} s",
            Setting = Setting(coherence, quick),
            Charts = [("figure-19", Plot(coherence, recovery))],
            Tables = [("a", CoherenceCsv(coherence)), ("b", ConvexRecoveryReport.Csv(recovery))],
            Claims = [.. CoherenceChecks(coherence), .. ConvexRecoveryReport.Checks(recovery)],
            Details = Details(coherence, recovery),
            Footer = $"Coherence: {coherence.TrialValues.Length} draws in {coherence.WallSeconds:0.0} s. {ConvexRecoveryReport.SolverSummary(recovery)}\n\n" +
                     "Files: `figure-19.svg`/`.png`, `figure-19a.csv` (mean and per-trial coherence per (N, tau)), `figure-19b.csv` (the basis-pursuit grid), `figure-19.md`.",
        };
    }

    internal static Figure Plot(CoherenceResult c, ConvexRecoveryResult r)
    {
        var fig = new Figure(1, 2, width: 1400, height: 560) { Title = "Figure 19 — coherence and the number of measurements basis pursuit needs (n = 100)" };
        var g = c.Grid;
        var a = fig.Panel(0, 0);
        a.Title = "(a) mean coherence μ(Mᵀ, Φ), Φ = QR basis";
        a.X = Axis.Linear("τ (fraction of rows copied from Φ)");
        a.Y = Axis.Linear("coherence");
        a.Legend = LegendPosition.Hidden;
        var nScale = ColorScale.Linear(g.Measurements.Min(), Math.Max(g.Measurements.Max(), g.Measurements.Min() + 1));
        for (int j = 0; j < g.Measurements.Length; j++)
        {
            var y = Enumerable.Range(0, g.Taus.Length).Select(t => c.Mean[j, t]).ToArray();
            a.Line(g.Taus, y, $"N = {g.Measurements[j]}", nScale.ColorOf(g.Measurements[j]), width: 1.1);
        }
        a.AddColorBar(nScale, "N");

        var b = fig.Panel(0, 1);
        b.Title = "(b) N_min(s, τ) of basis pursuit, Φ = I";
        ConvexRecoveryReport.NMinPanel(b, r, colorBar: true);
        return fig;
    }

    /// <summary>Spec E2.9: coherence grows with tau; it is 1 once a row of M is a column of Phi; Gaussian rows obey the bound.</summary>
    internal static List<Claim> CoherenceChecks(CoherenceResult c)
    {
        var g = c.Grid;
        int n = g.Dimension;
        // With tau < 1/N no row is copied (int(tau N) = 0) and each tau has its own random draws, so the curve
        // fluctuates there; "grows with tau" is checked as: no dip once rows are copied, and the top tau above tau = 0.
        var dips = new List<string>();
        int notAbove = 0;
        double worstOne = 0.0, worstBoundRatio = 0.0, gaussianSpread = 0.0;
        int boundN = 0;
        for (int j = 0; j < g.Measurements.Length; j++)
        {
            int rows = g.Measurements[j];
            for (int t = 0; t < g.Taus.Length; t++)
            {
                bool copied = (int)(g.Taus[t] * rows) >= 1;
                if (t > 0 && c.Mean[j, t] < c.Mean[j, t - 1] - 1e-12)
                {
                    if (copied) dips.Add($"N={rows} tau={ConvexRecoveryReport.F(g.Taus[t])}");
                    else gaussianSpread = Math.Max(gaussianSpread, c.Mean[j, t - 1] - c.Mean[j, t]);
                }
                if (copied) worstOne = Math.Max(worstOne, Math.Abs(c.Mean[j, t] - 1.0));
            }
            if (!(c.Mean[j, g.Taus.Length - 1] > c.Mean[j, 0])) notAbove++;
            double bound = 2.0 * Math.Sqrt(Math.Log((double)n * rows)) / Math.Sqrt(n);
            if (c.Mean[j, 0] / bound > worstBoundRatio) (worstBoundRatio, boundN) = (c.Mean[j, 0] / bound, rows);
        }
        int tauZero = Array.IndexOf(g.Taus, 0.0);
        var checks = new List<Claim>
        {
            new("mean coherence grows with tau (every N)",
                (dips.Count == 0 && notAbove == 0 ? $"yes, for all {g.Measurements.Length} N: no decrease once int(tau N) >= 1, top tau above tau = 0" : $"no: {notAbove} N with top tau not above tau = 0; dips at " + string.Join("; ", dips.Take(8))) +
                $" (Gaussian regime tau < 1/N fluctuates by up to {gaussianSpread:0.000} between draws)",
                "coherence grows with tau (Fig 19a)", dips.Count == 0 && notAbove == 0),
            new("coherence = 1 as soon as int(tau N) >= 1 (a row of M is a column of Phi)",
                $"max |mean - 1| = {worstOne:0.0e+00}", "follows from get_measures (rows copied from Phi)", worstOne < 1e-12),
        };
        if (tauZero >= 0)
        {
            var first = c.Mean[0, tauZero];
            var last = c.Mean[g.Measurements.Length - 1, tauZero];
            checks.Add(new Claim("tau = 0 (Gaussian M): coherence below 2 sqrt(ln(nN))/sqrt(n) (C1 = 1/2, C2 = 1)",
                $"mean {first:0.000} (N = {g.Measurements[0]}) to {last:0.000} (N = {g.Measurements[^1]}); largest ratio to the bound {worstBoundRatio:0.00} (N = {boundN})",
                "true with probability >= 1 - 1/(nN)", worstBoundRatio < 1.0));
        }
        return checks;
    }

    private static string CoherenceCsv(CoherenceResult c)
    {
        var g = c.Grid;
        var sb = new StringBuilder("N,tau,mean_coherence");
        for (int k = 0; k < g.Trials; k++) sb.Append(",trial_").Append(k);
        sb.Append('\n');
        for (int j = 0; j < g.Measurements.Length; j++)
            for (int t = 0; t < g.Taus.Length; t++)
            {
                sb.Append(g.Measurements[j]).Append(',').Append(ConvexRecoveryReport.R(g.Taus[t])).Append(',').Append(ConvexRecoveryReport.R(c.Mean[j, t]));
                for (int k = 0; k < g.Trials; k++) sb.Append(',').Append(ConvexRecoveryReport.R(c.TrialValues[(j * g.Taus.Length + t) * g.Trials + k]));
                sb.Append('\n');
            }
        return sb.ToString();
    }

    private static string Setting(CoherenceResult c, bool quick)
    {
        var g = c.Grid;
        return $"(a) Setting: n = {g.Dimension}, Phi = Q of the QR of randn(n, n)/sqrt(n) — **seeded here with " +
               $"{g.PhiSeed}** (`create_orthonormal_basis(n, seed={g.PhiSeed})`; the reference leaves it unseeded), " +
               $"N = {g.Measurements[0]}..{g.Measurements[^1]} ({g.Measurements.Length} values), " +
               $"tau = linspace(0, 1, {(quick ? "21)[::2]" : "21)")}, {g.Trials} draws of M = get_measures(N, Phi, tau, 1/N) per cell, " +
               "mean of calculate_coherence(M^T, Phi) = max_ij |<M_i, Phi_j>| / (||M_i|| ||Phi_j||)." +
               (quick ? " The quick grid is a subset of the paper's cells, with identical values." : "") + "\n\n" +
               "The reference draws M (and Phi) unseeded, so its curves are statistical; each of our draws uses its own MT19937 stream " +
               "seeded with `TrialSeeds.Of(COHER, phiSeed, round(1000 tau), N, trial)`, independent of the thread count. " +
               "Note what the code's construction implies: the first int(tau N) rows of M are columns of Phi, so the coherence is " +
               "exactly 1 as soon as int(tau N) >= 1; below that (tau < 1/N) it is the Gaussian level. The curves are therefore steps " +
               "at tau = 1/N, and 'coherence grows with tau' holds as a step, not a gradual increase.\n\n" +
               "(b) N_min(s, tau) from the basis-pursuit sweep of Figure 20 (see `figure-20.md` for its setting); seeds as there, so " +
               "the two figures report the same numbers.";
    }

    private static string Details(CoherenceResult c, ConvexRecoveryResult r)
    {
        var g = c.Grid;
        var sb = new StringBuilder();
        sb.AppendLine("Mean coherence at tau = 0 for a few N:").AppendLine();
        sb.AppendLine("| N | mean coherence | 2 sqrt(ln(nN)/n) |").AppendLine("| --- | --- | --- |");
        int tauZero = Array.IndexOf(g.Taus, 0.0);
        if (tauZero >= 0)
            foreach (int j in new[] { 0, g.Measurements.Length / 4, g.Measurements.Length / 2, g.Measurements.Length - 1 }.Distinct())
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {g.Measurements[j]} | {c.Mean[j, tauZero]:0.0000} | {2 * Math.Sqrt(Math.Log((double)g.Dimension * g.Measurements[j]) / g.Dimension):0.0000} |"));
        sb.AppendLine();
        sb.AppendLine("(b) N_min(s, tau) of basis pursuit:").AppendLine();
        sb.Append(ConvexRecoveryReport.NMinTable(r)).AppendLine();
        sb.AppendLine("— = not recovered for any N in the grid.");
        return sb.ToString();
    }
}
