using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// Figures 12 (projected subgradient), 13 (ISTA) and 27 (subgradient) of paper 1 (spec B.5): the (s, N) grid of
/// one method, one panel per s, log-log errors against t + 1, colour = N. A second chart puts the same runs
/// against N as Figure 28 does for the subgradient.
/// </summary>
public sealed class SampleSizeCurves(string id, string method) : GridFigure
{
    public override string Id => id;
    public override string Title => $"{SampleSizeGrid.MethodName(method)} sparse recovery over s and N (paper 1, Fig {id})";
    protected override string Setting(bool quick) =>
        $"Setting: method `{method}`, n = 100, s in {{1, 5, 10, 15}} (a* seed 1 for each s), N in {{10, ..., 100}} " +
        "(X seed 1 for every N), noiseless, alpha = 0.1, beta1 = 1e-5, init 1e-6 * ones, 10^6 steps. One panel per s, train error " +
        "solid and recovery error dashed against t + 1, colour = N (linear colour bar). " +
        $"`figure-{id}-vs-N.png`: the same runs against N (min errors; t1 = first train error <= 1e-2 for s = 1, 1e-3 otherwise; " +
        "t2 = stable plateau, K = 3, 5 %, M = 2; last step if none).";
    protected override IReadOnlyList<string> Columns => ["s", "N"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => SampleSizeGrid.Specs(method, quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var scale = SampleSizeGrid.NColors;
        yield return ($"figure-{id}", ScalingPlots.ErrorCurves(
            $"Figure {id} — {SampleSizeGrid.MethodName(method)}: errors vs t + 1 for each s, colour = N; solid train, dashed recovery",
            runs, "s", "s", r => r.Spec.Int("N"), scale.ColorOf, n => $"N = {n}", logY: true, cols: 2, colorBar: scale,
            colorBarLabel: "N"));
        yield return ($"figure-{id}-vs-N", SampleSizeSummary.Chart(
            $"Figure {id} (summary) — {SampleSizeGrid.MethodName(method)}: errors and times vs N, colour = s", runs));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => SampleSizeClaims.For(runs, method);
}

/// <summary>Figure 28 of paper 1 (spec B.5): the subgradient (s, N) grid against N, colour = s.</summary>
public sealed class Figure28 : GridFigure
{
    public override string Id => "28";
    public override string Title => "subgradient sparse recovery: errors and times vs N for each s (paper 1, Fig 28)";
    protected override string Setting(bool quick) =>
        "The runs of Figure 27 (`grok figure 27` and `28` share them): subgradient, n = 100, s in {1, 5, 10, 15}, " +
        "N in {10, ..., 100}, X seed 1, noiseless, alpha = 0.1, beta1 = 1e-5, init 1e-6 * ones, 10^6 steps. 2 x 2 panels " +
        "against N, colour = s: min over time of the train and recovery errors, t1 = first train error <= 1e-2 (s = 1) or " +
        "1e-3 (otherwise), t2 = stable plateau (K = 3, 5 %, M = 2), the last step when there is none. The caption's " +
        "thresholds (1e-4 / 1e-4) are not what the reference code uses.";
    protected override IReadOnlyList<string> Columns => ["s", "N"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => SampleSizeGrid.Specs("subgradient", quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        yield return ("figure-28", SampleSizeSummary.Chart("Figure 28 — subgradient: errors and times vs N, colour = s", runs));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => SampleSizeClaims.For(runs, "subgradient");
}

internal static class SampleSizeSummary
{
    public static Figure Chart(string title, IReadOnlyList<RunResult> runs) => ScalingPlots.VersusN(title + DivergedRuns.LeftOut(runs),
        [.. runs.Finished().GroupBy(r => r.Spec.Int("s")).OrderBy(g => g.Key).Select(g => new ScalingGroup(
            $"s = {g.Key}", SampleSizeGrid.SColor(g.Key), g.Select(ScalingPoint.FromSummary).ToArray()))],
        "first train error <= 1e-2 (s = 1) or 1e-3", "stable plateau of the recovery error");
}
