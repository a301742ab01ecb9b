using Grokking.Store;
using Grokking.Sweeps;
using Xunit.Abstractions;

namespace Grokking.Tests.Sweeps;

/// <summary>
/// A sweep sent through a real (one-node, local) Slurm: the same t2 values as the same grid run locally; a task
/// made to fail is reported as failed by the store, and re-submitting the sweep completes it. Uses PostgreSQL as
/// the shared store when GROK_TEST_PG is set (as on a cluster), the SQLite file otherwise.
/// </summary>
public sealed class SlurmSweepTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = TestSupport.TempDir("slurm");

    public void Dispose() => TestSupport.Delete(_dir);

    [ServerFact]
    public void ASlurmSweepMatchesTheLocalOneAndRecoversFromAFailedTask()
    {
        if (!TestSupport.Available(TestSupport.SlurmUp(), "Slurm tests need a controller (../shared/slurm/start-local-slurm.sh; .ci/run starts it)", output)) return;
        Directory.CreateDirectory(_dir);
        string spec = Path.Combine(_dir, "sl.yaml");
        File.WriteAllText(spec, """
            name: sl
            kind: sparse-recovery
            base: {steps: 20000, snr: inf, t2-rule: plateau, components: false}
            axes:
              - grid: {N: [30, 31], beta1: [1e-4, 1e-3]}
            """);
        // two data sets (N), so two batches of two runs: a Slurm task steps one whole batch
        var plan = SweepYaml.Load(spec).Expand();
        Assert.Equal(2, plan.Items.Count);

        string localRoot = Path.Combine(_dir, "local");
        var local = TestSupport.Grok("sweep", spec, "--root", localRoot, "--no-plots");
        Assert.True(local.Code == 0, local.Err);
        Dictionary<string, long?> localT2;
        using (var s = RunStores.Open(null, localRoot)) localT2 = s.List("sl").ToDictionary(r => r.Id, r => r.T2);

        string slurmRoot = Path.Combine(_dir, "cluster");
        string? pg = TestSupport.FreshPostgresSchema();
        var storeArgs = pg is null ? Array.Empty<string>() : ["--store", pg];
        output.WriteLine("shared store: " + (pg is null ? "sqlite" : "postgres"));
        // make run 2 fail inside its task: a file sits where its run directory must go
        var victim = plan.Runs[2].Spec;
        string blocker = Path.Combine(slurmRoot, "runs", victim.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "not a directory");

        var first = TestSupport.Grok(["sweep", spec, "--root", slurmRoot, "--slurm", "--wait", "--partition", "debug", .. storeArgs], timeoutMs: 300_000);
        output.WriteLine(first.Out + first.Err);
        Assert.Equal(1, first.Code);                                    // a task failed
        Assert.Contains("submitted job", first.Out);
        Assert.Contains("array 0-1 of 2 slices", first.Out);
        Assert.Contains("4 runs: 3 done, 0 running, 1 failed, 0 pending", first.Out);
        var status = TestSupport.Grok(["sweep", "status", spec, "--root", slurmRoot, .. storeArgs]);
        Assert.Contains($"failed   {victim.Id}", status.Out);
        Assert.Contains("IOException", status.Out);

        File.Delete(blocker);
        var second = TestSupport.Grok(["sweep", spec, "--root", slurmRoot, "--slurm", "--wait", .. storeArgs], timeoutMs: 300_000);
        output.WriteLine(second.Out + second.Err);
        Assert.True(second.Code == 0, second.Err);
        int victimSlice = Enumerable.Range(0, 2).Single(t => plan.Slice(t, 2).Any(r => r.Spec.Id == victim.Id));
        Assert.Contains($"array {victimSlice} of 2 slices (1 unfinished runs)", second.Out); // only the failed run's slice again
        Assert.Contains("4 runs: 4 done, 0 running, 0 failed, 0 pending", second.Out);

        using var store = RunStores.Open(pg, slurmRoot);
        var runs = store.List("sl");
        Assert.Equal(localT2, runs.ToDictionary(r => r.Id, r => r.T2));
        Assert.Contains(2_000L, localT2.Values);                       // N 30, alpha 0.1, beta1 1e-3 (Fig 4's grid)
        Assert.Equal(["failed", "done"], store.Attempts(victim.Id).Select(a => a.Outcome));
        Assert.All(runs.Where(r => r.Id != victim.Id), r => Assert.Single(store.Attempts(r.Id)));
        // one log per array task: 2 of the first job, 1 of the second; the failed task's log says why
        var logs = Directory.GetFiles(Path.Combine(slurmRoot, "slurm", "sl"), "*.out");
        Assert.Equal(3, logs.Length);
        Assert.Single(logs, l => File.ReadAllText(l).Contains($"run {victim.Id} failed", StringComparison.Ordinal));
    }
}
