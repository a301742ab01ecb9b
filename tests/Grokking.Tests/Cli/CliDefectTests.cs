using System.Diagnostics;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.Cli;

/// <summary>What a new user hits first: output paths, sizes, malformed files, damaged runs, names and help. Each
/// bad input is one line on stderr, exit code 2, and nothing written or deleted.</summary>
public sealed class CliDefectTests : IDisposable
{
    private readonly string _dir = TestSupport.TempDir("cli-defects");

    public CliDefectTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => TestSupport.Delete(_dir);

    private static string OneErrorLine(string err)
    {
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("grok: error: ", line);
        return line;
    }

    private static void AssertBadInput((int Code, string Out, string Err) r, string message)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains(message, OneErrorLine(r.Err));
    }

    [Fact]
    public void ARunIntoADirectoryHoldingOtherFilesIsRefusedAndDeletesNothing()
    {
        string work = Path.Combine(_dir, "w");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "keep.txt"), "keep");
        AssertBadInput(TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", work), "is not empty and is not a run directory");
        // the parent, as `--out ..` names it
        AssertBadInput(TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", Path.Combine(work, "sub", "..")), "is not empty");
        Assert.Equal("keep", File.ReadAllText(Path.Combine(work, "keep.txt")));
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(work).Select(Path.GetFileName));
    }

    [Fact]
    public void ARunDirectoryIsReplacedOnlyWhenItHoldsNothingButTheLabsFiles()
    {
        string run = Path.Combine(_dir, "run");
        var first = TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", run);
        Assert.True(first.Code == 0, first.Err);
        var again = TestSupport.Grok("run", "sparse-recovery", "--steps", "200", "-q", "--out", run); // another spec: replaces
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("\"steps\":200", File.ReadAllText(Path.Combine(run, "spec.json")).Replace(" ", ""));

        File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
        AssertBadInput(TestSupport.Grok("run", "sparse-recovery", "--steps", "300", "-q", "--out", run), "also holds 'notes.txt'");
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "notes.txt")));
        // reusing the finished run it holds writes nothing, so it is fine
        var reused = TestSupport.Grok("run", "sparse-recovery", "--steps", "200", "-q", "--out", run);
        Assert.True(reused.Code == 0, reused.Err);
        Assert.Contains("reused", reused.Out);
    }

    [Fact]
    public void AnEmptyDirectoryIsAFineRunDirectory()
    {
        string empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        var r = TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", empty);
        Assert.True(r.Code == 0, r.Err);
        Assert.True(File.Exists(Path.Combine(empty, "summary.json")));
    }

    [Theory]
    [InlineData("file", "is a file, not a directory")]
    [InlineData("empty", "--out: the path is empty")]
    [InlineData("unwritable", "is not writable")]
    [InlineData("under-a-file", "is a file, not a directory")]
    public void BadOutputPathsAreOneLineBeforeAnythingRuns(string kind, string message)
    {
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        string path = kind switch
        {
            "file" => file,
            "empty" => "",
            "unwritable" => "/proc/grok-cannot-write-here/run", // not writable even for root
            _ => Path.Combine(file, "run"),
        };
        AssertBadInput(TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", path), message);
        Assert.Equal("x", File.ReadAllText(file));
        Assert.Equal(["a-file"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AReportIntoADirectoryOrAnUnwritablePlaceIsOneLine()
    {
        string runs = Path.Combine(_dir, "runs");
        var run = TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", Path.Combine(runs, "one"));
        Assert.True(run.Code == 0, run.Err);
        AssertBadInput(TestSupport.Grok("report", runs, "--out", runs), "is a directory");
        AssertBadInput(TestSupport.Grok("report", runs, "--out", "/proc/grok-cannot-write-here/r.html"), "is not writable");
        Assert.False(File.Exists(Path.Combine(runs, "report.html")));
    }

    [Theory]
    [InlineData(new[] { "--n", "50000", "--N", "50000" }, "more than one array holds")]
    [InlineData(new[] { "--steps", "1e9", "--eval-every", "1", "--eval-first", "0" }, "the metric record (about 1E+09 recorded steps")]
    [InlineData(new[] { "--steps", "1e20" }, "--steps: 1e20 is out of range (allowed: 1 to 10000000000)")]
    [InlineData(new[] { "--s", "0" }, "Sparsity s must be in [1, n = 100], got 0.")]
    public void SizesBeyondWhatFitsAreRefusedWithTheEstimate(string[] flags, string message)
    {
        string dir = Path.Combine(_dir, "big");
        var r = TestSupport.Grok(["run", "sparse-recovery", "-q", "--out", dir, .. flags]);
        AssertBadInput(r, message);
        Assert.DoesNotContain("(Parameter", r.Err);
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.GetDirectories(_dir, ".big*"));
    }

    [Fact]
    public void AMalformedSweepFileIsOneLine()
    {
        string yaml = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(yaml, "base: {steps: 100\n");
        AssertBadInput(TestSupport.Grok("sweep", yaml, "--root", Path.Combine(_dir, "root")), "bad.yaml: line 2");
        Assert.False(Directory.Exists(Path.Combine(_dir, "root")));
    }

    [Fact]
    public void ASweepWithARunAboveTheStabilityBoundIsRefusedBeforeAnythingIsWritten()
    {
        string yaml = Path.Combine(_dir, "alpha.yaml");
        File.WriteAllText(yaml, "name: alpha\nkind: sparse-recovery\nbase: {steps: 100}\naxes:\n  - grid:\n      alpha: [0.1, 0.5]\n");
        string root = Path.Combine(_dir, "root");
        var r = TestSupport.Grok("sweep", yaml, "--root", root);
        AssertBadInput(r, "run 1 (alpha=0.5): alpha = 0.5 is not below the stability bound");
        Assert.False(Directory.Exists(root), "nothing may be written: no store, no run directory");
        AssertBadInput(TestSupport.Grok("sweep", yaml, "--root", root, "--slurm", "--dry-run"), "stability bound");
    }

    [Fact]
    public void AMatrixRunWhoseLossOverflowsDivergesLikeASparseOne()
    {
        string dir = Path.Combine(_dir, "m");
        var r = TestSupport.Grok("run", "matrix-factorisation", "--init-scale", "1e308", "--steps", "100", "-q", "--out", dir);
        AssertBadInput(r, "training diverged: the gradient norm is NaN or Inf from step 0 on");
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ATruncatedSummaryIsRedoneNotACrash()
    {
        string fig = Path.Combine(_dir, "fig");
        var first = TestSupport.Grok("figure", "3", "--quick", "-q", "--out", fig);
        Assert.True(first.Code == 0, first.Err);
        string summary = Assert.Single(Directory.GetFiles(Path.Combine(fig, "runs"), "summary.json", SearchOption.AllDirectories));
        string whole = File.ReadAllText(summary);
        File.WriteAllText(summary, whole[..50]);
        var second = TestSupport.Grok("figure", "3", "--quick", "-q", "--out", fig);
        Assert.True(second.Code == 0, second.Err);
        static string[] Times(string output) => output.Split('\n').Where(l => l.TrimStart().StartsWith("t1 =") || l.TrimStart().StartsWith("t2 =")).ToArray();
        Assert.NotEmpty(Times(first.Out));
        Assert.Equal(Times(first.Out), Times(second.Out)); // the same t1 and t2, from the redone run
        Assert.Contains("\"t1\"", File.ReadAllText(summary));
    }

    [Fact]
    public void TemporariesOfKilledRunsAreRemovedAndThoseOfLiveOnesKept()
    {
        int dead;
        using (var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!) { p.WaitForExit(); dead = p.Id; }
        string host = new(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' ? c : '_').ToArray());
        string stale = Path.Combine(_dir, $".old.tmp-{dead}-{Guid.NewGuid():N}-{host}");
        string legacy = Path.Combine(_dir, $".older.tmp-{dead}-{Guid.NewGuid():N}");            // written before names had a host
        string live = Path.Combine(_dir, $".busy.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}-{host}");
        string remote = Path.Combine(_dir, $".far.tmp-{dead}-{Guid.NewGuid():N}-elsewhere.cluster");
        foreach (var d in new[] { stale, legacy, live, remote }) { Directory.CreateDirectory(d); File.WriteAllText(Path.Combine(d, "metrics.csv"), "x"); }

        var r = TestSupport.Grok("run", "sparse-recovery", "--steps", "100", "-q", "--out", Path.Combine(_dir, "new"));
        Assert.True(r.Code == 0, r.Err);
        Assert.False(Directory.Exists(stale));
        Assert.False(Directory.Exists(legacy));
        Assert.True(Directory.Exists(live), "a live writer's temporary directory must stay");
        Assert.True(Directory.Exists(remote), "another host's writer cannot be checked from here: its directory stays");
    }

    [Fact]
    public void UnknownNamesAndHelpSayWhatAUserTypes()
    {
        var unknown = TestSupport.Grok("run", "nope");
        AssertBadInput(unknown, "unknown experiment 'nope' (known: ");
        Assert.Contains("sparse-recovery", unknown.Err);
        Assert.Contains("matrix-factorisation", unknown.Err);
        var none = TestSupport.Grok("run");
        AssertBadInput(none, "'grok run' needs an experiment: ");
        Assert.Contains("sparse-recovery", none.Err);

        var status = TestSupport.Grok("sweep", "status", "--help");
        Assert.Equal(0, status.Code);
        Assert.Contains("grok sweep status <SPEC> [options]", status.Out);
        Assert.DoesNotContain("<SPEC> status", status.Out);
        foreach (var args in new[] { new[] { "sweep", "--help" }, ["sweep", "status", "--help"], ["report", "--help"] })
        {
            var help = TestSupport.Grok(args);
            Assert.DoesNotContain("[default: .] [default: .]", help.Out);
            Assert.Contains("[default: .]", help.Out);
        }
        Assert.Contains("figures/figure-N-quick with --quick", TestSupport.Grok("figure", "--help").Out);
    }

    [Fact]
    public void OneVersionEverywhere()
    {
        var v = TestSupport.Grok("--version");
        Assert.Equal(0, v.Code);
        Assert.Equal(LabInfo.Version, v.Out.Trim().Split('+')[0]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", LabInfo.Version);
        Assert.NotEqual("1.0.0", LabInfo.Version); // the SDK's default, i.e. no <Version> reached the library
    }

    [Fact]
    public void TheProjectedSubgradientIsSpelledEitherWayInBothFamilies()
    {
        foreach (var kind in new[] { "sparse-recovery", "matrix-factorisation" })
        {
            var ids = new[] { "proj_subgradient", "proj-subgradient" }.Select(m =>
            {
                string dir = Path.Combine(_dir, $"{kind}-{m}");
                var extra = kind == "matrix-factorisation" ? new[] { "--problem", "sensing", "--N", "70" } : [];
                var r = TestSupport.Grok(["run", kind, "--method", m, "--steps", "50", "-q", "--out", dir, .. extra]);
                Assert.True(r.Code == 0, $"{kind} --method {m}: {r.Err}");
                return r.Out.Split('\n')[0];
            }).ToArray();
            Assert.Equal(ids[0], ids[1]); // "run KIND ID": the same spec, so the same run id
        }
    }
}
