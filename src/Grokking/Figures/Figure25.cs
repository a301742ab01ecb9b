using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Figure 25 of paper 1 (spec B.1): every recorded a(t) of Figure 3's run as a heat map (rows = steps on a
/// log axis, columns = i; |a_i| &lt; 1e-4 shown as 0), under a strip showing a*.</summary>
public sealed class Figure25 : GridFigure
{
    public override string Id => "25";
    public override string Title => "the iterates a(t) of Figure 3 as a heat map (paper 1, Fig 25)";
    protected override string Setting(bool quick) =>
        "The run of Figure 3 (shared with `grok figure 3`). Each row is a recorded a(t) (t < 1000 and every 1000 steps), " +
        "entries with |a_i| < 1e-4 set to 0 as in the reference notebook; the strip on top is a*. The off-support entries that " +
        "memorisation created vanish around t2, leaving exactly the support of a*.";
    protected override IReadOnlyList<string> Columns => ["alpha", "beta1"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => [Figure3.Spec(quick)];

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var (steps, values) = Matrix(runs[0]);
        var aStar = AStar(runs[0]);
        double lim = Math.Max(values.Cast<double>().Max(Math.Abs), aStar.Max(Math.Abs));
        var scale = ColorScale.Linear(-lim, lim);
        var fig = new Figure(2, 1, 900, 1000) { Title = "Figure 25 — a(t) of Figure 3's run (|a_i| < 1e-4 shown as 0)", RowWeights = [1, 14] };
        var top = fig.Panel(0, 0);
        top.Title = "a*";
        top.X = Axis.Linear("", -0.5, aStar.Length - 0.5);
        top.Y = Axis.Linear("", 0, 1);
        top.Y.TickValues = [];
        var strip = new double[1, aStar.Length];
        for (int i = 0; i < aStar.Length; i++) strip[0, i] = aStar[i];
        top.HeatMap(strip, Enumerable.Range(0, aStar.Length).Select(i => (double)i).ToArray(), [0.5], scale, colorBar: false);
        var p = fig.Panel(1, 0);
        p.X = Axis.Linear("coordinate i", -0.5, aStar.Length - 0.5);
        p.Y = Axis.Log("t + 1");
        p.HeatMap(values, Enumerable.Range(0, aStar.Length).Select(i => (double)i).ToArray(),
            steps.Select(t => t + 1.0).ToArray(), scale, "a_i(t)");
        if (runs[0].Summary.T2 is long t2) p.HorizontalLine(t2 + 1, $"t2 = {t2:N0}", color: "#222222");
        yield return ("figure-25", fig);
    }

    private static (long[] Steps, double[,] Values) Matrix(RunResult r)
    {
        var scopes = r.Record.Scopes(SparseRecoveryModel.Component);
        var steps = r.Record.Series(SparseRecoveryModel.Component, scopes[0]).Steps;
        var m = new double[steps.Length, scopes.Length];
        for (int j = 0; j < scopes.Length; j++)
        {
            var v = r.Record.Series(SparseRecoveryModel.Component, scopes[j]).Values;
            for (int k = 0; k < steps.Length; k++) m[k, j] = Math.Abs(v[k]) < 1e-4 ? 0 : v[k];
        }
        return (steps, m);
    }

    private static double[] AStar(RunResult r) => SparseRecoveryData.Create(r.Spec).AStar;

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var (_, values) = Matrix(runs[0]);
        var aStar = AStar(runs[0]);
        int last = values.GetLength(0) - 1;
        var support = Enumerable.Range(0, aStar.Length).Where(i => aStar[i] != 0).ToArray();
        var found = Enumerable.Range(0, aStar.Length).Where(i => values[last, i] != 0).ToArray();
        yield return new Claim("entries with |a_i| >= 1e-4 at the end = support of a*", $"[{string.Join(", ", found)}]",
            $"[{string.Join(", ", support)}]", found.SequenceEqual(support));
        int midRow = values.GetLength(0) / 2; // a step between memorisation and t2
        int busy = Enumerable.Range(0, aStar.Length).Count(i => values[Math.Min(midRow, last), i] != 0);
        yield return new Claim("non-zero entries after memorisation (before t2)", busy.ToString(), "dense (>> s = 5)", busy > 20);
    }
}
