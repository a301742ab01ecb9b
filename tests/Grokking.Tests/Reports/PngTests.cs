using System.Buffers.Binary;
using System.IO.Compression;
using Grokking.Reports;
using Xunit.Abstractions;

namespace Grokking.Tests.Reports;

public class PngTests(ITestOutputHelper output)
{
    internal static readonly byte[] Magic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Encoder_RoundTrips_ThroughZlib()
    {
        const int w = 3, h = 2;
        byte[] rgba = Enumerable.Range(0, w * h * 4).Select(i => (byte)(i * 37)).ToArray();
        byte[] png = PngEncoder.EncodeRgba(w, h, rgba);
        Assert.Equal(Magic, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(w, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(h, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        int idatLen = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(png, 37, 4));
        using var z = new ZLibStream(new MemoryStream(png, 41, idatLen), CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] r = raw.ToArray();
        Assert.Equal((w * 4 + 1) * h, r.Length);
        // Undo the filters: row 0 "None", row 1 "Up".
        Assert.Equal(0, r[0]);
        Assert.Equal(rgba[..(w * 4)], r[1..(w * 4 + 1)]);
        Assert.Equal(2, r[w * 4 + 1]);
        for (int i = 0; i < w * 4; i++) Assert.Equal(rgba[w * 4 + i], (byte)(r[w * 4 + 2 + i] + rgba[i]));
        Assert.EndsWith("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
    }

    [Fact]
    public void MissingConverter_GivesFalseAndAHelpfulMessage()
    {
        string dir = Path.Combine(Path.GetTempPath(), "grok-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string svg = Path.Combine(dir, "a.svg");
            new Figure().Save(svg);
            bool ok = Png.TryConvert(svg, Path.Combine(dir, "a.png"), out string msg, 1, null, searchPath: "/nonexistent-dir");
            Assert.False(ok);
            Assert.Contains("rsvg-convert not found", msg);
            Assert.Contains("librsvg2-bin", msg);
            Assert.Contains(svg, msg);
            Assert.False(File.Exists(Path.Combine(dir, "a.png")));
            Assert.False(Png.TryConvert(Path.Combine(dir, "missing.svg"), Path.Combine(dir, "b.png"), out msg));
            Assert.Contains("SVG not found", msg);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Convert_ProducesAPngFile_WhenRsvgConvertIsInstalled()
    {
        if (!Png.IsAvailable)
        {
            // xunit 2 has no dynamic skip: report and pass.
            output.WriteLine("SKIPPED: rsvg-convert not on PATH (install librsvg2-bin to run this check)");
            return;
        }
        string dir = Path.Combine(Path.GetTempPath(), "grok-png-" + Guid.NewGuid().ToString("N"));
        try
        {
            var fig = new Figure(1, 1, 300, 200);
            fig.Panel().Line([1.0, 2, 3], [1.0, 4, 9], "sq");
            string svg = Path.Combine(dir, "f.svg"), png = Path.Combine(dir, "f.png");
            fig.Save(svg);
            Assert.True(Png.TryConvert(svg, png, out string msg, zoom: 2), msg);
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal(Magic, bytes[..8]);
            Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16))); // zoom 2 doubles the width
            Assert.Equal(2, Directory.GetFiles(dir).Length); // no temp files left behind
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
