using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>
/// The matrix grid figures (6, 29 over the (alpha, beta*) grid; 8, 23 over the tau and sample grids; 5 over the
/// seeds) with one diverged run. Their specs are fixed at 1e6 steps or more, so each run directory is written
/// beforehand from a 3,000-step run of the same setting, under the full spec: the figure reuses a complete
/// directory as it would a finished run (the sweep runner commits it as found).
/// </summary>
public sealed class MatrixFigureDivergedRunTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("diverged-matrix");

    public void Dispose() => TestSupport.Delete(_root);

    /// <summary>Writes a short stand-in for every spec; <paramref name="victim"/>'s is a depth-2 factorisation from
    /// 100 I, which diverges within a few steps (completion itself is stable from any init). Returns that step.</summary>
    private long Prepare(IEnumerable<RunSpec> specs, Func<RunSpec, bool> victim)
    {
        long? divergedAt = null;
        foreach (var spec in specs)
        {
            var shortSpec = spec.With(MatrixFactorisationParameters.Schema, ("steps", 3_000L));
            if (victim(spec)) shortSpec = shortSpec.With(MatrixFactorisationParameters.Schema, ("depth", 2L), ("init-scale", 100.0));
            var r = RunExecutor.Execute(shortSpec, Path.Combine(_root, "short", shortSpec.Id), reuse: true, keepDiverged: true);
            Assert.Equal(victim(spec), r.Diverged);
            divergedAt ??= r.DivergedAtStep;
            RunDirectory.Write(RunGrid.RunDirectoryOf(_root, spec), spec, r.Record, r.Summary);
        }
        return divergedAt!.Value;
    }

    private (FigureResult Result, string Markdown, string Csv) Produce(string id, string csv)
    {
        var result = FigureCatalog.Get(id).Produce(new FigureOptions(Path.Combine(_root, "figure-" + id), Quick: true, RunRoot: _root));
        string dir = Path.Combine(_root, "figure-" + id);
        return (result, File.ReadAllText(Path.Combine(dir, $"figure-{id}.md")), File.ReadAllText(Path.Combine(dir, csv)));
    }

    private static void AssertListsOneDivergedRun(FigureResult result, string markdown, string csv, int runs, long step)
    {
        Assert.Contains($"{runs} runs (", result.Lines[0]);
        Assert.Contains("1 diverged)", result.Lines[0]);
        Assert.Contains($"  claims over {runs - 1} of {runs} runs; 1 diverged:", result.Lines);
        Assert.Contains($"Claims over {runs - 1} of {runs} runs; 1 diverged", markdown);
        Assert.Contains("## Diverged runs", markdown);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",diverged_at_step", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.EndsWith($",{step}", StringComparison.Ordinal));
        Assert.Contains(lines.Skip(1), l => l.EndsWith(',')); // the runs that did not diverge: empty
    }

    [Fact]
    public void TheAlphaBetaGridFiguresListTheDivergedRun()
    {
        var specs = MatrixAlphaBetaGrid.Specs(quick: true);
        long step = Prepare(specs, s => s.Real("alpha") == 1.0 && s.Real("beta-star") == 1e-3);
        var (fig6, md6, csv6) = Produce("6", "figure-6.csv");
        AssertListsOneDivergedRun(fig6, md6, csv6, specs.Count, step);
        Assert.Contains("t2·αβ* over runs that recover", md6);
        var (fig29, md29, csv29) = Produce("29", "figure-29.csv");
        AssertListsOneDivergedRun(fig29, md29, csv29, specs.Count, step);
        Assert.Contains($"(alpha = 1, beta-star = 0.001) diverged at step {step}", string.Join("\n", fig29.Lines));
    }

    [Fact]
    public void TheCoherenceFiguresListTheDivergedRun()
    {
        var taus = MatrixCoherenceGrid.TauSpecs(quick: true);
        var samples = MatrixCoherenceGrid.SampleSpecs(quick: true);
        long step = Prepare(taus.Concat(samples), s => s.Real("tau") == 0.4 && s.Int("N") == 70);
        var (fig8, md8, csv8) = Produce("8", "figure-8.csv");
        AssertListsOneDivergedRun(fig8, md8, csv8, taus.Count, step);
        var (fig23, md23, csv23) = Produce("23", "figure-23.csv");
        AssertListsOneDivergedRun(fig23, md23, csv23, taus.Count + samples.Count, step);
    }

    [Fact]
    public void TheSeedStatisticsOfFigure5LeaveTheDivergedSeedOut()
    {
        var figure = (MatrixDynamicsFigure)FigureCatalog.Get("5");
        var seeds = Enumerable.Range(0, MatrixDynamicsFigure.Seeds(quick: true))
            .Select(seed => figure.MainSpec(quick: true).With(MatrixFactorisationParameters.Schema, ("matrix-seed", (long)seed))).ToList();
        long step = Prepare(seeds, s => s.Int("matrix-seed") == 2);
        var (fig5, md5, csv5) = Produce("5", "figure-5-seeds.csv");
        AssertListsOneDivergedRun(fig5, md5, csv5, seeds.Count, step);
    }
}
