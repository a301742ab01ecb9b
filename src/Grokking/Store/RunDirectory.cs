using System.Text;
using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Store;

/// <summary>
/// The human-readable artefact of one run: a directory holding spec.json, metrics.csv (long format),
/// summary.json and plots. It is written into a temporary sibling and renamed into place, so a crash or a
/// kill leaves either the previous complete directory or the new complete one, never half of either.
/// </summary>
public static class RunDirectory
{
    public const string SpecFile = "spec.json";
    public const string MetricsFile = "metrics.csv";
    public const string SummaryFile = "summary.json";

    /// <summary>Writes the run; <paramref name="extras"/> may add files (plots) into the temporary directory.</summary>
    public static void Write(string dir, RunSpec spec, MetricRecord record, RunSummary summary, Action<string>? extras = null)
    {
        string full = Path.GetFullPath(dir);
        string parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        // an I/O error, like any other directory that cannot be written: a sweep records it against this run only
        if (WhyNotReplaceable(dir) is { } reason) throw new IOException(reason);
        string tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}-{HostTag}");
        Directory.CreateDirectory(tmp);
        try
        {
            File.WriteAllText(Path.Combine(tmp, SpecFile), spec.CanonicalJson + "\n", Utf8);
            using (var w = new StreamWriter(Path.Combine(tmp, MetricsFile), false, Utf8, 1 << 16))
                record.WriteCsv(w);
            File.WriteAllText(Path.Combine(tmp, SummaryFile), summary.ToJson() + "\n", Utf8);
            extras?.Invoke(tmp);
            ReplaceDirectory(tmp, full);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary siblings a killed writer of <paramref name="dir"/> left behind. Call it only while
    /// holding the run (a store claim), so that no live writer's temporary directory is taken away.
    /// </summary>
    public static int RemoveStaleTemporaries(string dir)
    {
        string full = Path.GetFullPath(dir);
        string parent = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(parent)) return 0;
        int removed = 0;
        foreach (var tmp in Directory.GetDirectories(parent, $".{Path.GetFileName(full)}.tmp-*"))
        {
            TryDelete(tmp);
            removed++;
        }
        return removed;
    }

    /// <summary>The files a run directory holds: the lab writes these and nothing else (plots are *.svg / *.png).</summary>
    public static bool IsLabFile(string name) =>
        name is SpecFile or MetricsFile or SummaryFile || name.EndsWith(".svg", StringComparison.Ordinal) || name.EndsWith(".png", StringComparison.Ordinal);

    /// <summary>
    /// Throws <see cref="SpecException"/> unless <paramref name="dir"/> may be replaced by a run directory: it does
    /// not exist, is empty, or is a run directory (spec.json) holding only the lab's own files. Writing a run
    /// replaces the directory as a whole, so anything else in it (a user's files, a parent folder given by
    /// mistake) would be lost: the lab never deletes what it did not write.
    /// </summary>
    public static void CheckReplaceable(string dir)
    {
        if (WhyNotReplaceable(dir) is { } reason) throw new SpecException(reason);
    }

    /// <summary>Why <paramref name="dir"/> may not be replaced by a run directory (see <see cref="CheckReplaceable"/>), or null.</summary>
    public static string? WhyNotReplaceable(string dir)
    {
        string full = Path.GetFullPath(dir);
        if (File.Exists(full)) return $"'{dir}' is a file, not a run directory";
        if (!Directory.Exists(full)) return null;
        var entries = Directory.GetFileSystemEntries(full);
        if (entries.Length == 0) return null;
        bool isRun = File.Exists(Path.Combine(full, SpecFile));
        string? foreign = entries.Select(Path.GetFileName).FirstOrDefault(name => !isRun || Directory.Exists(Path.Combine(full, name!)) || !IsLabFile(name!));
        if (foreign is null) return null;
        return isRun
            ? $"'{dir}' is a run directory that also holds '{foreign}', which a new run would delete: move it away, or write the run elsewhere"
            : $"'{dir}' is not empty and is not a run directory (no {SpecFile}); a run replaces its directory as a whole: give a new or empty directory";
    }

    /// <summary>
    /// Deletes the temporary run directories (<c>.NAME.tmp-PID-GUID-HOST</c>) in <paramref name="parent"/> whose writer, a
    /// process on this host, no longer exists (a killed `grok run`). Live writers and writers on other hosts (a shared
    /// file system) keep theirs. Returns how many were removed.
    /// </summary>
    public static int RemoveDeadTemporaries(string parent)
    {
        if (!Directory.Exists(parent)) return 0;
        int removed = 0;
        foreach (var tmp in Directory.EnumerateDirectories(parent, ".*.tmp-*"))
        {
            var m = TemporaryName.Match(Path.GetFileName(tmp));
            if (!m.Success) continue;
            if (m.Groups["host"].Success && m.Groups["host"].Value != HostTag) continue;
            if (!int.TryParse(m.Groups["pid"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || IsAlive(pid)) continue;
            TryDelete(tmp);
            if (!Directory.Exists(tmp)) removed++;
        }
        return removed;
    }

    // .NAME.tmp-PID-GUID[-HOST] (directories written before the host was added have none: they are this host's)
    private static readonly System.Text.RegularExpressions.Regex TemporaryName =
        new(@"^\..+\.tmp-(?<pid>[0-9]+)-[0-9a-f]{32}(-(?<host>[A-Za-z0-9._]+))?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>This host's name as it appears in temporary directory names (letters, digits, '.', '_').</summary>
    private static readonly string HostTag = new(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' ? c : '_').ToArray());

    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>True when <paramref name="dir"/> holds a finished, readable run of exactly this spec: a summary that
    /// parses and a metrics file that ends with a whole line. A damaged run (truncated by a full disk or by hand)
    /// is not done, so it is redone rather than crashing whoever reads it.</summary>
    public static bool IsComplete(string dir, RunSpec spec)
    {
        string specPath = Path.Combine(dir, SpecFile), summaryPath = Path.Combine(dir, SummaryFile), metricsPath = Path.Combine(dir, MetricsFile);
        if (!File.Exists(specPath) || !File.Exists(summaryPath) || !File.Exists(metricsPath)) return false;
        try
        {
            if (File.ReadAllText(specPath).Trim() != spec.CanonicalJson) return false;
            _ = RunSummary.FromJson(File.ReadAllText(summaryPath));
            return EndsWithNewline(metricsPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException
                                      or InvalidOperationException or KeyNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Puts back to pending every run the store calls done whose directory is not a complete, readable run
    /// (see <see cref="IsComplete"/>), so that the next sweep or figure redoes it; returns how many.</summary>
    public static int ReopenUnreadable(IRunStore store, IEnumerable<(RunSpec Spec, string Directory)> runs)
    {
        var list = runs.ToList();
        var stored = store.Get(list.Select(r => r.Spec.Id));
        int reopened = 0;
        foreach (var (spec, dir) in list)
            if (stored.TryGetValue(spec.Id, out var row) && row.State == RunState.Done && !IsComplete(dir, spec) && store.Reopen(spec.Id))
                reopened++;
        return reopened;
    }

    private static bool EndsWithNewline(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (f.Length == 0) return false;
        f.Seek(-1, SeekOrigin.End);
        return f.ReadByte() == '\n';
    }

    public static (MetricRecord Record, RunSummary Summary) Load(string dir)
    {
        MetricRecord record;
        using (var r = new StreamReader(Path.Combine(dir, MetricsFile), Utf8))
            record = MetricRecord.ReadCsv(r);
        var summary = RunSummary.FromJson(File.ReadAllText(Path.Combine(dir, SummaryFile)));
        return (record, summary);
    }

    /// <summary>Atomically puts a complete directory in place of <paramref name="target"/> (which may exist).</summary>
    public static void ReplaceDirectory(string source, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(source, target);
            return;
        }
        string old = target + $".old-{Guid.NewGuid():N}";
        Directory.Move(target, old);
        Directory.Move(source, target);
        TryDelete(old);
    }

    /// <summary>Writes a file atomically (temporary file in the same directory, then rename).</summary>
    public static void WriteFileAtomic(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = full + $".tmp-{Guid.NewGuid():N}";
        try
        {
            using (var s = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                write(s);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw;
        }
    }

    public static void WriteTextAtomic(string path, string text) =>
        WriteFileAtomic(path, s => { var b = Utf8.GetBytes(text); s.Write(b, 0, b.Length); });

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { } // best effort: a leftover temp dir is harmless and named as such
        catch (UnauthorizedAccessException) { }
    }
}
