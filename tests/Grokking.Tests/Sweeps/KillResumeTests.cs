using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Sweeps;
using Xunit.Abstractions;

namespace Grokking.Tests.Sweeps;

/// <summary>kill -9 of a local sweep half way, then resume: nothing lost, nothing done twice, only the runs
/// in flight redone.</summary>
public sealed class KillResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = TestSupport.TempDir("kill");

    public void Dispose() => TestSupport.Delete(_root);

    [Fact]
    public async Task AKilledSweepResumesRedoingOnlyTheRunsInFlight()
    {
        Directory.CreateDirectory(_root);
        string specPath = Path.Combine(_root, "k.yaml");
        // 12 runs of ~0.3-0.5 s each on an idle machine (2e6 steps at ~0.17 us)
        File.WriteAllText(specPath, """
            name: k
            kind: sparse-recovery
            base: {steps: 2000000, snr: inf, t2-rule: plateau, components: false}
            axes:
              - grid: {beta1: [1e-3, 2e-3, 3e-3], alpha: [0.05, 0.06, 0.08, 0.1]}
            """);
        var plan = SweepYaml.Load(specPath).Expand();
        string db = RunStores.DefaultSqlitePath(_root);

        using var sweep = Process.Start(TestSupport.GrokStart(["sweep", specPath, "--root", _root, "--jobs", "2", "--no-plots", "--no-batch"]))!;
        _ = sweep.StandardOutput.ReadToEndAsync();
        _ = sweep.StandardError.ReadToEndAsync();
        // wait until some runs are committed, then kill the whole process tree without warning (SIGKILL)
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(50);
            Assert.False(sweep.HasExited, "the sweep finished before it could be killed; make the runs longer");
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), "no run finished in 3 minutes");
            if (!File.Exists(db)) continue;
            using var peek = new SqliteRunStore(db, RunStores.DefaultLease);
            if (peek.List("k").Count(r => r.State == RunState.Done) >= 3) break;
        }
        sweep.Kill(entireProcessTree: true);
        await sweep.WaitForExitAsync();

        HashSet<string> doneBefore, inFlight;
        Dictionary<string, string?> summariesBefore;
        using (var store = new SqliteRunStore(db, RunStores.DefaultLease))
        {
            var rows = store.List("k");
            Assert.Equal(12, rows.Count);
            doneBefore = rows.Where(r => r.State == RunState.Done).Select(r => r.Id).ToHashSet();
            inFlight = rows.Where(r => r.State == RunState.Running).Select(r => r.Id).ToHashSet();
            summariesBefore = rows.ToDictionary(r => r.Id, r => r.SummaryJson);
            output.WriteLine($"at the kill: {doneBefore.Count} done, {inFlight.Count} in flight");
            Assert.InRange(doneBefore.Count, 3, 11);
            Assert.InRange(inFlight.Count, 1, 2);   // --jobs 2: one or two runs were in flight
            var status = SweepStatus.Of(plan, store);
            Assert.Equal(inFlight.Count, status.Count(SweepStatus.Crashed)); // the owner is dead: shown as crashed
        }

        var (code, stdout, stderr) = TestSupport.Grok(["sweep", specPath, "--root", _root, "--jobs", "2", "--no-plots", "--no-batch"]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{12 - doneBefore.Count} completed, {doneBefore.Count} skipped", stdout);

        using (var store = new SqliteRunStore(db, RunStores.DefaultLease))
        {
            var rows = store.List("k");
            Assert.Equal(12, rows.Count);
            foreach (var r in rows)
            {
                Assert.Equal(RunState.Done, r.State);
                var attempts = store.Attempts(r.Id).Select(a => a.Outcome).ToList();
                if (doneBefore.Contains(r.Id))
                {
                    Assert.Equal(["done"], attempts);                  // not redone
                    Assert.Equal(summariesBefore[r.Id], r.SummaryJson);   // committed once, untouched
                }
                else if (inFlight.Contains(r.Id)) Assert.Equal(["crashed", "done"], attempts);
                else Assert.Equal(["done"], attempts);                 // pending at the kill: run once
                var spec = RunSpec.FromJson(r.SpecJson, ExperimentCatalog.SchemaOf);
                Assert.True(RunDirectory.IsComplete(r.Directory!, spec));
            }
        }
        // no temporary directories left by the killed writer, one directory per run
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "runs"), ".*"));
        Assert.Equal(12, Directory.GetDirectories(Path.Combine(_root, "runs")).Length);
    }
}
