using System.Text;
using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;
using static Grokking.Figures.MatrixGridFigure;

namespace Grokking.Figures;

/// <summary>
/// Figures 5, 14 and 15 of paper 1 (spec B.9): one matrix run drawn as <see cref="MatrixPlots.Dynamics"/>, plus the
/// same setting over several A* (matrix seeds; the reference's A* comes from an unseeded torch RNG, so only
/// statistics are comparable): fraction recovered, t2 median and range, t2 alpha beta. Horizon 1e7 steps as the
/// paper (quick: 1e6, which still covers t2 ~ 4e5).
/// </summary>
public abstract class MatrixDynamicsFigure : MatrixGridFigure
{
    /// <summary>The figure's setting on top of the experiment's defaults (Fig 5).</summary>
    protected abstract (string Name, object Value)[] Overrides { get; }
    /// <summary>Checks against reference values for the seed-0 run (spec [RUN]); the seed statistics are always checked.</summary>
    protected virtual IEnumerable<Claim> ReferenceChecks(RunResult main) => [];

    public static long Horizon(bool quick) => quick ? 1_000_000 : 10_000_000;
    public static int Seeds(bool quick) => quick ? 5 : 8;

    private static readonly string[] SeedColumns = ["matrix-seed"];
    protected override IReadOnlyList<string> Columns => SeedColumns;

    public RunSpec MainSpec(bool quick) => Spec([.. Overrides, ("steps", Horizon(quick))]);

    /// <summary>Seed 0 (the main run, drawn) first, then the other A*.</summary>
    protected override IReadOnlyList<RunSpec> Specs(bool quick) =>
        [.. Enumerable.Range(0, Seeds(quick)).Select(seed => Spec([.. Overrides, ("steps", Horizon(quick)), ("matrix-seed", (long)seed)]))];

    private static double AlphaBeta(RunResult r) => r.Spec.Real("alpha") * r.Spec.Real("beta-star");

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var main = runs[0];
        yield return ($"figure-{Id}", MatrixPlots.Dynamics(main.Record, main.Summary, $"Figure {Id} — {ChartTitle}", AlphaBeta(main)));
    }

    /// <summary>The chart's title (the figure's, without the paper reference).</summary>
    protected abstract string ChartTitle { get; }

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
    [
        ("", FigureCsv.PerRecord([runs[0]], SeedColumns, ["train_error", "recovery_error", "grad_ratio", "nuclear_norm", "error_spectral"])),
        ("-seeds", FigureCsv.PerRun(runs, SeedColumns)),
    ];

    /// <summary>Statistics over the seeds that did not diverge; the reference values are for seed 0's finished run only.</summary>
    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> finished, bool quick)
    {
        var main = finished.FirstOrDefault(r => r.Spec.Int("matrix-seed") == 0);
        var stats = SeedStatistics.Of(finished, AlphaBeta(finished[0]));
        return (main is null ? [] : ReferenceChecks(main)).Concat(stats.Checks(Horizon(quick), finished[0].Spec.Int("N")));
    }

    protected override string Headline(IReadOnlyList<RunResult> runs, bool quick) =>
        $"figure {Id}{(quick ? " (quick)" : "")}: {runs.Count} runs ({runs.Count(r => r.Reused)} reused{DivergedRuns.CountNote(runs)}), " +
        $"{runs[0].Summary.Steps:N0} steps each, {runs[0].Summary.MicrosecondsPerStep:0.000} us/step (seed 0)";

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        var finished = runs.Finished();
        var stats = SeedStatistics.Of(finished, AlphaBeta(runs[0]));
        var sb = new StringBuilder();
        sb.AppendLine($"Seed-0 run `{s.Id}`: t1 = {Steps(s.T1)}, t2 = {Steps(s.T2)}; predicted t2 = t1 + ||Â − A*||_2/(αβ) = " +
                      $"{G(MatrixPlots.PredictedT2(s) ?? double.NaN)}; final recovery error {G(s.Final["recovery_error"], 3)}, " +
                      $"final spectrum ({string.Join(", ", Enumerable.Range(0, 5).Select(i => G(s.Final.GetValueOrDefault($"sigma_{i}", double.NaN), 5)))}, ...) " +
                      $"vs σ(A*) = ({G(s.Theory["sigma_star_0"], 5)}, {G(s.Theory["sigma_star_1"], 5)}, 0, ...).");
        sb.AppendLine();
        sb.AppendLine("## Over A* (matrix seeds, same observed entries)");
        sb.AppendLine();
        sb.AppendLine(stats.Markdown(finished));
        sb.AppendLine("Notes: the spurious singular values of size ≈ αβ differ in number and in detail from the reference's: they come from " +
                      "the singular vectors of (near-)zero singular values, which are arbitrary (LAPACK's choice there, an orthonormal " +
                      "completion here); they oscillate in [0, αβ] in both.");
        return sb.ToString();
    }

    protected override string Footer(IReadOnlyList<RunResult> runs, IEnumerable<string> csvFiles) =>
        $"Files: `figure-{Id}.svg`/`.png` (plot), `figure-{Id}.csv` (seed-0 metrics per recorded step), " +
        $"`figure-{Id}-seeds.csv` (one row per seed), `runs/<id>/` (spec, long-format metrics incl. σ_i, summary). " +
        $"Stepping speed {runs[0].Summary.MicrosecondsPerStep:0.000} us/step.";
}

/// <summary>Recovery statistics over the matrix seeds of a dynamics figure.</summary>
internal sealed record SeedStatistics(int Runs, int Recovered, double T2Median, long T2Min, long T2Max, double T2AlphaBetaMedian,
    double RatioToPredictedMedian)
{
    /// <summary>Recovered = t2 detected (recovery error reached the figure's threshold).</summary>
    public static SeedStatistics Of(IReadOnlyList<RunResult> runs, double alphaBeta)
    {
        var t2 = runs.Where(r => r.Summary.T2 is not null).Select(r => (double)r.Summary.T2!.Value).ToList();
        var ratio = runs.Where(r => r.Summary.T2 is not null && MatrixPlots.PredictedT2(r.Summary) is not null)
            .Select(r => r.Summary.T2!.Value / MatrixPlots.PredictedT2(r.Summary)!.Value).ToList();
        return new SeedStatistics(runs.Count, t2.Count, Median(t2), t2.Count > 0 ? (long)t2.Min() : 0, t2.Count > 0 ? (long)t2.Max() : 0,
            Median(t2) * alphaBeta, Median(ratio));
    }

    public IEnumerable<Claim> Checks(long horizon, long observations)
    {
        bool paperHorizon = horizon >= 10_000_000;
        yield return new Claim($"fraction of A* recovered within {horizon:G2} steps (seeds 0..{Runs - 1})", $"{Recovered}/{Runs}",
            paperHorizon ? $"most (N = {observations} > N_min = 46)" : "at least one (slower seeds need the 1e7 horizon)",
            paperHorizon ? Recovered * 2 > Runs : Recovered >= 1);
        yield return new Claim("t2 median [range]", $"{G(T2Median, 3)} [{T2Min:N0} .. {T2Max:N0}]", "of order 1e5 (3.7e5 for the reference's A*)",
            T2Median is >= 1e4 and <= 1e6);
        yield return new Claim("t2 · α · β (median)", G(T2AlphaBetaMedian, 3), "Θ(1): t2 ∝ 1/(αβ)", T2AlphaBetaMedian is > 0.1 and < 50);
        yield return new Claim("t2 / (t1 + ||Â − A*||_2/(αβ)) (median)", G(RatioToPredictedMedian, 3), "≈ 1–3 (reference: 370,000 / 177,000 = 2.1)",
            RatioToPredictedMedian is > 0.5 and < 5);
    }

    public string Markdown(IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| matrix seed | σ1(A*), σ2(A*) | ||Â − A*||_2 | t1 | t2 | predicted t2 | t2·αβ | final recovery error |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in runs)
        {
            var s = r.Summary;
            double ab = r.Spec.Real("alpha") * r.Spec.Real("beta-star");
            sb.AppendLine($"| {r.Spec.Int("matrix-seed")} | {G(s.Theory["sigma_star_0"])}, {G(s.Theory["sigma_star_1"])} | {G(s.Theory["ls_spectral_error"])} | " +
                          $"{Steps(s.T1)} | {Steps(s.T2)} | {G(MatrixPlots.PredictedT2(s) ?? double.NaN, 3)} | " +
                          $"{(s.T2 is long t ? G(t * ab, 3) : "—")} | {G(s.Final["recovery_error"], 3)} |");
        }
        sb.AppendLine();
        sb.AppendLine($"Recovered {Recovered}/{Runs}; t2 median {G(T2Median, 3)} (range {T2Min:N0} .. {T2Max:N0}); " +
                      $"median t2·αβ = {G(T2AlphaBetaMedian, 3)}; median t2 / predicted = {G(RatioToPredictedMedian, 3)}.");
        return sb.ToString();
    }
}
