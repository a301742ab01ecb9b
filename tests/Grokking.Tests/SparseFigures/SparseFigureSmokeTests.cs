using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Problems.SparseRecovery;
using Grokking.Runs;

namespace Grokking.Tests.SparseFigures;

/// <summary>
/// Every figure of the N/s/tau/depth/landscape family runs its quick grid end to end (specs, batched runs, charts,
/// claims, files) with the horizon cut to a few thousand steps: the grids must build valid specs and the charts and
/// claims must cope with runs that have not converged. The claims' verdicts are not checked here (they need the
/// paper's horizons); the grids' shapes and seeds are.
/// </summary>
public sealed class SparseFigureSmokeTests(SparseFigureSmokeTests.RunRoot root) : IClassFixture<SparseFigureSmokeTests.RunRoot>
{
    /// <summary>One run root for the class: figures over the same grid (9/17/18, 21/22, 27/28) reuse its runs, as they do in `figures/`.</summary>
    public sealed class RunRoot : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "grok-sparsefigs-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, true);
        }
    }

    private readonly string _root = root.Path;

    private static RunSpec Tiny(RunSpec s) => s.With(SparseRecoveryParameters.Schema, ("steps", 2_000L));

    [Theory]
    [InlineData("9"), InlineData("12"), InlineData("13"), InlineData("17"), InlineData("18")]
    [InlineData("21"), InlineData("22"), InlineData("24"), InlineData("27"), InlineData("28")]
    public void QuickGridProducesChartsCsvAndClaims(string id)
    {
        var figure = (GridFigure)FigureCatalog.Get(id);
        string dir = Path.Combine(_root, "figure-" + id);
        var result = figure.Produce(new FigureOptions(dir, Quick: true, RunRoot: _root), Tiny);

        Assert.Contains(result.Files, f => f.EndsWith($"figure-{id}.svg", StringComparison.Ordinal));
        Assert.Contains(result.Files, f => f.EndsWith($"figure-{id}.csv", StringComparison.Ordinal));
        string md = File.ReadAllText(Path.Combine(dir, $"figure-{id}.md"));
        Assert.Contains("| claim | ours |", md);
        Assert.True(result.Lines.Count >= 2, $"figure {id} checked no claim: {string.Join("\n", result.Lines)}");
        Assert.DoesNotContain("NaN", md);
    }

    [Fact]
    public void Figure9DrawsEveryDepthOfItsGrid()
    {
        string dir = Path.Combine(_root, "figure-9-depths");
        ((GridFigure)FigureCatalog.Get("9")).Produce(new FigureOptions(dir, Quick: true, RunRoot: _root), Tiny);
        string svg = File.ReadAllText(Path.Combine(dir, "figure-9.svg"));
        foreach (string label in new[] { "L = 1", "L = 2, identity init", "L = 3, random init", "L = 4, identity init", "L = 4, random init" })
            Assert.Contains($">{label}<", svg);
    }

    [Fact]
    public void GridsHaveThePapersShapeAndSeeds()
    {
        // B.8: 10 N x (L = 1 + 3 deep depths x 2 inits); every L >= 2 run from 1e-2, L = 1 from 1e-6
        var depth = DepthGrid.Specs(quick: false);
        Assert.Equal(70, depth.Count);
        Assert.All(depth, s => Assert.Equal(s.Int("depth") == 1 ? 1e-6 : 1e-2, s.Real("init-scale")));
        Assert.All(depth, s => Assert.Equal(1, s.Int("data-seed")));
        // B.5: 4 s x 10 N per method, Fig 28's t1 threshold
        var sizes = SampleSizeGrid.Specs("ista", quick: false);
        Assert.Equal(40, sizes.Count);
        Assert.All(sizes, s => Assert.Equal(s.Int("s") == 1 ? 1e-2 : 1e-3, s.Real("train-threshold")));
        // B.7: 10 N x 11 tau, X seed 1 + index of N, the same for every tau; quick keeps those seeds
        var tau = TauGrid.Specs(quick: false);
        Assert.Equal(110, tau.Count);
        Assert.All(tau, s => Assert.Equal(s.Int("N") / 10, s.Int("data-seed")));
        Assert.All(TauGrid.Specs(quick: true), s => Assert.Equal(s.Int("N") / 10, s.Int("data-seed")));
        Assert.Equal(0.3, TauGrid.Taus[3]); // the literal 0.3, as the notebook's list: int(tau N) depends on it
    }

    [Fact]
    public void LogSpacedMarkersFollowTheNotebook()
    {
        // numpy: np.unique(np.logspace(0, np.log10(2000), 6).astype(int))[1:] = [4, 20, 95, 437, 2000]
        Assert.Equal([4, 20, 95, 437, 2000], Figure24.LogSpacedIndices(2001));
        Assert.Empty(Figure24.LogSpacedIndices(2)); // logspace(0, 0, 6) is all ones, and [1:] drops the one
    }

    [Fact]
    public void SupportNormsSplitTheL2Norm()
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
            [new("steps", 2_000L), new("components", false)]);
        var run = RunExecutor.Execute(spec, Path.Combine(_root, "uv"), reuse: false);
        var l2 = run.Record.Series(SparseRecoveryModel.L2Norm).Values;
        var u = run.Record.Series(SparseRecoveryModel.SupportNorm).Values;
        var v = run.Record.Series(SparseRecoveryModel.OffSupportNorm).Values;
        for (int i = 0; i < l2.Length; i++)
            Assert.Equal(l2[i] * l2[i], u[i] * u[i] + v[i] * v[i], 1e-15);
        // the init 1e-6 * ones has 5 entries on the support and 95 off it
        Assert.Equal(Math.Sqrt(5) * 1e-6, u[0], 1e-18);
        Assert.Equal(Math.Sqrt(95) * 1e-6, v[0], 1e-18);
    }
}
