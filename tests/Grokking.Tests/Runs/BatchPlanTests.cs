using Grokking.Runs;
using Grokking.Store;
using Grokking.Sweeps;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.Runs;

/// <summary>
/// Which runs share a batch is planned once over the whole sweep, and slices deal whole batches: a run's metrics.csv is
/// the same, bit for bit, whether the sweep runs locally, split into Slurm tasks, or resumes with the run alone.
/// </summary>
public sealed class BatchPlanTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("plan");

    public void Dispose() => TestSupport.Delete(_root);

    // two data sets (N = 30, 40), three subgradient runs on each: two batches of three
    private static SweepPlan Plan() => SweepYaml.Parse("""
        name: bits
        kind: sparse-recovery
        base: {steps: 30000, snr: inf, components: false}
        axes:
          - list: [{N: 30}, {N: 40}]
          - grid: {beta1: [1e-4, 1e-3, 2e-3], alpha: [0.1]}
        """, "bits").Expand();

    [Fact]
    public void ARunHasTheSameBitsLocallyInSlurmTasksAndAloneOnResume()
    {
        var plan = Plan();
        Assert.Equal([3, 3], plan.Items.Select(i => i.Length));

        string local = Path.Combine(_root, "local");
        using (var store = RunStores.Open(null, local))
            Assert.True(SweepRunner.Run(plan, local, store, new SweepRunOptions { Jobs = 2 }).Succeeded);

        // six tasks, as many as runs (the old default): the batches stay whole, four slices are empty
        string slurm = Path.Combine(_root, "slurm");
        using (var store = RunStores.Open(null, slurm))
            for (int task = 0; task < 6; task++)
                Assert.True(SweepRunner.Run(plan, slurm, store, new SweepRunOptions { Jobs = 1 }, slice: (task, 6)).Succeeded);

        // a resumed pass where one run of a batch is all that is left: it still steps in the batched kernel
        string resumed = Path.Combine(_root, "resumed");
        Assert.True(SweepRunner.Run(plan.Specs, resumed, store: null).Succeeded);
        var alone = plan.Runs[4].Spec;
        Directory.Delete(RunGrid.RunDirectoryOf(resumed, alone), recursive: true);
        var again = SweepRunner.Run(plan.Specs, resumed, store: null);
        Assert.Equal((1, 5), (again.Completed, again.Skipped));

        foreach (var run in plan.Runs)
        {
            byte[] expected = Metrics(local, run.Spec);
            Assert.Equal(expected, Metrics(slurm, run.Spec));
            Assert.Equal(expected, Metrics(resumed, run.Spec));
        }

        // what the plan guards against: the single-run kernel sums X a in another order, so a run stepped alone by
        // it differs at rounding level (were the kernels bit-identical, this test could not fail)
        string single = Path.Combine(_root, "single");
        Assert.True(SweepRunner.Run([alone], single, store: null).Succeeded);
        Assert.NotEqual(Metrics(local, alone), Metrics(single, alone));
    }

    private static byte[] Metrics(string root, Grokking.Experiments.RunSpec spec) =>
        File.ReadAllBytes(Path.Combine(RunGrid.RunDirectoryOf(root, spec), RunDirectory.MetricsFile));
}
