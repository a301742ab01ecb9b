using System.Collections.Concurrent;
using System.Diagnostics;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Sweeps;

namespace Grokking.Tests.Sweeps;

/// <summary>The local executor against a real SQLite store: reuse, determinism, crashes and failures.</summary>
public sealed class SweepRunnerTests : IDisposable
{
    private readonly string _root = TestSupport.TempDir("runner");

    public void Dispose() => TestSupport.Delete(_root);

    // noiseless Figure 4 settings (spec B.2 [RUN] table): plateau t2 = 2,000 / 11,000 / 21,000
    private static SweepPlan Fig4Plan(long steps = 30_000) => SweepYaml.Parse($$"""
        name: f4
        kind: sparse-recovery
        base: {steps: {{steps}}, snr: inf, t2-rule: plateau, components: false}
        axes:
          - zip: {alpha: [0.1, 0.1, 0.05], beta1: [1e-3, 1e-4, 1e-4]}
        """, "f4").Expand();

    [Fact]
    public void ASweepRunsEachRunOnceAndThePaperT2ValuesLandInTheStore()
    {
        var plan = Fig4Plan();
        using var store = new SqliteRunStore(RunStores.DefaultSqlitePath(_root), RunStores.DefaultLease);
        var first = SweepRunner.Run(plan, _root, store);
        Assert.Equal((3, 3, 0), (first.Total, first.Completed, first.Skipped));
        Assert.True(first.Succeeded);

        var runs = store.List("f4");
        Assert.Equal(new long?[] { 2_000, 11_000, 21_000 }, runs.Select(r => r.T2));
        foreach (var r in runs)
        {
            var (_, summary) = RunDirectory.Load(r.Directory!);
            Assert.Equal(r.T2, summary.T2);                  // store and artefact agree
        }
        var again = SweepRunner.Run(plan, _root, store);
        Assert.Equal((0, 3), (again.Completed, again.Skipped));
        Assert.All(runs, r => Assert.Single(store.Attempts(r.Id)));
    }

    [Fact]
    public void MetricsAreBitIdenticalWhateverTheNumberOfJobs()
    {
        var plan = SweepYaml.Parse("""
            name: j
            kind: sparse-recovery
            base: {steps: 20000, components: false}
            axes:
              - grid: {beta1: [1e-4, 1e-3], N: [25, 40]}
            """, "j").Expand();
        var bytes = new List<Dictionary<string, byte[]>>();
        foreach (int jobs in new[] { 1, 2, 3 })
        {
            string root = Path.Combine(_root, $"jobs{jobs}");
            using var store = new SqliteRunStore(RunStores.DefaultSqlitePath(root), RunStores.DefaultLease);
            Assert.True(SweepRunner.Run(plan, root, store, new SweepRunOptions { Jobs = jobs }).Succeeded);
            bytes.Add(plan.Runs.ToDictionary(r => r.Spec.Id,
                r => File.ReadAllBytes(Path.Combine(RunGrid.RunDirectoryOf(root, r.Spec), RunDirectory.MetricsFile))));
        }
        foreach (var run in plan.Runs)
        {
            Assert.True(bytes[0][run.Spec.Id].Length > 10_000);
            Assert.Equal(bytes[0][run.Spec.Id], bytes[1][run.Spec.Id]);
            Assert.Equal(bytes[0][run.Spec.Id], bytes[2][run.Spec.Id]);
        }
    }

    [Fact]
    public void ARunKilledAfterItsDirectoryWasWrittenIsCommittedFromTheDirectoryNotRecomputed()
    {
        var plan = Fig4Plan(steps: 5000);
        var spec = plan.Runs[0].Spec;
        string dir = RunGrid.RunDirectoryOf(_root, spec);
        using var store = new SqliteRunStore(RunStores.DefaultSqlitePath(_root), RunStores.DefaultLease);
        // what a kill -9 between rename and commit leaves: the directory, a running row of a dead process,
        // and (from another run killed mid-write) a temporary directory
        var written = RunExecutor.Execute(spec, dir);
        Directory.CreateDirectory(Path.Combine(_root, "runs", $".{spec.Id}.tmp-999999-deadbeef"));
        using (var dead = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!)
        {
            long started = new DateTimeOffset(dead.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
            dead.Kill();
            dead.WaitForExit();
            Assert.NotNull(store.TryClaim(spec, new RunOwner(Environment.MachineName, dead.Id, started)));
        }

        var events = new ConcurrentBag<RunEvent>();
        var outcome = SweepRunner.Run(plan, _root, store, new SweepRunOptions { OnEvent = events.Add });
        Assert.True(outcome.Succeeded);
        var done = Assert.Single(events, e => e.Kind == RunEventKind.Done && e.Spec.Id == spec.Id);
        Assert.True(done.Reused);
        Assert.Equal(written.Summary.CreatedUtc, RunDirectory.Load(dir).Summary.CreatedUtc); // not rewritten
        Assert.Equal(["crashed", "done"], store.Attempts(spec.Id).Select(a => a.Outcome));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "runs"), ".*"));
    }

    [Fact]
    public void AFailingRunIsRecordedAndTheNextSweepCompletesIt()
    {
        var plan = Fig4Plan(steps: 5000);
        var victim = plan.Runs[1].Spec;
        string blocker = RunGrid.RunDirectoryOf(_root, victim);
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "a file where the run directory must go"); // the run cannot be written

        using var store = new SqliteRunStore(RunStores.DefaultSqlitePath(_root), RunStores.DefaultLease);
        var outcome = SweepRunner.Run(plan, _root, store);
        var (failedSpec, error) = Assert.Single(outcome.Failures);
        Assert.Equal(victim.Id, failedSpec.Id);
        Assert.Equal(2, outcome.Completed);
        var status = SweepStatus.Of(plan, store);
        Assert.Equal((2, 1, 0), (status.Count(SweepStatus.Done), status.Count(SweepStatus.Failed), status.Count(SweepStatus.Pending)));
        Assert.Equal(error, store.Get([victim.Id])[victim.Id].Error);
        Assert.StartsWith("IOException", error);

        File.Delete(blocker);
        var retry = SweepRunner.Run(plan, _root, store);
        Assert.Equal((1, 2), (retry.Completed, retry.Skipped));
        Assert.True(SweepStatus.Of(plan, store).Complete);
        Assert.Equal(["failed", "done"], store.Attempts(victim.Id).Select(a => a.Outcome));
    }
}
