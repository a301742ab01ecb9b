namespace Grokking.Tests.Sweeps;

/// <summary>`grok sweep`, `grok sweep status` and bad input, end to end as separate processes.</summary>
public sealed class SweepCliTests : IDisposable
{
    private readonly string _dir = TestSupport.TempDir("sweepcli");

    public SweepCliTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => TestSupport.Delete(_dir);

    private string Spec(string name, string yaml)
    {
        string path = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static void AssertOneLineExit2(int code, string err, string expected)
    {
        Assert.Equal(2, code);
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("grok: error: ", line);
        Assert.Contains(expected, line);
    }

    [Theory]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {bogus: [1, 2]}\n", "unknown axis key 'bogus'")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {}\n", "empty grid")]
    [InlineData("kind: sparse-recovery\naxes:\n  - grid: {beta1: []}\n", "empty list")]
    public void BadSpecsGetOneLineExit2AndNothingIsWritten(string yaml, string expected)
    {
        string root = Path.Combine(_dir, "root");
        var (code, _, err) = TestSupport.Grok("sweep", Spec("bad", yaml), "--root", root);
        AssertOneLineExit2(code, err, expected);
        Assert.False(Directory.Exists(root), "a rejected sweep must not create its root or store");
    }

    [Fact]
    public void AnUnreachablePostgresIsOneLineExit2()
    {
        string root = Path.Combine(_dir, "root");
        var (code, _, err) = TestSupport.Grok("sweep", Spec("ok", "kind: sparse-recovery\nbase: {steps: 2000}\n"), "--root", root,
            "--store", "postgres://grok@127.0.0.1:1/nowhere");
        AssertOneLineExit2(code, err, "cannot use PostgreSQL at 127.0.0.1:1/nowhere");
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void NoSbatchOnPathIsOneLineExit2AndNoScriptIsWritten()
    {
        string root = Path.Combine(_dir, "root");
        string emptyBin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var (code, _, err) = TestSupport.Grok(["sweep", Spec("ok", "kind: sparse-recovery\nbase: {steps: 2000}\n"), "--root", root, "--slurm"],
            new Dictionary<string, string> { ["PATH"] = emptyBin });
        AssertOneLineExit2(code, err, "sbatch is not on PATH");
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void ASliceOutOfRangeIsBadInput()
    {
        string root = Path.Combine(_dir, "root");
        var (code, _, err) = TestSupport.Grok("sweep", Spec("ok", "kind: sparse-recovery\nbase: {steps: 2000}\n"), "--root", root, "--task", "3", "--tasks", "2");
        AssertOneLineExit2(code, err, "--task must be in 0..1");
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void SweepThenStatusThenSlicesReportFromTheStore()
    {
        string root = Path.Combine(_dir, "root");
        string spec = Spec("s", """
            name: s
            kind: sparse-recovery
            base: {steps: 20000, snr: inf, t2-rule: plateau, components: false}
            axes:
              - grid: {alpha: [0.1], beta1: [1e-3, 1e-4]}
              - list: [{N: 30}, {N: 40}]
            """);
        var before = TestSupport.Grok("sweep", "status", spec, "--root", root);
        Assert.Equal(0, before.Code);
        Assert.Contains("sweep s: 4 runs: 0 done, 0 running, 0 failed, 4 pending", before.Out);

        // slice 1 of 2 holds runs 1 and 3 (round robin)
        var slice = TestSupport.Grok("sweep", spec, "--root", root, "--task", "1", "--tasks", "2", "--no-plots");
        Assert.True(slice.Code == 0, slice.Err);
        Assert.Contains("(slice 1 of 2: 2 runs): 2 completed", slice.Out);
        var mid = TestSupport.Grok("sweep", "status", spec, "--root", root, "--all");
        Assert.Contains("sweep s: 4 runs: 2 done, 0 running, 0 failed, 2 pending", mid.Out);
        Assert.Contains("alpha=0.1 beta1=0.001 N=40  t1 = not reached  t2 = 587", mid.Out); // N = 40: more measurements, earlier plateau

        var rest = TestSupport.Grok("sweep", spec, "--root", root, "--jobs", "2");
        Assert.True(rest.Code == 0, rest.Err);
        Assert.Contains("2 completed, 2 skipped", rest.Out);
        Assert.Contains("t2 = 11,000", rest.Out);                 // alpha 0.1, beta1 1e-4, N 30 (spec B.2)
        var after = TestSupport.Grok("sweep", "status", spec, "--root", root);
        Assert.Contains("4 runs: 4 done, 0 running, 0 failed, 0 pending", after.Out);
        Assert.True(File.Exists(Path.Combine(root, "runs", "lab.db")));
    }

    [Fact]
    public void DryRunPrintsTheJobArrayAndWritesNothing()
    {
        string root = Path.Combine(_dir, "root");
        var (code, output, err) = TestSupport.Grok("sweep", Spec("d", "name: d\nkind: sparse-recovery\nbase: {method: ista}\naxes:\n  - grid: {beta1: [1e-3, 1e-4, 1e-5]}\n"),
            "--root", root, "--slurm", "--dry-run", "--partition", "debug", "--array-limit", "2", "--time", "0:10:00", "--tasks", "2");
        Assert.True(code == 0, err);
        Assert.Contains("#SBATCH --array=0-1%2", output);
        Assert.Contains("#SBATCH --partition=debug", output);
        Assert.Contains("--task \"$SLURM_ARRAY_TASK_ID\" --tasks 2", output);
        Assert.Contains($"--store {Path.Combine(Path.GetFullPath(root), "runs", "lab.db")}", output);
        Assert.False(Directory.Exists(root));
    }
}
