using System.Buffers.Binary;
using System.IO.Compression;
using Grokking.Reports;

namespace Grokking.Tests.Reports;

public class PngTests
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

    /// <summary>A complete SVG document: white background, then <paramref name="body"/>.</summary>
    private static string Document(int width, int height, string body, string background = "#ffffff") =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" " +
        $"font-family=\"{SvgWriter.FontFamily}\"><rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"{background}\"/>\n{body}</svg>\n";

    /// <summary>Writes the SVG to a fresh folder, renders it in process and decodes the PNG.</summary>
    private static PngImage Render(string svgText, double zoom = 1)
    {
        string dir = Path.Combine(Path.GetTempPath(), "grok-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string svg = Path.Combine(dir, "a.svg"), png = Path.Combine(dir, "a.png");
            File.WriteAllText(svg, svgText);
            Assert.True(Png.TryConvert(svg, png, out string message, zoom), message);
            Assert.Equal(Magic, File.ReadAllBytes(png)[..8]);
            return PngImage.Read(png);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Text(double x, double y, string markup, double fontSize, TextAnchor anchor = TextAnchor.Start,
        string color = "#222222", bool halo = false) =>
        new SvgWriter().Text(x, y, markup, fontSize, anchor, color, halo: halo).ToString();

    [Fact]
    public void Text_HasInkWhereTheSvgPutsIt_AndABlankSvgHasNone()
    {
        // "Grokking" at 30 px from (20, 60): DejaVu Sans puts its ink within about 20 px above the baseline
        // and 7 px below it (the g descenders), about 130 px wide.
        var text = Render(Document(200, 100, Text(20, 60, "Grokking", 30)));
        var blank = Render(Document(200, 100, ""));
        Assert.Equal((200, 100), (text.Width, text.Height));
        Assert.Equal(0, blank.Ink());
        int inside = text.Ink(18, 32, 190, 70);
        Assert.True(inside > 400, $"{inside} ink pixels where the text is");
        Assert.Equal(inside, text.Ink()); // and none anywhere else
        var box = text.InkBox()!.Value;
        Assert.InRange(box.Left, 20, 26);    // G's left side bearing is about 0.05 em
        Assert.InRange(box.Bottom, 62, 69);  // the g descends about 0.24 em below the baseline
    }

    [Theory]
    [InlineData(TextAnchor.End)]
    [InlineData(TextAnchor.Middle)]
    [InlineData(TextAnchor.Start)]
    public void Superscript_IsRaisedAboveTheBaseline_AndTheWholeLabelKeepsItsAnchor(TextAnchor anchor)
    {
        // A log-axis tick label, 10^-3, 40 px, anchored at (150, 80). The exponent is drawn at 0.72 of the size
        // on a baseline 0.36 em higher: its ink sits between about 45 and 66 px, the 10's between about 51 and 80.
        const double x = 150, y = 80, fs = 40;
        var image = Render(Document(300, 100, Text(x, y, "$10^{-3}$", fs, anchor)));
        var all = image.InkBox()!.Value;
        switch (anchor)
        {
            case TextAnchor.End: Assert.InRange(all.Right, x - 0.15 * fs, x + 1); break;
            case TextAnchor.Start: Assert.InRange(all.Left, x - 1, x + 0.15 * fs); break;
            default: Assert.InRange((all.Left + all.Right) / 2.0, x - 0.1 * fs, x + 0.1 * fs); break;
        }

        // The ink falls into two groups of columns, the 10 and the exponent, with a gap between.
        // The 0 spans about 0.6 to 1.1 em from the ink's left edge; the first empty column after it ends the 10.
        int from = (int)(all.Left + 0.9 * fs);
        int gap = Enumerable.Range(from, all.Right - from).First(c => image.InkBox(c, c + 1) is null);
        var ten = image.InkBox(all.Left, gap)!.Value;
        var exponent = image.InkBox(gap, all.Right + 1)!.Value;
        Assert.InRange(ten.Bottom, y - 2, y + 1);                         // the 10 stands on the baseline
        Assert.True(exponent.Bottom < y - 0.25 * fs, $"exponent reaches down to {exponent.Bottom}");
        Assert.True(exponent.Top < ten.Top - 0.08 * fs, $"exponent top {exponent.Top}, 10 top {ten.Top}");
        Assert.True(exponent.Right - exponent.Left > 0.5 * fs, "both the minus and the 3 are drawn");
    }

    [Fact]
    public void RotatedAxisTitle_WithASubscript_IsCentredOnItsAnchor()
    {
        // A y-axis title, "‖a‖_1" turned to read upwards, centred at (50, 100): its ink is a vertical strip
        // (about 2 em long, 1 em wide) centred on y = 100, left of x = 50 (the glyphs rise from the baseline).
        const double x = 50, y = 100, fs = 30;
        var image = Render(Document(100, 200, new SvgWriter().Text(x, y, "$‖a‖_1$", fs, TextAnchor.Middle, rotate: -90).ToString()));
        var box = image.InkBox()!.Value;
        Assert.InRange((box.Top + box.Bottom) / 2.0, y - 0.1 * fs, y + 0.1 * fs);
        Assert.True(box.Bottom - box.Top > 1.5 * fs, $"ink {box.Top}..{box.Bottom}");
        Assert.InRange(box.Right, x - 0.1 * fs, x + 0.3 * fs); // the subscript dips just right of the baseline
        Assert.InRange(box.Left, x - 1.0 * fs, x - 0.5 * fs);
    }

    [Fact]
    public void Halo_IsDrawnUnderTheGlyphs_NotOverThem()
    {
        // Red text with a white halo on black: the red fill must stay visible (a renderer that strokes over the fill
        // covers 12 px glyphs entirely with the 3 px white outline).
        var image = Render(Document(160, 40, Text(10, 26, "t2 = 101,000", 14, color: "#ff0000", halo: true), background: "#000000"));
        int red = 0, white = 0;
        for (int py = 0; py < image.Height; py++)
            for (int px = 0; px < image.Width; px++)
            {
                var (r, g, b, _) = image[px, py];
                if (r > 200 && g < 60 && b < 60) red++;
                if (r > 230 && g > 230 && b > 230) white++;
            }
        Assert.True(red > 40, $"{red} red pixels");
        Assert.True(white > 100, $"{white} white halo pixels");
    }

    [Fact]
    public void Figure_RendersAtOnePixelPerUserUnit_TwiceThatAtZoom2_WithItsTitleInk()
    {
        var fig = new Figure(1, 1, 300, 200) { Title = "Title" };
        fig.Panel().Line([1.0, 2, 3], [1.0, 4, 9], "sq");
        string svg = fig.ToSvg();
        var one = Render(svg);
        var two = Render(svg, zoom: 2);
        Assert.Equal((300, 200), (one.Width, one.Height));
        Assert.Equal((600, 400), (two.Width, two.Height));
        // The title is centred at the top: ink in the top band, around x = 150.
        int top = one.Ink(100, 0, 200, 20);
        Assert.True(top > 20, $"{top} ink pixels in the title band");
        Assert.Equal(0, one.Ink(0, 0, 100, 20) + one.Ink(200, 0, 300, 20));
    }

    [Fact]
    public void ConcurrentRenders_GiveTheSamePixelsAsOne()
    {
        // Sweeps write run plots from several threads at once; each render has its own Skia objects.
        var fig = new Figure(1, 1, 300, 200) { Title = "$10^{-3}$ and $t_1$" };
        fig.Panel().Line([1.0, 2, 3], [1.0, 4, 9], "sq");
        string svg = fig.ToSvg();
        byte[] alone = Render(svg).Rgba;
        var together = new byte[4][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => together[i] = Render(svg).Rgba);
        foreach (byte[] rgba in together) Assert.Equal(alone, rgba);
    }

    [Fact]
    public void Convert_ReplacesAnOldPngAtomically_AndLeavesNoTempFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "grok-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string svg = Path.Combine(dir, "f.svg"), png = Path.Combine(dir, "f.png");
            new Figure(1, 1, 300, 200).Save(svg);
            File.WriteAllText(png, "old");
            Assert.True(Png.TryConvert(svg, png, out string msg), msg);
            Assert.Contains(png, msg);
            Assert.Equal(Magic, File.ReadAllBytes(png)[..8]);
            Assert.Equal(2, Directory.GetFiles(dir).Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingOrBrokenSvg_GivesFalseAndAMessage_AndNoPng()
    {
        string dir = Path.Combine(Path.GetTempPath(), "grok-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Assert.False(Png.TryConvert(Path.Combine(dir, "missing.svg"), Path.Combine(dir, "a.png"), out string msg));
            Assert.Contains("SVG not found", msg);

            string broken = Path.Combine(dir, "broken.svg");
            File.WriteAllText(broken, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect");
            Assert.False(Png.TryConvert(broken, Path.Combine(dir, "b.png"), out msg));
            Assert.Contains(broken, msg);
            Assert.Equal([broken], Directory.GetFiles(dir)); // neither a PNG nor a temp file
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
