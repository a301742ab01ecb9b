using Grokking.Experiments;
using Grokking.Store;

namespace Grokking.Cli;

/// <summary>
/// Checks an output path before any work starts, so that a bad one is one line and exit code 2 instead of a stack
/// trace after the run: not empty, not a file where a directory goes (or the reverse), and writable (probed by
/// creating and removing an empty directory in the nearest existing ancestor).
/// </summary>
internal static class OutputPaths
{
    /// <summary>A directory that a run (or a figure) replaces or fills.</summary>
    public static void CheckDirectory(string option, string path)
    {
        string full = NotEmpty(option, path);
        if (File.Exists(full)) throw new SpecException($"{option}: '{path}' is a file, not a directory");
        CheckWritable(option, path, Path.GetDirectoryName(full) ?? full);
    }

    /// <summary>A file to write (replaced atomically if it exists).</summary>
    public static void CheckFile(string option, string path)
    {
        string full = NotEmpty(option, path);
        if (Directory.Exists(full)) throw new SpecException($"{option}: '{path}' is a directory; give a file name (e.g. {Path.Combine(path, "report.html")})");
        CheckWritable(option, path, Path.GetDirectoryName(full) ?? full);
    }

    private static string NotEmpty(string option, string path) =>
        string.IsNullOrWhiteSpace(path) ? throw new SpecException($"{option}: the path is empty") : Path.GetFullPath(path);

    /// <summary>Probes the nearest existing ancestor of <paramref name="parent"/>, which the write will create.</summary>
    private static void CheckWritable(string option, string path, string parent)
    {
        string? existing = parent;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new SpecException($"{option}: cannot write '{path}': '{existing}' is a file, not a directory");
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) throw new SpecException($"{option}: cannot write '{path}': no existing parent directory");
        string probe = Path.Combine(existing, $".grok-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"{option}: cannot write '{path}': {existing} is not writable ({e.Message})");
        }
    }

    /// <summary>The run directory of `grok run`: checked, and the temporaries of killed runs beside it removed.</summary>
    public static void PrepareRunDirectory(string option, string path, bool reusable)
    {
        CheckDirectory(option, path);
        if (!reusable)
        {
            try { RunDirectory.CheckReplaceable(path); }
            catch (SpecException e) { throw new SpecException($"{option}: {e.Message}"); }
        }
        RunDirectory.RemoveDeadTemporaries(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }
}
