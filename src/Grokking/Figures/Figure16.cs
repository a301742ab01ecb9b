using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 16 of paper 1 (spec B.3): the run of Figure 7 on a linear y axis (looks like grokking) and on a
/// log axis (shows it is not).</summary>
public sealed class Figure16 : GridFigure
{
    public override string Id => "16";
    public override string Title => "grokking without understanding: linear vs log error axis (paper 1, Fig 16)";
    protected override string Setting(bool quick) =>
        "The run of Figure 7 (`grok figure 7` and `grok figure 16` share it). Left: errors on a linear axis, where the drop " +
        "looks like grokking; right: the same on a log axis, where the recovery error is seen to settle at the least-squares error.";
    protected override IReadOnlyList<string> Columns => ["beta2", "init-scale"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => [L2OnlyRun.Spec(quick)];

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var r = runs[0];
        var fig = new Figure(1, 2, 1300, 520) { Title = "Figure 16 — the same run, linear (left) and log (right) error axes" };
        var (steps, train) = r.Record.Series(SparseRecoveryModel.TrainError);
        var x = steps.Select(t => t + 1.0).ToArray();
        var recovery = r.Record.Series(SparseRecoveryModel.RecoveryError).Values;
        var l1 = r.Record.Series(SparseRecoveryModel.L1Norm).Values;
        for (int c = 0; c < 2; c++)
        {
            var p = fig.Panel(0, c);
            p.X = Axis.Log("t + 1");
            p.Y = c == 0 ? Axis.Linear("relative error") : Axis.Log("relative error");
            p.Y2 = Axis.Log("||a(t)||₁");
            p.Line(x, train, "train", color: SparseRecoveryPlots.TrainColor);
            p.Line(x, recovery, "recovery", color: SparseRecoveryPlots.RecoveryColor, style: LineStyle.Dashed);
            p.Line(x, l1, "||a(t)||₁", color: "#9467bd", rightAxis: true);
            p.HorizontalLine(r.Summary.Theory[c == 0 ? "a_star_l2" : "a_star_l1"], c == 0 ? "||b*||₂" : "||a*||₁", rightAxis: true, color: "#9467bd");
            p.Legend = LegendPosition.LowerLeft;
        }
        yield return ("figure-16", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) => L2OnlyRun.Claims(runs[0]);
}
