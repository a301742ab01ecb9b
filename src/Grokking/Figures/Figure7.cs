using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 7 of paper 1 (spec B.3): l2 only with a large init: errors with ||a||_2, and the components.</summary>
public sealed class Figure7 : GridFigure
{
    public override string Id => "7";
    public override string Title => "l2 only, large init: an abrupt drop that is not generalisation (paper 1, Fig 7)";
    protected override string Setting(bool quick) =>
        "Setting: Fig 3's data (SNR 1e8), beta1 = 0, beta2 = 1e-5 (gradient beta2 a), alpha = 0.1, init 10 * ones " +
        "(the caption's ||a(1)||_2 = 10 differs from the code's 10 * ones, ||a(1)||_2 = 100), 10^8 steps (quick: 2e7). The error drops " +
        "when the null-space part of a has decayed, ~(1 - alpha beta2)^t, i.e. after ~1/(alpha beta2) = 1e6 steps, to the least-squares " +
        "error: the model converges to the ridge solution and never recovers a*.";
    protected override IReadOnlyList<string> Columns => ["beta2", "init-scale"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => [L2OnlyRun.Spec(quick)];

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var r = runs[0];
        var fig = new Figure(1, 2, 1300, 520) { Title = "Figure 7 — l2 regularisation (β₂ = 1e-5) from a large init (10·1)" };
        var (steps, train) = r.Record.Series(SparseRecoveryModel.TrainError);
        var x = steps.Select(t => t + 1.0).ToArray();
        var p = fig.Panel(0, 0);
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("relative error");
        p.Y2 = Axis.Log("||a(t)||₂");
        p.Line(x, train, "train", color: SparseRecoveryPlots.TrainColor);
        p.Line(x, r.Record.Series(SparseRecoveryModel.RecoveryError).Values, "recovery", color: SparseRecoveryPlots.RecoveryColor, style: LineStyle.Dashed);
        p.Line(x, r.Record.Series(SparseRecoveryModel.L2Norm).Values, "||a(t)||₂", color: "#9467bd", rightAxis: true);
        p.HorizontalLine(r.Summary.Theory["a_star_l2"], "||b*||₂", rightAxis: true, color: "#9467bd");
        p.Legend = LegendPosition.LowerLeft;
        var q = fig.Panel(0, 1);
        q.X = Axis.Log("t + 1");
        q.Y = Axis.Linear("a_i(t)");
        q.Legend = LegendPosition.Hidden;
        var scopes = r.Record.Scopes(SparseRecoveryModel.Component);
        var colors = ColorMap.Viridis.Colors(Math.Max(1, scopes.Length));
        for (int k = 0; k < scopes.Length; k++)
            q.Line(x, r.Record.Series(SparseRecoveryModel.Component, scopes[k]).Values, color: colors[k], width: 0.8);
        yield return ("figure-7", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => L2OnlyRun.Claims(runs[0]);
}
