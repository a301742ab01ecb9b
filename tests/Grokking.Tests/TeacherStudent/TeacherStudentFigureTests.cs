using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.TeacherStudent;
using Grokking.Problems.TeacherStudent.Figures;
using Grokking.Runs;
using Grokking.Sweeps;
using Grokking.Tests.Sweeps;
using Grokking.Training;

namespace Grokking.Tests.TeacherStudent;

/// <summary>
/// Figures 10, 11, 31-34: the catalog entries, the paper's grid (42 runs per family, 10 inside 31 and 11 inside 34),
/// the sweep files that list exactly the figures' runs, the alpha·beta claim on constructed cells and runs (orderings
/// that hold and break, Spearman by hand, t2 at the horizon read as not reached), and Figure 10's whole pipeline on a
/// tiny network with two seeds.
/// </summary>
public sealed class TeacherStudentFigureTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("ts-figures");

    public void Dispose() => TestSupport.Delete(_root);

    private static TeacherStudentFigure Figure(string id) => (TeacherStudentFigure)FigureCatalog.Get(id);

    [Fact]
    public void TheCatalogHasTheSixFiguresAndTheyTakeSeeds()
    {
        foreach (string id in new[] { "10", "11", "31", "32", "33", "34" })
            Assert.IsAssignableFrom<ISeededFigure>(FigureCatalog.Get(id));
        Assert.Equal(["l1", "l1", "l2", "nuclear", "sobolev", "sobolev"], new[] { "10", "31", "32", "33", "11", "34" }.Select(id => Figure(id).Family));
    }

    [Fact]
    public void TheGridIsThePapersAndFiguresOfOneFamilyShareRuns()
    {
        var f31 = Figure("31").Specs(quick: false, seeds: 1);
        Assert.Equal(6 * 7, f31.Count);
        Assert.Equal(42, f31.Select(s => s.Id).Distinct().Count());
        Assert.All(f31, s => Assert.Equal(1_000_001, s.Int("steps")));
        Assert.Equal([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], f31.Where(s => s.Real("lr") == 1e-4).Select(s => s.Real("beta")));
        var f10 = Figure("10").Specs(quick: false, seeds: 1);
        Assert.Equal(3 * 7, f10.Count);
        Assert.Subset(f31.Select(s => s.Id).ToHashSet(), f10.Select(s => s.Id).ToHashSet());
        var f34 = Figure("34").Specs(quick: false, seeds: 1);
        Assert.All(f34, s => Assert.Equal(100_001, s.Int("steps")));
        Assert.Subset(f34.Select(s => s.Id).ToHashSet(), Figure("11").Specs(quick: false, seeds: 1).Select(s => s.Id).ToHashSet());
        // seed 0 is the run `grok run teacher-student --penalty l2 --lr 0.01 --beta 0.001` makes
        var plain = RunSpec.Create("teacher-student", TeacherStudentGrid.TeacherStudentSchema, [new("penalty", "l2"), new("lr", 1e-2), new("beta", 1e-3)]);
        Assert.Contains(plain.Id, Figure("32").Specs(quick: false, seeds: 1).Select(s => s.Id));
        // seeds: init seeds 0 .. K-1, data seed 0 for all
        var three = Figure("33").Specs(quick: true, seeds: 3);
        Assert.Equal(3 * 3 * 4, three.Count);
        Assert.All(three.GroupBy(s => (s.Real("lr"), s.Real("beta"))), g => Assert.Equal([0L, 1L, 2L], g.Select(s => s.Int("init-seed"))));
        Assert.All(three, s => Assert.Equal(0, s.Int("data-seed")));
        Assert.Equal([5.5e-3], Figure("11").Specs(quick: true, seeds: 1).Select(s => s.Real("lr")).Distinct());
        Assert.All(Figure("34").Specs(quick: true, seeds: 1), s => Assert.Equal(100, s.Int("eval-every")));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("11")]
    [InlineData("31")]
    [InlineData("32")]
    [InlineData("33")]
    [InlineData("34")]
    public void TheSweepFileListsExactlyTheFiguresRuns(string id)
    {
        var plan = SweepYaml.Load(Path.Combine(TestSupport.RepoRoot(), "experiments", $"fig{id}.yaml")).Expand();
        Assert.Equal($"fig{id}", plan.Name);
        Assert.Equal(Figure(id).Specs(quick: false, seeds: 1).Select(s => s.Id).Order(), plan.Runs.Select(r => r.Spec.Id).Order());
    }

    private static GrokkingCell Cell(double alpha, double beta, params long?[] t2) => new("l1", alpha, beta, [.. t2.Select(_ => (long?)10)], t2);

    [Fact]
    public void TheAlphaBetaClaimHoldsOnAnOrderedGridAndNamesTheCellsThatBreakIt()
    {
        // alpha·beta: 1e-7, 1e-6 (twice: a tie, not compared within), 1e-5
        var ordered = new[] { Cell(1e-3, 1e-4, 9000, 8000, 9500), Cell(1e-3, 1e-3, 3000, 3300, 2900), Cell(1e-2, 1e-4, 2500, 3100, 4000), Cell(1e-2, 1e-3, 1500, 1400, 1600) };
        var runs = ordered.SelectMany(c => c.T2.Select((t, k) => new AlphaBetaDelay.RunTime($"{c.Alpha} {c.Beta} {k}", c.Alpha, c.Beta, t))).ToArray();
        var claims = AlphaBetaDelay.Claims("l1", ordered, runs, "smaller αβ, longer delay");
        Assert.All(claims, c => Assert.True(c.Ok, c.Ours));
        Assert.Equal("4 cells with a median t2; breaks: none", claims[0].Ours);
        // medians 9000, 3000, 3100, 1500 against 1/(αβ) = 1e7, 1e6, 1e6, 1e5: ranks (4, 2.5, 2.5, 1) vs (4, 2, 3, 1)
        Assert.Equal(Pearson([4, 2.5, 2.5, 1], [4, 2, 3, 1]), Rho(claims[1]), 2);

        // 1e-2 x 1e-3 later than a 1e-6 cell; a cell whose seeds mostly never get there is left out and named
        var broken = new[] { Cell(1e-3, 1e-4, 9000), Cell(1e-3, 1e-3, 3000), Cell(1e-2, 1e-4, 2500), Cell(1e-2, 1e-3, 2600), Cell(1e-4, 1e-4, [null]) };
        var bad = AlphaBetaDelay.Claims("l2", broken, [], "x");
        Assert.False(bad[0].Ok);
        Assert.Contains("α = 0.01 β = 0.001 (t2 2,600) later than α = 0.01 β = 1e-4 (2,500)", bad[0].Ours);
        Assert.Contains("median not reached (left out): α = 1e-4 β = 1e-4", bad[0].Ours);
        Assert.Equal("n/a over 0 runs", bad[2].Ours);
    }

    [Fact]
    public void ARunNotReachingT2RanksLastOverRuns()
    {
        var runs = new AlphaBetaDelay.RunTime[] { new("a", 1e-3, 1e-4, null), new("b", 1e-3, 1e-3, 5000), new("c", 1e-2, 1e-3, 800) };
        var claim = AlphaBetaDelay.Claims("Sobolev", [], runs, "x")[2];
        Assert.Equal(1.0, Rho(claim), 12);
        Assert.Contains("(1 not reached, ranked last)", claim.Ours);
    }

    [Fact]
    public void AMinimumAtTheLastRecordIsNotReached()
    {
        var spec = TeacherStudentGrid.Spec("l1", 1e-3, 1e-4, 0, 30);
        var record = new MetricRecord();
        int test = record.Register(TeacherStudentModel.TestLoss);
        foreach (var (step, v) in new[] { (0L, 5.0), (10L, 1.0), (20L, 0.5), (30L, 0.4) }) record.Add(step, test, v);
        var run = new RunResult(spec, record, new RunSummary { Id = spec.Id, Kind = spec.Kind, Steps = 30, T1 = 10, T2 = 30 }, "", false);
        Assert.Equal((10L, (long?)null), TeacherStudentGrid.Times(run));
        var early = run with { Summary = new RunSummary { Id = spec.Id, Kind = spec.Kind, Steps = 30, T1 = 10, T2 = 20 } };
        Assert.Equal(20L, TeacherStudentGrid.Times(early).T2);
        // the step before the last record is the horizon too (records at n and n + 1)
        var beforeLast = run with { Summary = new RunSummary { Id = spec.Id, Kind = spec.Kind, Steps = 30, T1 = 10, T2 = 29 } };
        Assert.Null(TeacherStudentGrid.Times(beforeLast).T2);
        Assert.True(TeacherStudentFigure.LogThinned(999) && TeacherStudentFigure.LogThinned(12_300) && !TeacherStudentFigure.LogThinned(12_310));
    }

    private static RunSpec Tiny(RunSpec s) => s.With(s.Kind == "sobolev" ? TeacherStudentGrid.SobolevSchema : TeacherStudentGrid.TeacherStudentSchema,
        ("d", 5L), ("hidden", 8L), ("samples", 40L), ("n-train", 10L), ("n-test", 30L), ("steps", 150L));

    [Fact]
    public void FigureTenWritesTheCurvesTheNormsAndTheCellsOverSeeds()
    {
        string dir = Path.Combine(_root, "figure-10");
        var result = Figure("10").Produce(new FigureOptions(dir, Quick: true, RunRoot: _root, Seeds: 2), Tiny);

        var csv = File.ReadAllLines(Path.Combine(dir, "figure-10.csv"));
        Assert.Equal(["run_id", "penalty", "lr", "beta", "init-seed", "steps", "t1", "t2"], csv[0].Split(',')[..8]);
        Assert.Equal(2 * 4 * 2, csv.Length - 1);  // alpha 1e-3, 5.5e-3 x 4 quick betas x 2 seeds
        var curves = File.ReadAllLines(Path.Combine(dir, "figure-10-curves.csv"));
        Assert.Equal("run,penalty,lr,beta,step,train_loss,test_loss,l0_norm,l1_norm,l2_norm,nuclear_norm,diverged_at_step", curves[0]);
        Assert.Equal(8 * (101 + 5), curves.Length - 1);  // seed 0: steps 0..100, 110..150
        string md = File.ReadAllText(Path.Combine(dir, "figure-10.md"));
        Assert.Contains("## Cells (2 seeds each; t1 at train MSE ≤ 1e-4, t2 at the minimum test MSE)", md);
        Assert.Contains("| l1 | 0.001 | 1e-4 | ", md);
        Assert.Contains("Spearman ρ(median t2, 1/(αβ)) over cells", md);
        Assert.Contains("| run | α | β | seed | t1 | t2 | αβ | min test MSE |", md);
        Assert.Equal(3, result.Lines.Count(l => l.Contains("(reference: ", StringComparison.Ordinal)));
        Assert.Contains(result.Files, f => f.EndsWith("figure-10-norms.svg", StringComparison.Ordinal));
    }

    private static double Rho(Claim c) => double.Parse(c.Ours.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
