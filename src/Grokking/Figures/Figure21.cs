using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 21 of paper 1 (spec B.7): error curves of the coherence grid up to t = 10^6, one panel per N,
/// colour = tau.</summary>
public sealed class Figure21 : GridFigure
{
    public override string Id => "21";
    public override string Title => "coherence: error curves per N, colour = tau (paper 1, Fig 21)";
    protected override string Setting(bool quick) =>
        "Setting: n = 100, s = 5, noiseless, N in {10, ..., 100} with X seed 1 + i (i = index of N, the same for every " +
        "tau), tau in {0, 0.1, ..., 1} (the first int(tau N) rows are canonical vectors), alpha = 0.1, beta1 = 1e-5, init 1e-6 * ones, " +
        "10^7 steps (recorded as the reference up to 10^6, log-spaced after). One panel per N, train error solid and recovery error " +
        "dashed against t + 1 up to 10^6 as in the paper, colour = tau.";
    protected override IReadOnlyList<string> Columns => ["N", "tau", "data-seed"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => TauGrid.Specs(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var scale = TauGrid.TauColors;
        yield return ("figure-21", ScalingPlots.ErrorCurves(
            "Figure 21 — errors vs t + 1 (t ≤ 10⁶) for each N, colour = τ; solid train, dashed recovery",
            runs, "N", "N", TauGrid.Tau, scale.ColorOf, t => $"τ = {t}", logY: true, cols: 2, colorBar: scale,
            colorBarLabel: "τ", maxStep: TauGrid.CurveHorizon));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => CoherenceClaims.All(runs);
}

/// <summary>Figure 22 of paper 1 (spec B.7): the coherence grid against N, colour = tau; t1 and t2 both by the
/// stable-plateau rule.</summary>
public sealed class Figure22 : GridFigure
{
    public override string Id => "22";
    public override string Title => "coherence: errors and times vs N for each tau (paper 1, Fig 22)";
    protected override string Setting(bool quick) =>
        "The runs of Figure 21 (`grok figure 21` and `22` share them), 10^7 steps. 2 x 2 panels against N, colour = tau: " +
        "min over time of the train and recovery errors, t1 = stable plateau of the train error and t2 = stable plateau of the " +
        "recovery error (K = 3, 5 %, M = 2; the last step when there is none). Past 10^6 the records are log-spaced (200 per " +
        "decade), so a later t1 or t2 is resolved to ~1 % instead of 1,000 steps.";
    protected override IReadOnlyList<string> Columns => ["N", "tau", "data-seed"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => TauGrid.Specs(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var scale = TauGrid.TauColors;
        var groups = runs.Finished().GroupBy(TauGrid.Tau).OrderBy(g => g.Key)
            .Select(g => new ScalingGroup($"τ = {g.Key}", scale.ColorOf(g.Key), g.Select(ScalingPoint.BothPlateaus).ToArray()))
            .ToArray();
        yield return ("figure-22", ScalingPlots.VersusN("Figure 22 — coherence τ: errors and times vs N" + DivergedRuns.LeftOut(runs), groups,
            "stable plateau of the train error", "stable plateau of the recovery error", scale, "τ"));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => CoherenceClaims.All(runs);
}
