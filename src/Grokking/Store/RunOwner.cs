using System.Diagnostics;
using System.Globalization;

namespace Grokking.Store;

/// <summary>
/// The process that holds a run: host, pid and the pid's start time. The start time guards against pid reuse:
/// a recycled pid belongs to a process that started later, so it does not keep a crashed run "alive".
/// </summary>
public sealed record RunOwner(string Host, int Pid, long PidStartedMs)
{
    public static RunOwner Current { get; } = new(Environment.MachineName, Environment.ProcessId,
        StartTimeMs(Process.GetCurrentProcess()));

    /// <summary>True when the owner runs on this machine and its process is gone (or is a zombie).
    /// Owners on other hosts cannot be checked from here; their lease decides.</summary>
    public bool IsDeadOnThisHost()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal)) return false;
        if (IsZombie(Pid)) return true;
        try
        {
            using var p = Process.GetProcessById(Pid);
            if (p.HasExited) return true;
            // a different start time means the pid was recycled by another process
            return Math.Abs(StartTimeMs(p) - PidStartedMs) > 2000;
        }
        catch (ArgumentException) { return true; }          // no such process
        catch (InvalidOperationException) { return true; }  // exited while we looked
    }

    private static long StartTimeMs(Process p) => new DateTimeOffset(p.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();

    // A killed child whose parent has not reaped it yet still has /proc/<pid>; it will never run again.
    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
