using System.Diagnostics;
using System.Globalization;

namespace Grokking.Reports;

/// <summary>
/// SVG → PNG through librsvg's <c>rsvg-convert</c> when it is installed. There is no managed
/// rasteriser in the project, so PNGs are a bonus: callers keep the SVG either way and report the message.
/// </summary>
public static class Png
{
    public const string Tool = "rsvg-convert";

    /// <summary>Full path of rsvg-convert found on PATH, or null.</summary>
    public static string? FindConverter() => FindConverter(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Looks for the tool in a PATH-style list (separate so tests need not touch the process's PATH).</summary>
    internal static string? FindConverter(string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        string[] names = OperatingSystem.IsWindows() ? [Tool + ".exe", Tool] : [Tool];
        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in names)
            {
                string candidate = Path.Combine(dir.Trim('"'), name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public static bool IsAvailable => FindConverter() is not null;

    /// <summary>
    /// Converts <paramref name="svgPath"/> to <paramref name="pngPath"/> (written atomically). Runs the tool
    /// directly (no shell) with a timeout. <paramref name="zoom"/> 2 gives a 2× resolution PNG.
    /// Returns false, with a message saying why and where the SVG is, if the tool is missing or fails.
    /// </summary>
    public static bool TryConvert(string svgPath, string pngPath, out string message, double zoom = 1.0, TimeSpan? timeout = null) =>
        TryConvert(svgPath, pngPath, out message, zoom, timeout, Environment.GetEnvironmentVariable("PATH"));

    internal static bool TryConvert(string svgPath, string pngPath, out string message, double zoom, TimeSpan? timeout, string? searchPath)
    {
        if (!File.Exists(svgPath))
        {
            message = $"SVG not found: {svgPath}";
            return false;
        }
        string? exe = FindConverter(searchPath);
        if (exe is null)
        {
            message = $"{Tool} not found: install librsvg2-bin to get PNGs; the SVG is at {Path.GetFullPath(svgPath)}";
            return false;
        }
        if (!(zoom > 0) || !double.IsFinite(zoom)) zoom = 1;
        string full = Path.GetFullPath(pngPath);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        var psi = new ProcessStartInfo(exe)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            CreateNoWindow = true,
        };
        foreach (string a in new[] { "--format", "png", "--zoom", zoom.ToString("0.###", CultureInfo.InvariantCulture), "--output", tmp, svgPath })
            psi.ArgumentList.Add(a);
        try
        {
            using var proc = Process.Start(psi);
            if (proc is null)
            {
                message = $"could not start {exe}; the SVG is at {Path.GetFullPath(svgPath)}";
                return false;
            }
            // Read both streams asynchronously so a chatty tool cannot block on a full pipe.
            var stderr = proc.StandardError.ReadToEndAsync();
            var stdout = proc.StandardOutput.ReadToEndAsync();
            var limit = timeout ?? TimeSpan.FromSeconds(60);
            if (!proc.WaitForExit(limit))
            {
                try { proc.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                message = $"{Tool} timed out after {limit.TotalSeconds:0}s; the SVG is at {Path.GetFullPath(svgPath)}";
                return false;
            }
            proc.WaitForExit(); // flushes the async readers
            if (proc.ExitCode != 0 || !File.Exists(tmp))
            {
                message = $"{Tool} failed (exit {proc.ExitCode}): {stderr.Result.Trim()}; the SVG is at {Path.GetFullPath(svgPath)}";
                return false;
            }
            _ = stdout.Result;
            File.Move(tmp, full, overwrite: true);
            message = $"wrote {full}";
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            message = $"{Tool} could not run: {e.Message}; the SVG is at {Path.GetFullPath(svgPath)}";
            return false;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
