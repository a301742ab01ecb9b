using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Sweeps;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.SparseFigures;

/// <summary>
/// A grid figure with one run that diverges (init 1e308 overflows at step 1) is still produced: the run is kept,
/// listed in the CSV, markdown and output lines, marked on the curves, left out of the summary panels and claims,
/// and reused (not recomputed) by the next figure over the same runs.
/// </summary>
public sealed class DivergedRunFigureTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("diverged-fig");

    public void Dispose() => TestSupport.Delete(_root);

    private static bool IsVictim(RunSpec s) => s.Real("alpha") == 0.05 && s.Real("beta1") == 1e-4;

    private static RunSpec Tiny(RunSpec s) => s.With(SparseRecoveryParameters.Schema, ("steps", 2_000L));

    /// <summary>The quick (alpha, beta) grid of Figs 4 and 26 on a tiny horizon, (0.05, 1e-4) made to diverge.</summary>
    private static RunSpec OneDiverges(RunSpec s) =>
        IsVictim(s) ? Tiny(s).With(SparseRecoveryParameters.Schema, ("init-scale", 1e308)) : Tiny(s);

    private FigureResult Produce(string id, Func<RunSpec, RunSpec> reshape) =>
        ((GridFigure)FigureCatalog.Get(id)).Produce(new FigureOptions(Path.Combine(_root, "figure-" + id), Quick: true, RunRoot: _root), reshape);

    [Fact]
    public void OneDivergedRunIsListedAndLeftOutOfTheClaimsAndARerunReusesIt()
    {
        var victim = OneDiverges(AlphaBetaGrid.Specs(quick: true).Single(IsVictim));
        var fig4 = Produce("4", OneDiverges);

        string dir = Path.Combine(_root, "figure-4");
        foreach (var ext in new[] { ".svg", ".csv", ".md" })
            Assert.Contains(Path.Combine(dir, "figure-4" + ext), fig4.Files);
        Assert.Contains("9 runs (0 reused, 1 diverged)", fig4.Lines[0]);
        Assert.Contains(fig4.Lines, l => l.Contains($"run {victim.Id} (alpha = 0.05, beta1 = 0.0001) diverged at step 1", StringComparison.Ordinal));
        Assert.Contains("  claims over 8 of 9 runs; 1 diverged:", fig4.Lines);

        // CSV: diverged_at_step is 1 for the victim, empty for every other run
        var rows = File.ReadAllLines(Path.Combine(dir, "figure-4.csv"));
        int column = Array.IndexOf(rows[0].Split(','), "diverged_at_step");
        Assert.True(column >= 0, rows[0]);
        var divergedAt = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(c => c[0], c => c[column]);
        Assert.Equal(9, divergedAt.Count);
        Assert.Equal("1", divergedAt[victim.Id]);
        Assert.All(divergedAt.Where(kv => kv.Key != victim.Id), kv => Assert.Equal("", kv.Value));

        // markdown: the claims say what they are over and skip the victim's reference t2; the run is listed
        string md = File.ReadAllText(Path.Combine(dir, "figure-4.md"));
        Assert.Contains("Claims over 8 of 9 runs; 1 diverged", md);
        Assert.Contains("t2 at (alpha, beta) = (0.1, ", md);
        Assert.DoesNotContain("t2 at (alpha, beta) = (0.05, ", md);
        Assert.Contains("## Diverged runs", md);
        Assert.Contains($"| `{victim.Id}` | 0.05 | 0.0001 | 1 | 0 |", md);
        string svg4 = File.ReadAllText(Path.Combine(dir, "figure-4.svg"));
        Assert.Contains("1 diverged run left out", svg4);
        // the two series on the right axis say so in the legend
        Assert.Contains("αβ (right axis)", svg4);
        Assert.Contains("a*||₁ (right axis)", svg4);

        // the store holds it as done: Fig 26 over the same runs reuses all nine, the victim included, and marks its curve
        using (var store = RunStores.Open(null, _root))
        {
            var stored = store.Get([victim.Id])[victim.Id];
            Assert.Equal((RunState.Done, 1L), (stored.State, stored.DivergedAtStep));
        }
        var fig26 = Produce("26", OneDiverges);
        Assert.Contains("9 runs (9 reused, 1 diverged)", fig26.Lines[0]);
        Assert.Contains("diverged at step 1", File.ReadAllText(Path.Combine(_root, "figure-26", "figure-26.svg")));
        using (var store = RunStores.Open(null, _root))
            Assert.Equal(["done"], store.Attempts(victim.Id).Select(a => a.Outcome));
    }

    [Fact]
    public void BatchMatesOfADivergedRunGetTheSameNumbersAsWithoutIt()
    {
        var specs = AlphaBetaGrid.Specs(quick: true);
        Assert.Single(RunGrid.Plan(specs, [.. Enumerable.Range(0, specs.Count)], batch: true)); // one batch of nine
        string with = Path.Combine(_root, "with"), without = Path.Combine(_root, "without");
        var outcome = SweepRunner.Run([.. specs.Select(OneDiverges)], with, store: null);
        Assert.Equal((9, 0), (outcome.Completed, outcome.Failures.Count));
        SweepRunner.Run([.. specs.Select(Tiny)], without, store: null);

        foreach (var spec in specs.Where(s => !IsVictim(s)).Select(Tiny))
            Assert.Equal(File.ReadAllText(Path.Combine(RunGrid.RunDirectoryOf(without, spec), RunDirectory.MetricsFile)),
                         File.ReadAllText(Path.Combine(RunGrid.RunDirectoryOf(with, spec), RunDirectory.MetricsFile)));
        var victim = RunDirectory.Load(RunGrid.RunDirectoryOf(with, OneDiverges(specs.Single(IsVictim))));
        Assert.Equal((1L, 1L), (victim.Summary.DivergedAtStep, victim.Summary.Steps));
        Assert.Equal([0L], victim.Record.Series(SparseRecoveryModel.TrainError).Steps); // its records up to the divergence
    }

    [Fact]
    public void AFailureOtherThanDivergenceStillFailsTheFigure()
    {
        // alpha above the stability bound is refused when the run is prepared: not a result, an error
        var e = Assert.Throws<SpecException>(() => Produce("4",
            s => IsVictim(s) ? Tiny(s).With(SparseRecoveryParameters.Schema, ("alpha", 0.3)) : Tiny(s)));
        Assert.Contains("of the figure failed", e.Message);
        Assert.Contains("stability bound", e.Message);
    }

    [Fact]
    public void AGridWhoseEveryRunDivergedIsAnError()
    {
        var e = Assert.Throws<SpecException>(() => Produce("26",
            s => Tiny(s).With(SparseRecoveryParameters.Schema, ("init-scale", 1e308))));
        Assert.Contains("all 9 runs of the figure diverged", e.Message);
    }

    [Fact]
    public void TheMarkSitsWhereTheDivergedCurveLeavesTheOthersRange()
    {
        var spec = Tiny(AlphaBetaGrid.Specs(quick: true)[0]);
        var summary = new RunSummary { Id = spec.Id, Kind = spec.Kind, DivergedAtStep = 3_000 };
        var run = new RunResult(spec, new Grokking.Training.MetricRecord(), summary, "", Reused: false);
        var p = new Figure(1, 1, 400, 300).Panel();
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("error");
        p.Line([1, 10, 100, 1000], [1, 0.1, 0.01, 0.001]);
        var marks = new DivergenceMarks(p);
        marks.Add(run, "#ff0000", p.Line([1, 10, 100, 1000], [1, 20, 1e80, double.NaN]));
        marks.Draw();

        // the panel keeps the range of the finished curve and the diverged values near it (1e80 would flatten them),
        // and the × marks the last point inside
        Assert.Equal((0.001 / 1.5, 20 * 1.5), (p.Y.Min!.Value, p.Y.Max!.Value));
        var cross = p.Series[^1];
        Assert.Equal((Marker.Cross, 10.0, 20.0), (cross.Marker, cross.X[0], cross.Y[0]));
        Assert.Contains("diverged at step 3,000", Assert.Single(p.Texts).Text);
    }
}
