using System.Diagnostics;
using System.Text.RegularExpressions;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Tests.Sweeps;
using Xunit.Abstractions;

namespace Grokking.Tests.Store;

/// <summary>Many writers on one store at once: every row present, every run done exactly once.</summary>
public partial class ConcurrentWritersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EightProcessesSweepingIntoOneSqliteStoreDoEveryRunExactlyOnce()
    {
        string dir = TestSupport.TempDir("sqlite8");
        try
        {
            Directory.CreateDirectory(dir);
            string spec = Path.Combine(dir, "many.yaml");
            // 16 runs of ~0.2 s: long enough in total that the 8 processes overlap
            File.WriteAllText(spec, """
                name: many
                kind: sparse-recovery
                base: {steps: 200000, snr: inf, t2-rule: plateau, components: false}
                axes:
                  - grid: {beta1: [1e-3, 2e-3, 3e-3, 4e-3], alpha: [0.05, 0.1], init-scale: [1e-6, 2e-6]}
                """);
            var processes = Enumerable.Range(0, 8)
                .Select(_ => Process.Start(TestSupport.GrokStart(["sweep", spec, "--root", dir, "--jobs", "1", "--quiet", "--no-plots", "--no-batch"]))!).ToList();
            var outputs = await Task.WhenAll(processes.Select(async p =>
            {
                var o = p.StandardOutput.ReadToEndAsync();
                var e = p.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                await p.WaitForExitAsync(timeout.Token);
                return (Out: await o, Err: await e, p.ExitCode);
            }));
            foreach (var o in outputs) Assert.True(o.ExitCode == 0, o.Err);

            var completed = outputs.Select(o => int.Parse(Completed().Match(o.Out).Groups[1].Value)).ToList();
            output.WriteLine("runs completed per process: " + string.Join(", ", completed));
            Assert.Equal(16, completed.Sum());                  // no run done twice, none lost
            Assert.True(completed.Count(c => c > 0) >= 2, "the processes did not overlap; the test proves nothing");

            using var store = new SqliteRunStore(RunStores.DefaultSqlitePath(dir), RunStores.DefaultLease);
            var runs = store.List("many");
            Assert.Equal(16, runs.Count);
            Assert.All(runs, r =>
            {
                Assert.Equal(RunState.Done, r.State);
                Assert.Equal(200_000, r.Steps);
                Assert.NotNull(r.T2); // the plateau rule finds t2 well within 2e5 steps for these beta1
                Assert.Equal("done", Assert.Single(store.Attempts(r.Id)).Outcome);
                Assert.True(RunDirectory.IsComplete(r.Directory!, RunSpec.FromJson(r.SpecJson, ExperimentCatalog.SchemaOf)));
            });
        }
        finally { TestSupport.Delete(dir); }
    }

    [ServerFact]
    public void ThirtyTwoWritersOnPostgresLoseNoRowAndDuplicateNone()
    {
        string? cs = TestSupport.FreshPostgresSchema();
        if (!TestSupport.Available(cs is not null, "PostgreSQL tests need GROK_TEST_PG (.ci/run starts a server)", output)) return;
        const int Writers = 32, Shared = 64, OwnEach = 4;
        var shared = Enumerable.Range(0, Shared).Select(k => TestSupport.TinySpec(steps: 1000 + k)).ToList();
        var start = new Barrier(Writers);
        int commits = 0;
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            try
            {
                start.SignalAndWait(); // open (and migrate) at the same instant
                using var store = new PostgresRunStore(cs!, RunStores.DefaultLease);
                var own = Enumerable.Range(0, OwnEach).Select(k => TestSupport.TinySpec(steps: 100_000 + w * 100 + k)).ToList();
                store.Register("shared", shared);
                store.Register($"own-{w}", own);
                // every writer walks the shared runs in its own order, so claims collide
                foreach (var spec in shared.OrderBy(s => (s.Id.GetHashCode() ^ w * 7919) & 0xffff).Concat(own))
                {
                    // one "node" per writer, as Slurm tasks on a cluster: liveness is then decided by the lease
                    // (a made-up pid on this host would rightly be taken for a crashed process and retried)
                    var claim = store.TryClaim(spec, new RunOwner($"node-{w}", 4000 + w, 0));
                    if (claim is null) continue;
                    var summary = new RunSummary { Id = spec.Id, Kind = spec.Kind, Steps = spec.Int("steps"), T2 = spec.Int("steps") * 2 };
                    Assert.True(store.Commit(claim, summary, "/runs/" + spec.Id));
                    Interlocked.Increment(ref commits);
                }
            }
            catch (Exception e) { lock (errors) errors.Add(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);

        using var check = new PostgresRunStore(cs!, RunStores.DefaultLease);
        Assert.Equal(Shared + Writers * OwnEach, commits);
        var all = check.List();
        Assert.Equal(Shared + Writers * OwnEach, all.Count);
        Assert.All(all, r =>
        {
            Assert.Equal(RunState.Done, r.State);
            Assert.Equal(r.Steps * 2, r.T2);
            Assert.Equal(1, r.Attempts);
        });
        Assert.Equal(shared.Select(s => s.Id), check.List("shared").Select(r => r.Id));
        Assert.Equal([1, 2], check.SchemaVersions());
    }

    [GeneratedRegex(@": (\d+) completed")]
    private static partial Regex Completed();
}
