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
        string tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
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

    /// <summary>True when <paramref name="dir"/> holds a finished run of exactly this spec.</summary>
    public static bool IsComplete(string dir, RunSpec spec)
    {
        string specPath = Path.Combine(dir, SpecFile);
        if (!File.Exists(specPath) || !File.Exists(Path.Combine(dir, SummaryFile)) || !File.Exists(Path.Combine(dir, MetricsFile)))
            return false;
        return File.ReadAllText(specPath).Trim() == spec.CanonicalJson;
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
