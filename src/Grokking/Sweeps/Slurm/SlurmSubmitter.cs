using System.Diagnostics;
using Grokking.Experiments;

namespace Grokking.Sweeps.Slurm;

/// <summary>Finds sbatch and submits a script; every problem is a one-line <see cref="SpecException"/>.</summary>
public static class SlurmSubmitter
{
    /// <summary>The full path of sbatch on PATH, or a clear error (checked before anything is written).</summary>
    public static string FindSbatch()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "sbatch");
            if (File.Exists(candidate)) return candidate;
        }
        throw new SpecException("--slurm: sbatch is not on PATH (is this a Slurm login node? try --dry-run to see the script)");
    }

    /// <summary>Runs `sbatch --parsable [--wait] script`; returns the job id. With --wait, a non-zero exit
    /// (some task failed) is not an error here: the store says which runs failed.</summary>
    public static (string JobId, int ExitCode) Submit(string sbatch, string scriptPath, bool wait)
    {
        var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        if (wait) psi.ArgumentList.Add("--wait");
        psi.ArgumentList.Add(scriptPath);
        using var p = Process.Start(psi) ?? throw new SpecException($"--slurm: could not start {sbatch}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        string output = stdout.Result.Trim();
        string jobId = output.Split('\n')[0].Split(';')[0].Trim(); // --parsable: "id" or "id;cluster"
        if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
        {
            string why = string.Join(' ', (stderr.Result + " " + output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new SpecException($"--slurm: sbatch refused the job (exit {p.ExitCode}): {why.Trim()}");
        }
        return (jobId, p.ExitCode);
    }
}
