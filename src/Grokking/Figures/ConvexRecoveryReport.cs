using System.Globalization;
using System.Text;
using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>
/// Shared pieces of Figures 19 and 20: the E2.8 claim checks on a convex-recovery sweep, the N_min table, the
/// solver-certificate summary, the N_min-vs-s panel and the CSV of the grid.
/// </summary>
public static class ConvexRecoveryReport
{
    /// <summary>Mean errors below this are drawn at it on log axes (polished solutions can be exact).</summary>
    public const double PlotFloor = 1e-16;

    /// <summary>E2.8: N_min grows with s and with tau, tau -> 1 pushes N_min to n, and success is well separated.</summary>
    public static List<Claim> Checks(ConvexRecoveryResult r)
    {
        var g = r.Grid;
        int tauCount = g.Taus.Length, sCount = g.Sparsities.Length;
        double Key(int t, int i) => r.NMin[t, i] ?? double.PositiveInfinity;

        var notMonotoneInS = new List<string>();
        for (int t = 0; t < tauCount; t++)
            for (int i = 1; i < sCount; i++)
                if (Key(t, i) < Key(t, i - 1)) notMonotoneInS.Add($"tau={F(g.Taus[t])} s={g.Sparsities[i]}");
        var notMonotoneInTau = new List<string>();
        for (int i = 0; i < sCount; i++)
            for (int t = 1; t < tauCount; t++)
                if (Key(t, i) < Key(t - 1, i)) notMonotoneInTau.Add($"s={g.Sparsities[i]} tau={F(g.Taus[t])}");

        var checks = new List<Claim>
        {
            new("N_min(s, tau) is non-decreasing in s (not reached = infinity)",
                notMonotoneInS.Count == 0 ? $"yes, for all {tauCount} tau" : "no: " + string.Join("; ", notMonotoneInS),
                "increases with s", notMonotoneInS.Count == 0),
            new("N_min(s, tau) is non-decreasing in tau",
                notMonotoneInTau.Count == 0 ? $"yes, for all {sCount} s" : "no: " + string.Join("; ", notMonotoneInTau),
                "increases with tau", notMonotoneInTau.Count == 0),
        };

        int top = Array.IndexOf(g.Taus, g.Taus.Max());
        if (g.Taus[top] == 1.0)
        {
            double smallest = Enumerable.Range(0, sCount).Min(i => Key(top, i));
            checks.Add(new Claim("tau = 1: N_min close to n for every s",
                $"smallest N_min = {(double.IsInfinity(smallest) ? "not reached" : smallest.ToString(CultureInfo.InvariantCulture))} (n = {g.Dimension})",
                $">= 0.9 n = {0.9 * g.Dimension:0}", smallest >= 0.9 * g.Dimension));
        }

        var means = r.MeanError.Cast<double>().ToArray();
        var success = means.Where(e => e < g.Threshold).ToArray();
        var failure = means.Where(e => e >= g.Threshold).ToArray();
        string worstSuccess = success.Length > 0 ? E(success.Max()) : "none";
        string bestFailure = failure.Length > 0 ? E(failure.Min()) : "none";
        bool separated = failure.Length == 0 || failure.Min() > 1e3 * g.Threshold;
        checks.Add(new Claim("successful recoveries reach the 1e-6 level, failures are far from it",
            $"{success.Length} cells recover, worst mean error {worstSuccess}; smallest failing mean error {bestFailure}",
            "successful errors ~1e-6 (cvxpy, ||Xa - y|| <= 1e-8)", success.Length > 0 && separated));

        int optimal = r.Count(BasisPursuitStatus.Optimal);
        checks.Add(new Claim("every LP solve is certified optimal",
            $"{optimal}/{r.Trials.Length} optimal; max rel. residual {E(r.Trials.Max(t => t.RelativeResidual))}, " +
            $"max dual infeasibility {E(r.Trials.Max(t => t.DualInfeasibility))}, max |rel. gap| {E(r.Trials.Max(t => Math.Abs(t.RelativeGap)))}",
            "certificate within 1e-8", optimal == r.Trials.Length));
        return checks;
    }

    /// <summary>Markdown table: one row per tau, one column per s.</summary>
    public static string NMinTable(ConvexRecoveryResult r)
    {
        var g = r.Grid;
        var sb = new StringBuilder();
        sb.Append("| tau \\ s |");
        foreach (int s in g.Sparsities) sb.Append(' ').Append(s).Append(" |");
        sb.AppendLine().Append("| --- |").AppendLine(string.Concat(Enumerable.Repeat(" --- |", g.Sparsities.Length)));
        for (int t = 0; t < g.Taus.Length; t++)
        {
            sb.Append("| ").Append(F(g.Taus[t])).Append(" |");
            for (int i = 0; i < g.Sparsities.Length; i++) sb.Append(' ').Append(r.NMin[t, i]?.ToString(CultureInfo.InvariantCulture) ?? "—").Append(" |");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>One paragraph on the solver: statuses, polish rate, iterations and time per solve.</summary>
    public static string SolverSummary(ConvexRecoveryResult r)
    {
        var times = r.Trials.Select(t => t.Seconds * 1e3).Order().ToArray();
        var iterations = r.Trials.Select(t => t.Iterations).Order().ToArray();
        return $"{r.Trials.Length} basis-pursuit LPs (our interior-point solver, `BasisPursuitSolver`): " +
               $"{r.Count(BasisPursuitStatus.Optimal)} optimal, {r.Count(BasisPursuitStatus.MaxIterations)} max-iterations, " +
               $"{r.Count(BasisPursuitStatus.Infeasible)} infeasible; {r.Trials.Count(t => t.Polished)} polished on the support. " +
               $"Iterations median {iterations[iterations.Length / 2]}, max {iterations[^1]}; solve time per LP (one thread, excluding data " +
               $"generation) median {times[times.Length / 2]:0.00} ms, 95th percentile {times[(int)(0.95 * (times.Length - 1))]:0.00} ms, " +
               $"max {times[^1]:0.00} ms (the max includes JIT warm-up); sweep wall time {r.WallSeconds:0.0} s on {r.Threads} threads.";
    }

    /// <summary>N_min vs s, one line per tau coloured by tau (viridis), "not reached" points left out.</summary>
    public static void NMinPanel(Panel p, ConvexRecoveryResult r, bool colorBar)
    {
        var g = r.Grid;
        p.X = Axis.Linear("sparsity level s");
        p.Y = Axis.Linear("N_min for recovery", 0, g.Measurements.Max() + 5);
        var scale = ColorScale.Linear(g.Taus.Min(), Math.Max(g.Taus.Max(), g.Taus.Min() + 1e-9));
        for (int t = 0; t < g.Taus.Length; t++)
        {
            var y = Enumerable.Range(0, g.Sparsities.Length).Select(i => r.NMin[t, i] is int v ? (double)v : double.NaN).ToArray();
            p.Line(g.Sparsities.Select(s => (double)s).ToArray(), y, $"τ = {F(g.Taus[t])}", scale.ColorOf(g.Taus[t]), marker: Marker.Circle);
        }
        p.HorizontalLine(g.Dimension, $"N = n = {g.Dimension}");
        p.Legend = LegendPosition.Best;
        if (colorBar) p.AddColorBar(scale, "τ");
    }

    /// <summary>Long CSV: tau, s, N, mean error, each trial's error, and whether the cell counts as recovered.</summary>
    public static string Csv(ConvexRecoveryResult r)
    {
        var g = r.Grid;
        var sb = new StringBuilder("tau,s,N,mean_error,recovered");
        for (int k = 0; k < g.Trials; k++) sb.Append(",error_trial_").Append(k);
        sb.Append(",max_iterations,max_rel_gap,median_solve_ms\n");
        for (int t = 0; t < g.Taus.Length; t++)
            for (int i = 0; i < g.Sparsities.Length; i++)
                for (int j = 0; j < g.Measurements.Length; j++)
                {
                    double mean = r.MeanError[t, i, j];
                    sb.Append(F(g.Taus[t])).Append(',').Append(g.Sparsities[i]).Append(',').Append(g.Measurements[j]).Append(',')
                      .Append(R(mean)).Append(',').Append(mean < g.Threshold ? "1" : "0");
                    int maxIt = 0;
                    double maxGap = 0;
                    for (int k = 0; k < g.Trials; k++)
                    {
                        var trial = r.Trials[g.Index(t, i, j, k)];
                        sb.Append(',').Append(R(trial.Error));
                        maxIt = Math.Max(maxIt, trial.Iterations);
                        maxGap = Math.Max(maxGap, Math.Abs(trial.RelativeGap));
                    }
                    var ms = Enumerable.Range(0, g.Trials).Select(k => r.Trials[g.Index(t, i, j, k)].Seconds * 1e3).Order().ToArray();
                    sb.Append(',').Append(maxIt).Append(',').Append(R(maxGap)).Append(',')
                      .Append(ms[ms.Length / 2].ToString("0.000", CultureInfo.InvariantCulture)).Append('\n');
                }
        return sb.ToString();
    }

    /// <summary>Progress of a sweep as the CLI's live line ("step" = finished solves).</summary>
    public static Action<long, long>? Progress(FigureOptions options, string label)
    {
        if (options.Progress is null) return null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        return (done, total) => options.Progress(label, new TrainingProgress(done, total, clock.Elapsed.TotalSeconds, [], [], [], []));
    }

    internal static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    internal static string E(double v) => v.ToString("0.0e+00", CultureInfo.InvariantCulture);
    internal static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
