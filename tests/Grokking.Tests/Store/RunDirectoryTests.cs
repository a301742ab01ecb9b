using Grokking.Experiments;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Tests.Sweeps;

namespace Grokking.Tests.Store;

/// <summary>A run directory is replaced as a whole, so only a directory of the lab's own files may be replaced; and
/// only a readable run counts as finished.</summary>
public sealed class RunDirectoryTests : IDisposable
{
    private readonly string _dir = TestSupport.TempDir("rundir");

    public void Dispose() => TestSupport.Delete(_dir);

    [Fact]
    public void OnlyANewAnEmptyOrALabOnlyDirectoryIsReplaceable()
    {
        RunDirectory.CheckReplaceable(Path.Combine(_dir, "new"));
        Directory.CreateDirectory(_dir);
        RunDirectory.CheckReplaceable(_dir);
        File.WriteAllText(Path.Combine(_dir, "keep.txt"), "x");
        Assert.Contains("is not a run directory", Assert.Throws<SpecException>(() => RunDirectory.CheckReplaceable(_dir)).Message);
        Assert.Contains("is a file", Assert.Throws<SpecException>(() => RunDirectory.CheckReplaceable(Path.Combine(_dir, "keep.txt"))).Message);
    }

    [Fact]
    public void WritingARunNeverDeletesFilesTheLabDidNotWrite()
    {
        var spec = TestSupport.TinySpec(steps: 100);
        string run = Path.Combine(_dir, "run");
        RunExecutor.Execute(spec, run, keepDiverged: true);
        RunExecutor.Execute(spec, run, reuse: false);                 // a lab-only run directory: replaced
        File.WriteAllText(Path.Combine(run, "notes.md"), "mine");
        Assert.Contains("also holds 'notes.md'", Assert.Throws<IOException>(() => RunExecutor.Execute(spec, run, reuse: false)).Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "notes.md")));
        Assert.Empty(Directory.GetDirectories(_dir, ".run.tmp-*"));
    }

    [Theory]
    [InlineData("summary.json", 50)]
    [InlineData("metrics.csv", 100)]
    [InlineData("summary.json", 0)]
    public void ATruncatedRunIsNotComplete(string file, int keep)
    {
        var spec = TestSupport.TinySpec(steps: 100);
        string run = Path.Combine(_dir, "run");
        RunExecutor.Execute(spec, run);
        Assert.True(RunDirectory.IsComplete(run, spec));
        string path = Path.Combine(run, file);
        File.WriteAllText(path, File.ReadAllText(path)[..keep]);
        Assert.False(RunDirectory.IsComplete(run, spec));
        var redone = RunExecutor.Execute(spec, run);               // redone, not a crash
        Assert.False(redone.Reused);
        Assert.True(RunDirectory.IsComplete(run, spec));
    }
}
