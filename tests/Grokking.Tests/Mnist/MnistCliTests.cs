using System.Diagnostics;
using Grokking.Problems.Mnist;

namespace Grokking.Tests.Mnist;

/// <summary>`grok run mnist` and `grok data mnist` as a user runs them (a separate process, GROK_DATA pointing at
/// synthetic IDX files written here): bad input is one line on stderr, exit code 2, nothing written.</summary>
public sealed class MnistCliTests : IDisposable
{
    private readonly string _root = SyntheticDigits.DataRoot(train: 30, test: 20);
    private readonly string _out = Path.Combine(Path.GetTempPath(), "grok-mnist-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Directory.Delete(_root, true);
        if (Directory.Exists(_out)) Directory.Delete(_out, true);
    }

    private static (int Code, string Out, string Err) Grok(string dataRoot, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grok.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true";
        psi.Environment[MnistData.DataEnvironmentVariable] = dataRoot;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("grok did not finish"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Theory]
    [InlineData("--n-train", "31", "n-train = 31 is more than the 30 training images")]
    [InlineData("--width", "0", "--width: 0 is below the minimum 1")]
    [InlineData("--dataset", "fashion-mnist", "run `grok data mnist`")]
    public void BadRunInput_OneLineExitTwoNothingWritten(string flag, string value, string message)
    {
        var (code, _, err) = Grok(_root, "run", "mnist", flag, value, "--steps", "5", "--out", _out);
        Assert.Equal(2, code);
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line);
        Assert.False(Directory.Exists(_out), "a failed run must leave nothing behind");
    }

    [Fact]
    public void ARunOnSyntheticDigits_WritesItsDirectory()
    {
        var (code, output, err) = Grok(_root, "run", "mnist", "--width", "16", "--n-train", "30", "--n-test", "20", "--steps", "20", "--out", _out);
        Assert.True(code == 0, err);
        Assert.Contains("run mnist", output);
        foreach (var f in new[] { "spec.json", "metrics.csv", "summary.json", "plot.svg" })
            Assert.True(File.Exists(Path.Combine(_out, f)), $"missing {f}");
    }

    /// <summary>--data reads a user's own folder (here the synthetic digits, with the data root pointing elsewhere), and
    /// records its full path in the spec; a folder that does not exist is one line and exit 2.</summary>
    [Fact]
    public void ARunOnTheUsersOwnFolder_ReadsIt()
    {
        string empty = Path.Combine(_out + "-empty");
        Directory.CreateDirectory(empty);
        try
        {
            var (code, _, err) = Grok(empty, "run", "mnist", "--data", Path.Combine(_root, "mnist"), "--width", "16", "--n-train", "30",
                "--n-test", "20", "--steps", "20", "--out", _out);
            Assert.True(code == 0, err);
            Assert.Contains(Path.Combine(_root, "mnist"), File.ReadAllText(Path.Combine(_out, "spec.json")));
            var (missing, _, missingErr) = Grok(empty, "run", "mnist", "--data", Path.Combine(empty, "nowhere"), "--steps", "5", "--out", _out + "-2");
            Assert.Equal(2, missing);
            Assert.Contains("does not exist", Assert.Single(missingErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.False(Directory.Exists(_out + "-2"));
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Fact]
    public void DataIntoAFolderHoldingSomeFiles_RefusesAndKeepsThem()
    {
        Directory.CreateDirectory(_out);
        string mine = Path.Combine(_out, MnistData.TestImagesFile);
        File.WriteAllText(mine, "mine");
        var (code, _, err) = Grok(_root, "data", "mnist", "--dir", _out);
        Assert.Equal(2, code);
        Assert.Contains("does not overwrite", Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("mine", File.ReadAllText(mine));
    }

    [Fact]
    public void DataWhenTheFilesAreThere_SaysSoAndStops()
    {
        var (code, output, err) = Grok(_root, "data", "mnist");
        Assert.True(code == 0, err);
        Assert.Contains($"already in {Path.Combine(_root, "mnist")} and valid", output);
    }
}
