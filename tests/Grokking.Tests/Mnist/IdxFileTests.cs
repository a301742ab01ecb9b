using Grokking.Experiments;
using Grokking.Problems.Mnist;
using static Grokking.Tests.Mnist.SyntheticDigits;

namespace Grokking.Tests.Mnist;

/// <summary>The IDX reader on files written here, raw and gzipped, and each defect as a one-line SpecException.</summary>
public sealed class IdxFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "grok-idx-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private string Path1(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabels_RawAndGzipped(bool gzip)
    {
        byte[] pixels = [.. Enumerable.Range(0, 3 * 2 * 4).Select(i => (byte)(i * 10))];
        Write(Path1("img"), ImagesFile(3, 2, 4, pixels), gzip);
        Write(Path1("lab"), LabelsFile([7, 0, 9]), gzip);
        var images = IdxFile.ReadImages(Path1("img"));
        Assert.Equal((3, 2, 4), (images.Count, images.Rows, images.Cols));
        Assert.Equal(pixels, images.Pixels);
        Assert.Equal([7, 0, 9], IdxFile.ReadLabels(Path1("lab")));
    }

    /// <summary>Magic numbers as the bytes of the format: 00 00 08 03 and 00 00 08 01.</summary>
    [Fact]
    public void MagicNumbersAreTheFormatsBytes()
    {
        Assert.Equal([0, 0, 8, 3], Header(IdxFile.ImagesMagic)[..4]);
        Assert.Equal(2051, IdxFile.ImagesMagic);
        Assert.Equal(2049, IdxFile.LabelsMagic);
    }

    [Fact]
    public void MissingFile() =>
        Assert.Contains("no such file", Assert.Throws<SpecException>(() => IdxFile.ReadImages(Path1("nope"))).Message);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImages(bool gzip)
    {
        var bytes = ImagesFile(3, 2, 4, new byte[24]);
        Write(Path1("img"), bytes[..^5], gzip);
        var e = Assert.Throws<SpecException>(() => IdxFile.ReadImages(Path1("img")));
        Assert.Contains("truncated: the header announces 3 x 2 x 4 = 24 bytes of images, the file holds 19", e.Message);
    }

    [Fact]
    public void TruncatedHeader()
    {
        Write(Path1("lab"), Header(IdxFile.LabelsMagic, 5)[..6], gzip: false);
        Assert.Contains("truncated", Assert.Throws<SpecException>(() => IdxFile.ReadLabels(Path1("lab"))).Message);
    }

    [Fact]
    public void WrongMagic_ALabelsFileReadAsImages()
    {
        Write(Path1("lab"), LabelsFile([1, 2]), gzip: false);
        var e = Assert.Throws<SpecException>(() => IdxFile.ReadImages(Path1("lab")));
        Assert.Contains("not an IDX images file: magic number 2049 (a labels file), expected 2051", e.Message);
    }

    [Fact]
    public void WrongElementType()
    {
        var bytes = LabelsFile([1, 2]);
        bytes[2] = 0x0D; // float
        Write(Path1("lab"), bytes, gzip: false);
        Assert.Contains("magic number", Assert.Throws<SpecException>(() => IdxFile.ReadLabels(Path1("lab"))).Message);
    }

    [Fact]
    public void TrailingBytes()
    {
        Write(Path1("lab"), [.. LabelsFile([1, 2]), 0], gzip: false);
        Assert.Contains("1 bytes after", Assert.Throws<SpecException>(() => IdxFile.ReadLabels(Path1("lab"))).Message);
    }

    [Fact]
    public void DamagedGzip()
    {
        Write(Path1("img"), [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], gzip: false);
        Assert.Throws<SpecException>(() => IdxFile.ReadImages(Path1("img")));
    }

    [Fact]
    public void DataSet_LabelCountMustMatchTheImageCount()
    {
        string root = DataRoot(train: 20, test: 10);
        try
        {
            string dir = Path.Combine(root, "mnist");
            Assert.Equal(20, MnistData.Load(dir).TrainImages.Count);
            Write(Path.Combine(dir, MnistData.TestLabelsFile), LabelsFile(new byte[9]), gzip: false);
            var e = Assert.Throws<SpecException>(() => MnistData.Load(dir));
            Assert.Contains("9 labels for 10 images", e.Message);
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void DataSet_MissingFilesNameTheFetchCommand()
    {
        Directory.CreateDirectory(_dir);
        var e = Assert.Throws<SpecException>(() => MnistData.Load(_dir));
        Assert.Contains("grok data mnist", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DataSet_LabelsMustBeDigits()
    {
        string root = DataRoot(train: 20, test: 10);
        try
        {
            string dir = Path.Combine(root, "mnist");
            Write(Path.Combine(dir, MnistData.TestLabelsFile), LabelsFile([.. new byte[9], 10]), gzip: false);
            Assert.Contains("label 10 at position 9", Assert.Throws<SpecException>(() => MnistData.Load(dir)).Message);
        }
        finally { Directory.Delete(root, true); }
    }
}
