using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// Figure 24 of paper 1 (spec B.4): the path of a(t) in the plane (u, v) = (||a_I||, ||a_{I^c}||), I = supp(a*), for
/// N in {10, ..., 100}: from the init to the least-squares solution â (memorisation, red X) and, when N is large
/// enough, on to a* = (||a*||, 0) (red o). A second chart sets t1 and t2 beside their approximations of spec B.4.
/// </summary>
public sealed class Figure24 : GridFigure
{
    public static readonly long[] Ns = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    public override string Id => "24";
    public override string Title => "sparse recovery landscape: (||a_I||, ||a_{I^c}||) from init to â to a* (paper 1, Fig 24)";
    protected override string Setting(bool quick) =>
        "Setting: n = 100, s = 5 (a* seed 1), N in {10, ..., 100} (index i) with X seed and noise seed 1 + i, SNR 1e8, " +
        "alpha = 0.1, beta1 = 1e-5, init 1e-6 * ones, 10^6 steps (the paper's text says N in {20, ..., 70}; the code runs 10..100). " +
        "`figure-24.png`: u(t) = ||a_I(t)||_2 against v(t) = ||a_{I^c}(t)||_2 per N (colour bar), markers at 5 log-spaced records " +
        "(the notebook's select_log_space(·, 6)[1:]), red X = (u, v) of the least-squares solution â, red o = (||a*||, 0). " +
        "`figure-24-times.png`: t1 (first train error <= 1e-3) and t2 (stable plateau) against N, beside t1_approx = " +
        "−ln(1 + (1 − ρ)||a(0) − â|| / (αβ)) / ln(ρ + 1e-8) and t1 + Δt_approx, Δt_approx = ||â − a*||_∞ / (αβ).";
    protected override IReadOnlyList<string> Columns => ["N", "data-seed", "noise-seed"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) =>
        [.. Ns.Select((N, i) => RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
        [
            new("N", N), new("data-seed", 1L + i), new("noise-seed", 1L + i), new("steps", quick ? 200_000L : 1_000_000L),
            new("components", false), new("t2-rule", "plateau"),
        ]))];

    /// <summary>The notebook's <c>select_log_space(iterations, 6)[1:]</c>: unique(int(logspace(0, log10(count − 1), 6))) minus the first.</summary>
    internal static int[] LogSpacedIndices(int count, int points = 6)
    {
        if (count < 2) return [];
        double top = Math.Log10(count - 1);
        return [.. Enumerable.Range(0, points).Select(k => (int)Math.Pow(10, top * k / (points - 1))).Distinct().Skip(1)];
    }

    private static readonly Marker[] TimeMarkers = [Marker.Circle, Marker.Square, Marker.Triangle, Marker.Diamond, Marker.Star];

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var scale = ColorScale.Linear(Ns[0], Ns[^1]);
        var fig = new Figure(1, 1, 1000, 720) { Title = "Figure 24 — a(t) in the plane ($||a_I||_2$, $||a_{Iᶜ}||_2$), colour = N" };
        fig.AddColorBar(scale, "N");
        var p = fig.Panel();
        p.X = Axis.Linear("on the support I of a*: u = $||a_I||_2$");
        p.Y = Axis.Linear("off the support: v = $||a_{Iᶜ}||_2$");
        p.Legend = LegendPosition.UpperRight;
        long[] markerSteps = [];
        var marks = new DivergenceMarks(p);
        foreach (var r in runs.OrderBy(r => r.Spec.Int("N")))
        {
            string color = scale.ColorOf(r.Spec.Int("N"));
            var (steps, u) = r.Record.Series(SparseRecoveryModel.SupportNorm);
            var v = r.Record.Series(SparseRecoveryModel.OffSupportNorm).Values;
            marks.Add(r, color, p.Line(u, v, color: color, width: 1.2));
            // time markers at the finished runs' common record steps; a diverged run's shorter record has other steps
            int[] idx = r.Diverged ? [] : LogSpacedIndices(steps.Length);
            if (!r.Diverged) markerSteps = [.. idx.Select(i => steps[i])];
            for (int k = 0; k < idx.Length; k++)
                p.Scatter([u[idx[k]]], [v[idx[k]]], color: color, marker: TimeMarkers[k % TimeMarkers.Length], size: 8);
            p.Scatter([r.Summary.Theory["ls_support_norm"]], [r.Summary.Theory["ls_off_support_norm"]], color: "#d62728",
                marker: Marker.Cross, size: 10);
        }
        // legend-only entries (no finite point): what the marker shapes and the red symbols mean
        for (int k = 0; k < markerSteps.Length; k++)
            p.Scatter([double.NaN], [double.NaN], $"$t_{k}$ = {markerSteps[k]:N0}", color: "#555555", marker: TimeMarkers[k % TimeMarkers.Length]);
        p.Scatter([double.NaN], [double.NaN], "â (least squares)", color: "#d62728", marker: Marker.Cross, size: 10);
        p.Scatter([runs[0].Summary.Theory["a_star_l2"]], [0.0], "a* = (||a*||, 0)", color: "#d62728", marker: Marker.Circle, size: 10);
        marks.Draw();
        yield return ("figure-24", fig);

        var times = new Figure(1, 1, 900, 600) { Title = "Figure 24 (times) — t1, t2 and their approximations vs N" + DivergedRuns.LeftOut(runs) };
        var q = times.Panel();
        q.X = Axis.Linear("N (measurements)");
        q.Y = Axis.Log("steps");
        var rows = runs.Finished().OrderBy(r => r.Spec.Int("N")).ToArray();
        double[] N = [.. rows.Select(r => (double)r.Spec.Int("N"))];
        static double OrNaN(long? t) => t is long x ? x : double.NaN;
        q.Line(N, [.. rows.Select(r => OrNaN(r.Summary.T1))], "t1 (first train error ≤ 1e-3)", color: "#1f77b4", marker: Marker.Circle);
        q.Line(N, [.. rows.Select(r => r.Summary.Theory["t1_predicted"])], "t1 approx", color: "#1f77b4", style: LineStyle.Dashed, marker: Marker.Star);
        q.Line(N, [.. rows.Select(r => OrNaN(r.Summary.T2))], "t2 (stable plateau)", color: "#d62728", marker: Marker.Circle);
        q.Line(N, [.. rows.Select(r => OrNaN(r.Summary.T1) + r.Summary.Theory["dt_predicted"])], "t1 + Δt approx",
            color: "#d62728", style: LineStyle.Dashed, marker: Marker.Star);
        q.Legend = LegendPosition.Best;
        yield return ("figure-24-times", times);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        // E2.12: after memorisation v -> 0 and u -> ||a*|| when N is large enough; small N stays at a suboptimal point.
        // "Reached" = both within 1 % of ||a*|| at the last record.
        bool Reached(RunResult r)
        {
            double norm = r.Summary.Theory["a_star_l2"];
            return r.Summary.Final[SparseRecoveryModel.OffSupportNorm] <= 0.01 * norm
                && Math.Abs(r.Summary.Final[SparseRecoveryModel.SupportNorm] - norm) <= 0.01 * norm;
        }
        var ordered = runs.OrderBy(r => r.Spec.Int("N")).ToArray();
        var reached = ordered.Where(Reached).Select(r => r.Spec.Int("N")).ToArray();
        // "large enough": every N from the first that reaches a* on also reaches it
        long? from = reached.Length == 0 ? null : reached[0];
        bool monotone = from is long f && ordered.Where(r => r.Spec.Int("N") >= f).All(Reached);
        yield return new Claim("N whose final (u, v) is within 1 % of ||a*|| of (||a*||, 0)",
            reached.Length == 0 ? "none" : string.Join(", ", reached),
            "all N large enough; small N stuck at a suboptimal point (paper text, App. H.1)",
            monotone && from > ordered[0].Spec.Int("N"));

        // spec B.4's approximations, N < n (at N = n, â = a* up to noise and lambda_min makes t1_approx meaningless);
        // the theory predicts orders of magnitude (t1 = O(log(1/eps)/alpha), Δt = Θ(1/(alpha beta))): we ask a factor 3
        var below = ordered.Where(r => r.Spec.Int("N") < r.Spec.Int("n")).ToArray();
        var t1Ratio = below.Where(r => r.Summary.T1 is not null).Select(r => r.Summary.T1!.Value / r.Summary.Theory["t1_predicted"]).ToArray();
        if (t1Ratio.Length > 0)
            yield return new Claim("t1 / t1_approx (N < n)", $"{t1Ratio.Min():0.00} .. {t1Ratio.Max():0.00}",
                "O(1): t1_approx above (we ask 1/3 .. 3)", t1Ratio.Min() >= 1.0 / 3 && t1Ratio.Max() <= 3);
        var t2Ratio = below.Where(r => r.Summary.T1 is not null && r.Summary.T2 is not null && Reached(r))
            .Select(r => r.Summary.T2!.Value / (r.Summary.T1!.Value + r.Summary.Theory["dt_predicted"])).ToArray();
        if (t2Ratio.Length > 0)
            yield return new Claim("t2 / (t1 + Δt_approx) (N < n, runs that reach a*)", $"{t2Ratio.Min():0.00} .. {t2Ratio.Max():0.00}",
                "O(1): Δt ≈ ||â − a*||_∞ / (αβ) (Fig 4, reference code: 1.45 .. 1.75 at N = 30; we ask 1/3 .. 3)",
                t2Ratio.Min() >= 1.0 / 3 && t2Ratio.Max() <= 3);
    }
}
