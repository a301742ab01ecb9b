using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 26 of paper 1 (spec B.2): the curves behind Figure 4, one panel per alpha, one colour per beta.</summary>
public sealed class Figure26 : GridFigure
{
    public override string Id => "26";
    public override string Title => "sparse recovery: error curves over the (α, β) grid (paper 1, Fig 26)";
    protected override string Setting(bool quick) =>
        "The runs of Figure 4 (`grok figure 4` and `grok figure 26` share them). One panel per alpha, log-log errors " +
        "against t + 1, colour = beta (log colour bar), solid = train, dashed = recovery, vertical line at the stable-plateau t2.";
    protected override IReadOnlyList<string> Columns => ["alpha", "beta1"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => AlphaBetaGrid.Specs(quick);

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var alphas = runs.Select(r => r.Spec.Real("alpha")).Distinct().Order().ToArray();
        var betas = runs.Select(r => r.Spec.Real("beta1")).Distinct().Order().ToArray();
        int cols = 2, rows = (alphas.Length + 1) / 2;
        var fig = new Figure(rows, cols, 1100, 330 * rows + 60) { Title = "Figure 26 — errors for each (α, β): solid train, dashed recovery" };
        var scale = ColorScale.Log(betas[0], betas[^1]);
        fig.AddColorBar(scale, "β");
        for (int k = 0; k < alphas.Length; k++)
        {
            var p = fig.Panel(k / cols, k % cols);
            p.Title = $"α = {alphas[k]}";
            p.X = Axis.Log("t + 1");
            p.Y = Axis.Log("relative error");
            p.Legend = LegendPosition.Hidden;
            var marks = new DivergenceMarks(p);
            foreach (var r in runs.Where(r => r.Spec.Real("alpha") == alphas[k]).OrderBy(r => r.Spec.Real("beta1")))
            {
                string color = scale.ColorOf(r.Spec.Real("beta1"));
                var (steps, train) = r.Record.Series(SparseRecoveryModel.TrainError);
                var x = steps.Select(t => t + 1.0).ToArray();
                marks.Add(r, color, p.Line(x, train, color: color, width: 1.2),
                    p.Line(x, r.Record.Series(SparseRecoveryModel.RecoveryError).Values, color: color, style: LineStyle.Dashed, width: 1.2));
                if (!r.Diverged && r.Summary.T2 is long t2) p.VerticalMarker(t2 + 1, "", color: color, style: LineStyle.Dotted);
            }
            marks.Draw();
        }
        for (int k = alphas.Length; k < rows * cols; k++) fig.Panel(k / cols, k % cols).Visible = false;
        yield return ("figure-26", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        // large beta: early plateau at a suboptimal error (spec E2.4: alpha 0.1, beta 1e-3 -> t ~ 2,000, error 0.026)
        var big = runs.FirstOrDefault(r => r.Spec.Real("alpha") == 0.1 && r.Spec.Real("beta1") == 1e-3);
        if (big is not null)
        {
            double err = Figure4.ValueAt(big, SparseRecoveryModel.RecoveryError, big.Summary.T2);
            yield return new Claim("alpha 0.1, beta 1e-3: plateau step and relative recovery error",
                $"{Claim.Int(big.Summary.T2)}, {Claim.Real(err)}", "2,000, 0.026",
                big.Summary.T2 == 2000 && Math.Abs(err - 0.0263) < 0.003);
        }
        // smaller alpha*beta -> later t2 (monotone in alpha*beta within each alpha panel)
        bool monotone = runs.GroupBy(r => r.Spec.Real("alpha")).All(g =>
        {
            var t2s = g.Where(r => r.Spec.Real("beta1") <= 1e-3).OrderBy(r => r.Spec.Real("beta1"))
                .Select(r => r.Summary.T2 ?? long.MaxValue).ToArray();
            return t2s.Zip(t2s.Skip(1)).All(p => p.First >= p.Second);
        });
        yield return new Claim("within each alpha, t2 decreases as beta grows (beta <= 1e-3)", monotone ? "yes" : "no", "yes", monotone);
    }
}
