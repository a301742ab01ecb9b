using Grokking.Experiments;
using Grokking.Sweeps;

namespace Grokking.Tests.Sweeps;

/// <summary>YAML sweep specs: expansion (grid, zip, list, seeds), run identity, and clear errors.</summary>
public class SweepSpecTests
{
    private const string Full = """
        name: demo
        kind: sparse-recovery
        base: {steps: 2000, components: false}
        axes:
          - grid: {beta1: [1e-4, 1e-3], alpha: [0.05, 0.1]}
          - zip: {N: [20, 30], s: [3, 5]}
          - list: [{init: identity}, {init: random, init-seed: 3}]
        seeds: {params: [data-seed, signal-seed], values: [1, 2]}
        """;

    [Fact]
    public void GridZipListAndSeedsMultiplyInAFixedOrder()
    {
        var plan = SweepYaml.Parse(Full, "ignored").Expand();
        Assert.Equal("demo", plan.Name);
        Assert.Equal(4 * 2 * 2 * 2, plan.Runs.Count);
        // first axis outermost, first key of a grid outermost, seeds innermost
        var first = plan.Runs[0].Spec;
        Assert.Equal(1e-4, first.Real("beta1"));
        Assert.Equal(0.05, first.Real("alpha"));
        Assert.Equal(20, first.Int("N"));
        Assert.Equal(3, first.Int("s"));
        Assert.Equal("identity", first.Text("init"));
        Assert.Equal(1, first.Int("data-seed"));
        Assert.Equal(1, first.Int("signal-seed"));
        Assert.Equal(2, plan.Runs[1].Spec.Int("data-seed"));
        Assert.Equal(2, plan.Runs[1].Spec.Int("signal-seed"));
        Assert.Equal(2000, plan.Runs[^1].Spec.Int("steps"));
        // zip pairs N with s; it never crosses them
        Assert.All(plan.Runs, r => Assert.Equal(r.Spec.Int("N") == 20 ? 3 : 5, r.Spec.Int("s")));
        Assert.All(plan.Runs, r => Assert.Equal(r.Spec.Text("init") == "random" ? 3 : 0, r.Spec.Int("init-seed")));
        Assert.Equal(["beta1", "alpha", "N", "s", "init", "init-seed", "data-seed", "signal-seed"], plan.VaryingKeys);
        Assert.Equal("beta1=0.0001 alpha=0.05 N=20 s=3 init=identity data-seed=1 signal-seed=1", plan.Runs[0].Label);
    }

    [Fact]
    public void RunIdsAreTheHashOfTheCanonicalSpecHoweverTheValueIsWritten()
    {
        var a = SweepYaml.Parse("kind: sparse-recovery\nbase: {steps: 2e3, beta1: 0.001}\n", "a").Expand();
        var b = SweepYaml.Parse("kind: sparse-recovery\naxes:\n  - grid: {beta1: [1e-3], steps: [2000]}\n", "b").Expand();
        var direct = RunSpec.Create("sparse-recovery", ExperimentCatalog.SchemaOf("sparse-recovery"), [new("steps", 2000L), new("beta1", 1e-3)]);
        Assert.Equal(direct.Id, Assert.Single(a.Runs).Spec.Id);
        Assert.Equal(direct.Id, Assert.Single(b.Runs).Spec.Id);
    }

    [Fact]
    public void ARepeatedConfigurationIsOneRun()
    {
        var plan = SweepYaml.Parse("kind: sparse-recovery\naxes:\n  - grid: {beta1: [1e-3, 0.001, 1e-4]}\n", "d").Expand();
        Assert.Equal(2, plan.Runs.Count);
        Assert.Equal([0, 1], plan.Runs.Select(r => r.Index));
    }

    [Fact]
    public void SeedCountMeansOneToK()
    {
        var plan = SweepYaml.Parse("kind: sparse-recovery\nseeds: {params: [noise-seed], count: 3}\n", "s").Expand();
        Assert.Equal([1L, 2L, 3L], plan.Runs.Select(r => r.Spec.Int("noise-seed")));
    }

    [Fact]
    public void SlicesDealWholeBatchesRoundRobin()
    {
        var plan = SweepYaml.Parse(Full, "x").Expand();
        // the data (N, s, data and signal seeds) make 4 batch keys of 8 runs each (alpha, beta1 and init are per run)
        Assert.Equal([8, 8, 8, 8], plan.Items.Select(i => i.Length));
        var slices = Enumerable.Range(0, 5).Select(t => plan.Slice(t, 5)).ToList();
        Assert.Equal(plan.Runs.Select(r => r.Index), slices.SelectMany(s => s).Select(r => r.Index).Order());
        for (int t = 0; t < 4; t++) Assert.Equal(plan.Items[t].Order(), slices[t].Select(r => r.Index)); // one batch each
        Assert.Empty(slices[4]);
        // a batch is never split: its runs share N, s and the seeds
        Assert.All(slices.Take(4), s => Assert.Single(s.Select(r => (r.Spec.Int("N"), r.Spec.Int("data-seed"))).Distinct()));
        Assert.Throws<SpecException>(() => plan.Slice(5, 5));
        Assert.Throws<SpecException>(() => plan.Slice(0, 0));

        // runs that cannot be batched (ista) are items of one run, dealt round robin
        var single = SweepYaml.Parse("kind: sparse-recovery\nbase: {method: ista}\naxes:\n  - grid: {beta1: [1e-4, 2e-4, 3e-4, 4e-4, 5e-4, 6e-4, 7e-4]}\n", "i").Expand();
        Assert.Equal(7, single.Items.Count);
        Assert.Equal([0, 3, 6], single.Slice(0, 3).Select(r => r.Index));
    }

    [Fact]
    public void TheConvexGridExampleIsTheFigure20QuickGridCellForCell()
    {
        var plan = SweepYaml.Load(Path.Combine(TestSupport.RepoRoot(), "experiments", "fig20-quick.yaml")).Expand();
        var figure = Grokking.Problems.SparseRecovery.ConvexRecoverySweep.Cells(Grokking.Problems.SparseRecovery.ConvexRecoveryGrid.Quick);
        Assert.Equal(figure.Select(c => c.Id), plan.Runs.Select(r => r.Spec.Id)); // same runs, same order: shared with the figure
        Assert.Equal(165, plan.Items.Count);                                     // cells are not batched: one work item each
    }

    [Fact]
    public void TheExampleInExperimentsExpandsToTheFigure4QuickGrid()
    {
        var plan = SweepYaml.Load(Path.Combine(TestSupport.RepoRoot(), "experiments", "fig4-quick.yaml")).Expand();
        Assert.Equal("fig4-quick", plan.Name);
        Assert.Equal(4, plan.Runs.Count);
        Assert.All(plan.Runs, r => Assert.True(double.IsPositiveInfinity(r.Spec.Real("snr"))));
    }

    [Theory]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {bogus: [1]}\n", "axes[0].grid: unknown axis key 'bogus'")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {}\n", "line 3: axes[0].grid: empty grid")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {beta1: []}\n", "axes[0].grid.beta1: empty list")]
    [InlineData("kind: sparse-recovery\naxes:\n  - zip: {N: [20, 30], s: [3]}\n", "lists of a zip must have the same length")]
    [InlineData("kind: sparse-recovery\naxes:\n  - cube: {N: [20]}\n", "unknown axis type 'cube'")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {N: [20]}\n  - grid: {N: [30]}\n", "'N' is already varied by axes[0].grid")]
    [InlineData("kind: sparse-recovery\nbase: {stepz: 10}\n", "base: unknown parameter 'stepz'")]
    [InlineData("kind: sparse-recovery\nbase: {steps: 10}\nextra: 1\n", "unknown key 'extra'")]
    [InlineData("kind: nothing\n", "unknown experiment 'nothing'")]
    [InlineData("base: {steps: 10}\n", "missing 'kind'")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {N: [20, -1]}\n", "--N: -1 is below the minimum 1")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {s: [200]}\n", "s = 200 is larger than n = 100")]
    [InlineData("kind: sparse-recovery\nseeds: {params: [alpha], values: [1]}\n", "'alpha' is not an integer parameter")]
    [InlineData("kind: sparse-recovery\nseeds: {params: [data-seed]}\n", "exactly one of 'values' or 'count'")]
    [InlineData("kind: sparse-recovery\naxes: [\n", "line")]
    [InlineData("name: 'a b'\nkind: sparse-recovery\n", "may only hold letters")]
    public void BadSpecsAreOneLineInputErrors(string yaml, string expected)
    {
        var e = Assert.Throws<SpecException>(() => SweepYaml.Parse(yaml, "t", "t.yaml").Expand());
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
