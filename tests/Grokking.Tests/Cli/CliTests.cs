using System.Diagnostics;

namespace Grokking.Tests.Cli;

/// <summary>The `grok` command end to end, as a user runs it: a separate process, exit codes, files.</summary>
public class CliTests
{
    private static (int Code, string Out, string Err) Grok(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grok.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true"; // no live display
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("grok did not finish"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "grok-cli-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("--bogus", "1", "Unrecognized")]
    [InlineData("--s", "200", "s = 200 is larger than n = 100")]
    [InlineData("--N", "0", "--N: 0 is below the minimum 1")]
    [InlineData("--alpha", "0.5", "stability bound")]
    [InlineData("--init-scale", "1e308", "NaN or Inf in the parameters at step 1")]
    [InlineData("--tau", "1.5", "--tau: 1.5 must be <= 1")]
    public void BadInputGetsOneLineExitCodeTwoAndWritesNothing(string flag, string value, string message)
    {
        string dir = TempDir();
        var (code, _, err) = Grok("run", "sparse-recovery", flag, value, "--steps", "2000", "--out", dir);
        Assert.Equal(2, code);
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line);
        Assert.False(Directory.Exists(dir), "a failed run must leave nothing behind");
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "." + Path.GetFileName(dir) + "*"));
    }

    [Fact]
    public void HelpListsEveryParameterWithItsDefault()
    {
        var (code, output, _) = Grok("run", "sparse-recovery", "--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--alpha", "--beta1", "--beta2", "--N", "--n", "--s", "--steps", "--snr", "--init-scale", "--out" })
            Assert.Contains(flag, output);
        Assert.Contains("[default: 0.1]", output);
    }

    [Fact]
    public void ARunWritesItsDirectoryAndReusesItTheSecondTime()
    {
        string dir = TempDir();
        try
        {
            var (code, output, err) = Grok("run", "sparse-recovery", "--steps", "3000", "--out", dir);
            Assert.True(code == 0, err);
            Assert.Contains("t1 = 60", output);
            foreach (var f in new[] { "spec.json", "metrics.csv", "summary.json", "plot.svg" })
                Assert.True(File.Exists(Path.Combine(dir, f)), $"missing {f}");
            Assert.StartsWith("step,time,metric,scope,value", File.ReadAllText(Path.Combine(dir, "metrics.csv")));
            Assert.Contains("\"t1\": 60", File.ReadAllText(Path.Combine(dir, "summary.json")));

            var again = Grok("run", "sparse-recovery", "--steps", "3e3", "--out", dir);
            Assert.Equal(0, again.Code);
            Assert.Contains("reused", again.Out);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void UnknownFigureIsBadInput()
    {
        var (code, _, err) = Grok("figure", "999");
        Assert.Equal(2, code);
        Assert.Contains("unknown figure '999'", err);
    }
}
