using System.Globalization;
using System.Text;
using Grokking.Numerics;
using Grokking.Problems.MatrixFactorisation;
using static Grokking.Figures.ConvexRecoveryReport;

namespace Grokking.Figures;

/// <summary>
/// The numbers of the E3.6 report: claim checks on N needed(r, tau), the N-needed table, the solver-certificate
/// summary and the CSV of the grid (the nuclear-norm counterpart of <see cref="ConvexRecoveryReport"/>).
/// </summary>
public static class NuclearRecoveryReport
{
    /// <summary>E3.6: N needed falls with tau and with r (on both N-needed rules); recoveries reach ~1e-6; every solve
    /// is certified.</summary>
    public static List<Claim> Checks(NuclearRecoveryResult r)
    {
        var g = r.Grid;
        var checks = new List<Claim>();
        checks.AddRange(TrendChecks(r, r.NNeeded, "N needed"));
        checks.AddRange(TrendChecks(r, r.NHalf, "N_50"));

        var means = r.MeanError.Cast<double>().ToArray();
        var success = means.Where(e => e < g.Threshold).ToArray();
        var failure = means.Where(e => e >= g.Threshold).ToArray();
        checks.Add(new Claim("recovered cells reach errors at the 1e-6 level or below",
            $"{success.Length} of {means.Length} cells recover; worst recovered mean error {(success.Length > 0 ? E(success.Max()) : "none")}, " +
            $"median {(success.Length > 0 ? E(success.Order().ElementAt(success.Length / 2)) : "none")}; smallest failing mean error {(failure.Length > 0 ? E(failure.Min()) : "none")}. " +
            TrialErrors(r),
            "errors ~1e-6 (cvxpy)", success.Length > 0 && success.Max() <= 1e-5));

        var failing = r.Trials.Where(t => t.Error >= g.Threshold).ToArray();
        int uncertifiedFailures = failing.Count(t => !(t.TruthExcess > Math.Abs(t.RelativeGap)));
        checks.Add(new Claim("every failed trial is a failure of the convex program: ||A*||_* > ||A||_* (so A* is not a minimiser)",
            $"{failing.Length - uncertifiedFailures}/{failing.Length} failed trials certified; {failing.Count(t => t.UnobservedLine)} of them leave a row or column unobserved",
            "follows if the solver is right", uncertifiedFailures == 0));

        var capped = r.Trials.Where(t => t.Status != NuclearNormStatus.Optimal).ToArray();
        bool cappedAreFailures = capped.All(t => t.Error >= g.Threshold && t.TruthExcess > Math.Abs(t.RelativeGap));
        checks.Add(new Claim("every solve is certified: optimal (relative gap and iterate residual <= 1e-9), or stopped at the cap on a certified failure",
            $"{r.Count(NuclearNormStatus.Optimal)}/{r.Trials.Length} certified; " +
            (capped.Length == 0 ? "none hit the iteration cap" :
                $"{capped.Length} hit the iteration cap with rel. gap <= {E(capped.Max(t => Math.Abs(t.RelativeGap)))} (slow, degenerate problems; " +
                $"{(cappedAreFailures ? "all" : "NOT all")} of them failures certified by ||A*||_* > ||A||_*)"),
            "cvxpy status not reported", capped.Length == 0 || cappedAreFailures));
        return checks;
    }

    /// <summary>Per trial: how the recovered errors spread, and how many lie between rounding level and the threshold
    /// (near misses of the convex program itself: a minimiser close to, but not equal to, A*).</summary>
    private static string TrialErrors(NuclearRecoveryResult r)
    {
        var recovered = r.Trials.Select(t => t.Error).Where(e => e < r.Grid.Threshold).Order().ToArray();
        if (recovered.Length == 0) return "No trial recovers.";
        return $"Per trial: {recovered.Length} of {r.Trials.Length} recover, error median {E(recovered[recovered.Length / 2])}, " +
               $"99th percentile {E(recovered[(int)(0.99 * (recovered.Length - 1))])}, max {E(recovered[^1])}; " +
               $"{recovered.Count(e => e > 1e-8)} between 1e-8 and {r.Grid.Threshold:0e+0}";
    }

    /// <summary>The paper's two trends on one N-needed table: lower at the largest tau than at tau = 0 for every r,
    /// non-increasing along tau, non-increasing along r ("not recovered in the grid" counts as beyond the largest N).</summary>
    private static IEnumerable<Claim> TrendChecks(NuclearRecoveryResult r, int?[,] table, string name)
    {
        var g = r.Grid;
        int tauCount = g.Taus.Length, rankCount = g.Ranks.Length;
        double Key(int t, int i) => table[t, i] ?? double.PositiveInfinity;

        var notLower = Enumerable.Range(0, rankCount).Where(i => !(Key(tauCount - 1, i) < Key(0, i))).ToList();
        yield return new Claim($"{name} at tau = {F(g.Taus[^1])} is below {name} at tau = {F(g.Taus[0])} (every r)",
            string.Join(", ", Enumerable.Range(0, rankCount).Select(i => $"r={g.Ranks[i]}: {N(table[0, i])} -> {N(table[tauCount - 1, i])}")),
            "N needed decreases as tau increases", notLower.Count == 0);

        var tauRises = Rises(tauCount, rankCount, (t, i) => Key(t, i), (t, i) => $"r={g.Ranks[i]}: tau {F(g.Taus[t - 1])}->{F(g.Taus[t])}");
        yield return new Claim($"{name} is non-increasing in tau at every step of the grid",
            tauRises.Count == 0 ? $"yes, for all {rankCount} r" : $"{tauRises.Count} of {(tauCount - 1) * rankCount} steps rise: " + string.Join("; ", tauRises),
            "N needed decreases as tau increases", tauRises.Count == 0);

        var rankRises = Rises(rankCount, tauCount, (i, t) => Key(t, i), (i, t) => $"tau={F(g.Taus[t])}: r {g.Ranks[i - 1]}->{g.Ranks[i]}");
        int rankFalls = Falls(rankCount, tauCount, (i, t) => Key(t, i));
        yield return new Claim($"{name} is non-increasing in r",
            rankRises.Count == 0 ? $"yes, for all {tauCount} tau" :
                $"no: it rises in {rankRises.Count} and falls in {rankFalls} of {(rankCount - 1) * tauCount} steps of r (e.g. {string.Join("; ", rankRises.Take(3))})",
            "N needed decreases as r increases", rankRises.Count == 0);
    }

    /// <summary>Markdown table of an N-needed table: one row per tau, one column per r.</summary>
    public static string NeededTable(NuclearRecoveryResult r, int?[,] table)
    {
        var g = r.Grid;
        var sb = new StringBuilder("| tau \\ r |");
        foreach (int rank in g.Ranks) sb.Append(' ').Append(rank).Append(" |");
        sb.AppendLine().Append("| --- |").AppendLine(string.Concat(Enumerable.Repeat(" --- |", g.Ranks.Length)));
        for (int t = 0; t < g.Taus.Length; t++)
        {
            sb.Append("| ").Append(F(g.Taus[t])).Append(" |");
            for (int i = 0; i < g.Ranks.Length; i++) sb.Append(' ').Append(N(table[t, i])).Append(" |");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>One paragraph on the solver: statuses, iterations, certificates and time per solve.</summary>
    public static string SolverSummary(NuclearRecoveryResult r)
    {
        var times = r.Trials.Select(t => t.Seconds * 1e3).Order().ToArray();
        var iterations = r.Trials.Select(t => t.Iterations).Order().ToArray();
        var certified = r.Trials.Where(t => t.Status == NuclearNormStatus.Optimal).ToArray();
        return $"{r.Trials.Length} nuclear-norm completions (our Douglas-Rachford / SVT solver, `NuclearNormSolver`): " +
               $"{certified.Length} certified, {r.Count(NuclearNormStatus.MaxIterations)} at the iteration cap. Certified solves: max |rel. gap| " +
               $"{E(certified.Select(t => Math.Abs(t.RelativeGap)).DefaultIfEmpty().Max())}, max iterate residual {E(certified.Select(t => t.IterateResidual).DefaultIfEmpty().Max())}. " +
               $"Iterations median {iterations[iterations.Length / 2]}, 95th percentile {iterations[(int)(0.95 * (iterations.Length - 1))]}, max {iterations[^1]}; " +
               $"time per solve (elapsed, includes waiting for a core on a loaded machine) median {times[times.Length / 2]:0.00} ms, " +
               $"max {times[^1]:0} ms; sweep wall time {r.WallSeconds:0.0} s on {r.Threads} threads.";
    }

    /// <summary>Long CSV: tau, r, N, mean error, each trial's error, and the cell's certificate and coverage figures.</summary>
    public static string Csv(NuclearRecoveryResult r)
    {
        var g = r.Grid;
        var sb = new StringBuilder("tau,r,N,mean_error,recovered,success_fraction");
        for (int k = 0; k < g.Trials; k++) sb.Append(",error_trial_").Append(k);
        sb.Append(",unobserved_line_fraction,max_iterations,max_rel_gap,min_truth_excess,median_solve_ms\n");
        for (int t = 0; t < g.Taus.Length; t++)
            for (int i = 0; i < g.Ranks.Length; i++)
                for (int j = 0; j < g.Observations.Length; j++)
                {
                    var cell = Enumerable.Range(0, g.Trials).Select(k => r.Trials[g.Index(t, i, j, k)]).ToArray();
                    double mean = r.MeanError[t, i, j];
                    sb.Append(F(g.Taus[t])).Append(',').Append(g.Ranks[i]).Append(',').Append(g.Observations[j]).Append(',')
                      .Append(R(mean)).Append(',').Append(mean < g.Threshold ? "1" : "0")
                      .Append(',').Append(R(cell.Count(c => c.Error < g.Threshold) / (double)g.Trials));
                    foreach (var trial in cell) sb.Append(',').Append(R(trial.Error));
                    sb.Append(',').Append(R(cell.Count(c => c.UnobservedLine) / (double)g.Trials))
                      .Append(',').Append(cell.Max(c => c.Iterations))
                      .Append(',').Append(R(cell.Max(c => Math.Abs(c.RelativeGap))))
                      .Append(',').Append(R(cell.Min(c => c.TruthExcess)))
                      .Append(',').Append(cell.Select(c => c.Seconds * 1e3).Order().ElementAt(g.Trials / 2).ToString("0.000", CultureInfo.InvariantCulture)).Append('\n');
                }
        return sb.ToString();
    }

    /// <summary>Fraction of the trials at (tau, N), over every r, whose mask leaves a row or column unobserved.</summary>
    public static double UnobservedFraction(NuclearRecoveryResult r, int tau, int n)
    {
        var g = r.Grid;
        int count = 0;
        for (int i = 0; i < g.Ranks.Length; i++)
            for (int k = 0; k < g.Trials; k++)
                if (r.Trials[g.Index(tau, i, n, k)].UnobservedLine) count++;
        return count / (double)(g.Ranks.Length * g.Trials);
    }

    internal static string N(int? needed) => needed?.ToString(CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Steps (outer index o >= 1 against o - 1, for each inner index) where the key rises.</summary>
    private static List<string> Rises(int outer, int inner, Func<int, int, double> key, Func<int, int, string> name)
    {
        var rises = new List<string>();
        for (int i = 0; i < inner; i++)
            for (int o = 1; o < outer; o++)
                if (key(o, i) > key(o - 1, i)) rises.Add(name(o, i));
        return rises;
    }

    private static int Falls(int outer, int inner, Func<int, int, double> key)
    {
        int falls = 0;
        for (int i = 0; i < inner; i++)
            for (int o = 1; o < outer; o++)
                if (key(o, i) < key(o - 1, i)) falls++;
        return falls;
    }
}
