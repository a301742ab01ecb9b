using System.Globalization;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The claim of the network figures (spec E4.3-E4.5): the smaller alpha·beta, the later t2. The paper states no
/// numbers, so it is checked as orderings: the cells in alpha·beta order by their median t2 over the seeds (each cell
/// against the cells of the next smaller alpha·beta; the cells that break it named), and Spearman's rho of t2 with
/// 1 / (alpha·beta) over the cells' medians and over every run (positive: smaller alpha·beta, later t2).
/// </summary>
public static class AlphaBetaDelay
{
    /// <summary>alpha * beta to 12 digits: 0.01 x 1e-5 and 0.1 x 1e-6 differ in the last bit, and are one value (a tie).</summary>
    public static double Of(double alpha, double beta) =>
        double.Parse((alpha * beta).ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A t2 the figure reads as "not reached": one at the run's last record or the step before it (the
    /// reference's schedule records step n and a duplicate at n + 1), where the test metric may still be improving at
    /// the horizon.</summary>
    public static long? BeforeHorizon(RunResult run, string metric, long? t2)
    {
        var (steps, _) = run.Record.Series(metric);
        return t2 is long t && steps.Length > 0 && t >= steps[^1] - 1 ? null : t2;
    }

    /// <summary>One run's t2 (null: not reached in the horizon) with its name and cell.</summary>
    public readonly record struct RunTime(string Name, double Alpha, double Beta, long? T2);

    /// <param name="family">"l1", "Sobolev", ...: the claims' prefix.</param>
    /// <param name="reference">What the paper says.</param>
    public static IReadOnlyList<Claim> Claims(string family, IReadOnlyList<GrokkingCell> cells, IReadOnlyList<RunTime> runs, string reference)
    {
        var ordering = TimeOrdering.Falling(cells.Select(c => (Of(c.Alpha, c.Beta), c.MedianT2, $"α = {GrokkingCell.Num(c.Alpha)} β = {GrokkingCell.Num(c.Beta)}")), "αβ");
        string order = $"{ordering.Cells} cells with a median t2; breaks: {(ordering.Breaks.Count == 0 ? "none" : string.Join("; ", ordering.Breaks))}" +
                       (ordering.NeverGrokked.Count > 0 ? $"; median not reached (left out): {string.Join(", ", ordering.NeverGrokked)}" : "");

        var reached = cells.Where(c => c.MedianT2 is not null).ToArray();
        double cellRho = reached.Length >= 2
            ? TimeOrdering.SpearmanRho([.. reached.Select(c => 1 / Of(c.Alpha, c.Beta))], [.. reached.Select(c => c.MedianT2!.Value)])
            : double.NaN;
        // a run that never reached t2 ranks after every run that did (ties among themselves)
        double runRho = runs.Count >= 2
            ? TimeOrdering.SpearmanRho([.. runs.Select(r => 1 / Of(r.Alpha, r.Beta))], [.. runs.Select(r => r.T2 is long t ? (double)t : double.PositiveInfinity)])
            : double.NaN;
        int notReached = runs.Count(r => r.T2 is null);
        return
        [
            new Claim($"{family}: median t2 later as αβ shrinks (cells in αβ order)", order, reference, ordering.Holds),
            new Claim($"{family}: Spearman ρ(median t2, 1/(αβ)) over cells", $"{Rho(cellRho)} over {reached.Length} cells", "positive", cellRho > 0),
            new Claim($"{family}: Spearman ρ(t2, 1/(αβ)) over runs", $"{Rho(runRho)} over {runs.Count} runs" +
                      (notReached > 0 ? $" ({notReached} not reached, ranked last)" : ""), "positive", runRho > 0),
        ];
    }

    private static string Rho(double rho) => double.IsNaN(rho) ? "n/a" : rho.ToString("0.00", CultureInfo.InvariantCulture);
}
