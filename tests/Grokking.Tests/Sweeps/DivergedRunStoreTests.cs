using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Sweeps;

namespace Grokking.Tests.Sweeps;

/// <summary>A run that diverges is a finished result in the store (done, with the step), not a failure to retry.</summary>
public sealed class DivergedRunStoreTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("diverged-store");

    public void Dispose() => TestSupport.Delete(_root);

    [Fact]
    public void ADivergedRunIsCommittedDoneWithItsRecordsAndNotRunAgain()
    {
        var plan = SweepYaml.Parse("""
            name: d
            kind: sparse-recovery
            base: {steps: 500, snr: inf, components: false}
            axes:
              - grid: {init-scale: [1e-6, 1e308]}
            """, "d").Expand();
        var (ok, diverging) = (plan.Runs[0].Spec, plan.Runs[1].Spec);
        using var store = new SqliteRunStore(RunStores.DefaultSqlitePath(_root), RunStores.DefaultLease);

        // each run alone (not batched): the single-run path keeps the divergence as well
        var first = SweepRunner.Run(plan, _root, store, new SweepRunOptions { Batch = false });
        Assert.Equal((2, 0), (first.Completed, first.Failures.Count));
        var stored = store.Get([diverging.Id])[diverging.Id];
        Assert.Equal((RunState.Done, 1L, 1L), (stored.State, stored.DivergedAtStep, stored.Steps));
        Assert.Null(store.Get([ok.Id])[ok.Id].DivergedAtStep);
        var (record, summary) = RunDirectory.Load(RunGrid.RunDirectoryOf(_root, diverging));
        Assert.Equal(1L, summary.DivergedAtStep);
        Assert.Equal([0L], record.Series(SparseRecoveryModel.TrainError).Steps);
        Assert.Contains("2 runs: 2 done (1 diverged), 0 running, 0 failed, 0 pending", SweepStatus.Of(plan, store).Headline());

        var again = SweepRunner.Run(plan, _root, store, new SweepRunOptions { Batch = false });
        Assert.Equal((0, 2), (again.Completed, again.Skipped));
        Assert.Equal(["done"], store.Attempts(diverging.Id).Select(a => a.Outcome));
    }
}
