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

    /// <summary>The basis-pursuit grid of Figures 19(b)/20 as a sweep of cells (one run per (tau, s, N)): kill -9 half way,
    /// resume, and the cells done before the kill are not redone, the cells in flight are, and a redone cell has the
    /// numbers of an uninterrupted one.</summary>
    [Fact]
    public async Task AKilledConvexGridResumesCellByCell()
    {
        Directory.CreateDirectory(_root);
        string specPath = Path.Combine(_root, "cells.yaml");
        // 16 cells of 60 LPs each, ~0.3-1 s per cell
        File.WriteAllText(specPath, """
            name: cells
            kind: basis-pursuit-cell
            base: {trials: 60}
            axes:
              - grid: {tau: [0, 0.5], s: [31, 41], N: [51, 61, 71, 81]}
            """);
        var plan = SweepYaml.Load(specPath).Expand();
        string db = RunStores.DefaultSqlitePath(_root);

        using var sweep = Process.Start(TestSupport.GrokStart(["sweep", specPath, "--root", _root, "--jobs", "2", "--no-plots"]))!;
        _ = sweep.StandardOutput.ReadToEndAsync();
        _ = sweep.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(50);
            Assert.False(sweep.HasExited, "the sweep finished before it could be killed; make the cells larger");
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), "no cell finished in 3 minutes");
            if (!File.Exists(db)) continue;
            using var peek = new SqliteRunStore(db, RunStores.DefaultLease);
            var rows = peek.List("cells");
            if (rows.Count(r => r.State == RunState.Done) >= 3 && rows.Any(r => r.State == RunState.Running)) break;
        }
        sweep.Kill(entireProcessTree: true);
        await sweep.WaitForExitAsync();

        HashSet<string> doneBefore, inFlight;
        using (var store = new SqliteRunStore(db, RunStores.DefaultLease))
        {
            var rows = store.List("cells");
            Assert.Equal(16, rows.Count);
            doneBefore = rows.Where(r => r.State == RunState.Done).Select(r => r.Id).ToHashSet();
            inFlight = rows.Where(r => r.State == RunState.Running).Select(r => r.Id).ToHashSet();
            output.WriteLine($"at the kill: {doneBefore.Count} done, {inFlight.Count} in flight");
            Assert.InRange(doneBefore.Count, 3, 15);
            Assert.InRange(inFlight.Count, 0, 2); // one or two, unless a cell ended in the instant between the look and the kill
            Assert.Equal(inFlight.Count, SweepStatus.Of(plan, store).Count(SweepStatus.Crashed));
        }

        var (code, stdout, stderr) = TestSupport.Grok(["sweep", specPath, "--root", _root, "--jobs", "2", "--no-plots"]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{16 - doneBefore.Count} completed, {doneBefore.Count} skipped", stdout);
        Assert.Contains("mean_error = ", stdout); // a cell's line shows its results (it has no t1/t2)

        using (var store = new SqliteRunStore(db, RunStores.DefaultLease))
        {
            foreach (var r in store.List("cells"))
            {
                Assert.Equal(RunState.Done, r.State);
                var attempts = store.Attempts(r.Id).Select(a => a.Outcome).ToList();
                Assert.Equal(inFlight.Contains(r.Id) ? ["crashed", "done"] : ["done"], attempts);
            }
        }
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "runs"), ".*"));

        // a cell redone after the kill (or, if none was in flight, any cell) has the errors of one run in one go
        var redone = plan.Runs.First(r => inFlight.Count == 0 || inFlight.Contains(r.Spec.Id)).Spec;
        string fresh = Path.Combine(_root, "fresh");
        Assert.True(SweepRunner.Run([redone], fresh, store: null).Succeeded);
        var resumedErrors = RunDirectory.Load(Grokking.Runs.RunGrid.RunDirectoryOf(_root, redone)).Record.Series("error").Values;
        var freshErrors = RunDirectory.Load(Grokking.Runs.RunGrid.RunDirectoryOf(fresh, redone)).Record.Series("error").Values;
        Assert.Equal(60, freshErrors.Length);
        Assert.Equal(freshErrors, resumedErrors);
    }
}
