using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Npgsql;
using Xunit.Abstractions;

namespace Grokking.Tests.Sweeps;

/// <summary>Helpers for tests that run grok as a user would and that need real servers.</summary>
internal static class TestSupport
{
    public static string GrokDll => Path.Combine(AppContext.BaseDirectory, "grok.dll");

    public static string TempDir(string tag)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"grok-{tag}-{Guid.NewGuid():N}");
        return dir;
    }

    public static void Delete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, true); } catch (IOException) { }
    }

    public static ProcessStartInfo GrokStart(IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(GrokDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }

    public static (int Code, string Out, string Err) Grok(IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutMs = 180_000)
    {
        using var p = Process.Start(GrokStart(args, env))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(true); throw new TimeoutException($"grok {string.Join(' ', args)} did not finish"); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static (int Code, string Out, string Err) Grok(params string[] args) => Grok((IEnumerable<string>)args);

    /// <summary>The repository root (holds Grokking.slnx), for files such as experiments/*.yaml.</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Grokking.slnx"))) return d.FullName;
        throw new DirectoryNotFoundException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Sparse-recovery specs small enough for tests (the t2 plateau rule gives t2 within the steps).</summary>
    public static RunSpec TinySpec(double beta1 = 1e-3, double alpha = 0.1, long steps = 5000) =>
        RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
        [
            new("beta1", beta1), new("alpha", alpha), new("steps", steps), new("snr", "inf"),
            new("t2-rule", "plateau"), new("components", false),
        ]);

    /// <summary>True when the test must fail rather than skip for a missing server (set by .ci/run).</summary>
    public static bool ServersRequired => Environment.GetEnvironmentVariable("GROK_TEST_REQUIRE_SERVERS") == "1";

    /// <summary>True when the server/tool is present; otherwise the test is skipped with the reason (it must be a
    /// <see cref="ServerFactAttribute"/> test), or fails under GROK_TEST_REQUIRE_SERVERS=1 (CI).</summary>
    public static bool Available(bool present, string what, ITestOutputHelper output)
    {
        if (present) return true;
        if (ServersRequired) Assert.Fail($"{what} (GROK_TEST_REQUIRE_SERVERS=1)");
        output.WriteLine($"skipped: {what}");
        throw new SkipException(what);
    }

    /// <summary>A fresh, empty PostgreSQL schema on the server named by GROK_TEST_PG, as an Npgsql connection
    /// string (search_path = that schema), or null when no server is configured.</summary>
    public static string? FreshPostgresSchema()
    {
        string? url = Environment.GetEnvironmentVariable("GROK_TEST_PG");
        if (string.IsNullOrWhiteSpace(url)) return null;
        var uri = new Uri(url);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432, Database = uri.AbsolutePath.Trim('/'),
            Username = uri.UserInfo.Split(':')[0], Timeout = 5,
        };
        if (uri.UserInfo.Contains(':')) b.Password = Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[1]);
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        using (var conn = new NpgsqlConnection(b.ConnectionString))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", conn);
            cmd.ExecuteNonQuery();
        }
        b.SearchPath = schema;
        b.MaxPoolSize = 40;
        return b.ConnectionString;
    }

    /// <summary>True when a Slurm controller answers (sbatch on PATH and `scontrol ping` says UP).</summary>
    public static bool SlurmUp()
    {
        if (!OnPath("sbatch") || !OnPath("scontrol")) return false;
        try
        {
            var psi = new ProcessStartInfo("scontrol", "ping") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string o = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            return o.Contains("is UP", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));
}
