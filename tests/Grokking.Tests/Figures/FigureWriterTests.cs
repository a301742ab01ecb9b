using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Tests.Reports;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.Figures;

/// <summary>
/// The one writer every figure goes through (<see cref="FigureWriter"/>): files, the markdown page's order, the
/// one claim table and verdict vocabulary, the output lines; and Figure 3 end to end through its recipe.
/// </summary>
public sealed class FigureWriterTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("figure-writer");

    public void Dispose() => TestSupport.Delete(_root);

    private static FigurePage Page()
    {
        var chart = new Figure(1, 1, 300, 200) { Title = "chart" };
        chart.Panel().Line([1.0, 2.0], [3.0, 4.0], "a line");
        return new FigurePage
        {
            Headline = "figure t: 2 solves",
            Setting = "SETTING paragraph.",
            Charts = [("figure-t", chart)],
            Tables = [("", "x,y\n1,2\n"), ("-more", "z\n3\n")],
            Claims =
            [
                new Claim("||a − a*|| small", "1e-9", "<= 1e-6", true),
                new Claim("max |gap|", "0.5", "0", false),
            ],
            Conclusion = "CONCLUSION paragraph.",
            Details = "DETAILS\n\n| a | b |\n| --- | --- |\n| ||x|| | 1 |\n",
            Footer = "FOOTER paragraph.",
            Notes = ["  a note"],
        };
    }

    [Fact]
    public void WritesEveryFileOnePageAndOneVerdictVocabulary()
    {
        var result = FigureWriter.Write("t", "a test figure", new FigureOptions(_root, Quick: true), Page());

        foreach (string name in new[] { "figure-t.svg", "figure-t.csv", "figure-t-more.csv", "figure-t.md" })
            Assert.Contains(Path.Combine(_root, name), result.Files);
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(Path.Combine(_root, "figure-t.csv")));
        Assert.Equal("z\n3\n", File.ReadAllText(Path.Combine(_root, "figure-t-more.csv")));

        string md = File.ReadAllText(Path.Combine(_root, "figure-t.md"));
        Assert.StartsWith("# Figure t (quick grid) — a test figure\n\nSETTING paragraph.\n\n" + FigureWriter.QuickNote + "\n\n" +
                          "| claim | ours | paper / reference code | verdict |\n| --- | --- | --- | --- |\n" +
                          "| ‖a − a*‖ small | 1e-9 | <= 1e-6 | agrees |\n" +
                          "| max \\|gap\\| | 0.5 | 0 | DIFFERS |\n\nCONCLUSION paragraph.\n\nDETAILS\n\n", md);
        Assert.Contains("| ‖x‖ | 1 |", md);          // norm bars inside any table row
        Assert.EndsWith("\n\nFOOTER paragraph.\n", md);
        Assert.DoesNotContain("Diverged", md);         // no runs, none diverged

        Assert.Equal("figure t: 2 solves", result.Lines[0]);
        Assert.Equal("  ||a − a*|| small: 1e-9   (reference: <= 1e-6; agrees)", result.Lines[1]);
        Assert.Equal("  max |gap|: 0.5   (reference: 0; DIFFERS)", result.Lines[2]);
        Assert.Equal("  a note", result.Lines[^1]);
    }

    [Fact]
    public void ClaimsHaveOneVerdictVocabulary()
    {
        Assert.Equal(("agrees", "DIFFERS"), (new Claim("a", "1", "1", true).Verdict, new Claim("a", "1", "2", false).Verdict));
        Assert.Equal(("101,000", "not reached"), (Claim.Int(101_000), Claim.Int(null)));
        Assert.Equal(("0.2909", "0.29088"), (Claim.Real(0.290884), Claim.Real(0.290884, 5)));
    }

    /// <summary>Figure 3's recipe on 2,000 steps: t1 = 60 is reached (the reference code's value), t2 is not.</summary>
    [Fact]
    public void Figure3ThroughItsRecipeOnAShortHorizon()
    {
        var figure = (GridFigure)FigureCatalog.Get("3");
        string dir = Path.Combine(_root, "figure-3");
        var result = figure.Produce(new FigureOptions(dir, RunRoot: _root),
            s => s.With(SparseRecoveryParameters.Schema, ("steps", 2_000L)));

        Assert.StartsWith("figure 3: run ", result.Lines[0]);
        Assert.Contains("  t1: 60   (reference: 60; agrees)", result.Lines);
        Assert.Contains("  t2: not reached   (reference: 101,000; DIFFERS)", result.Lines);
        Assert.StartsWith("  run directory: ", result.Lines[^1]);
        string md = File.ReadAllText(Path.Combine(dir, "figure-3.md"));
        Assert.Contains("| t1 | 60 | 60 | agrees |", md);
        Assert.Contains("| a_star_l1 | 0.290884 | 0.290884 | agrees |", md);
        var csv = File.ReadAllLines(Path.Combine(dir, "figure-3.csv"));
        Assert.StartsWith("step,t_plus_1,train_error,recovery_error,grad_ratio,l1_norm,a_0,", csv[0]);
        Assert.Equal(1000 + 2 + 1, csv.Length); // a record at every t < 1000, then at 1000 and 2000

        // ||a*||_1 is named in the legend, not by a label on the line (which sat on the curves)
        var svg = SvgTests.Parse(File.ReadAllText(Path.Combine(dir, "figure-3.svg")));
        Assert.Empty(SvgTests.ByClass(svg, "refline"));
        Assert.Contains(SvgTests.ByClass(svg, "legend-entry"), e => e.Value.Contains("a*", StringComparison.Ordinal) && e.Value.Contains('₁'));
    }

    /// <summary>Figure 5's predicted t2 is named in the error panels' legends; no label above the frame runs into t2's.</summary>
    [Fact]
    public void TheMatrixDynamicsNameThePredictedT2InTheLegend()
    {
        var spec = ((MatrixDynamicsFigure)FigureCatalog.Get("5")).MainSpec(quick: true)
            .With(MatrixFactorisationParameters.Schema, ("steps", 3_000L));
        var run = RunExecutor.Execute(spec, Path.Combine(_root, "m"), reuse: false);
        double predicted = MatrixPlots.PredictedT2(run.Summary)!.Value;
        var fig = MatrixPlots.Dynamics(run.Record, run.Summary, "Figure 5", 1e-5);

        foreach (var panel in fig.Panels.Take(2))
            Assert.Contains(panel.Series, s => s.Label == $"predicted t2 = {predicted:G3}" && s.X.All(x => x == predicted + 1));
        Assert.All(fig.Panels.SelectMany(p => p.Markers), m => Assert.DoesNotContain("pred", m.Label, StringComparison.Ordinal));
        Assert.Contains(fig.Panels[0].Markers, m => m.Label == $"t1 = {run.Summary.T1:N0}");
    }

    [Theory]
    [InlineData(100L, 350L, 250L)]
    [InlineData(100L, 100L, 0L)]
    [InlineData(300L, 100L, null)]   // the recovery error settled before the training error: no delay
    [InlineData(null, 100L, null)]
    [InlineData(100L, null, null)]
    public void DtIsTheDelayOnlyWhenT2IsNotBeforeT1(long? t1, long? t2, long? dt) =>
        Assert.Equal(dt, new RunSummary { Id = "x", Kind = "k", T1 = t1, T2 = t2 }.Dt);
}
