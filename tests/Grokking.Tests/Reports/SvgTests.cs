using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Grokking.Reports;

namespace Grokking.Tests.Reports;

public class SvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    internal static XDocument Parse(string svg) => XDocument.Parse(svg);

    internal static List<XElement> ByClass(XDocument d, string cls) =>
        d.Descendants().Where(e => (string?)e.Attribute("class") == cls).ToList();

    private static double[] Seq(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    [Fact]
    public void SvgIsWellFormed_WithOnePathPerSeries_AndOneLegendEntryPerLabelledSeries()
    {
        var fig = new Figure(1, 2, 900, 400) { Title = "A & B <test>" };
        var p = fig.Panel(0, 0);
        var x = Seq(50, i => i);
        p.Line(x, x.Select(v => v * v).ToArray(), "squares");
        p.Line(x, x.Select(v => 2 * v).ToArray(), "doubles", style: LineStyle.Dashed);
        p.Line(x, x.Select(v => 3 * v).ToArray()); // unlabelled: no legend entry
        p.Scatter(x, x.Select(v => 100 - v).ToArray(), "dots", marker: Marker.Star);
        var q = fig.Panel(0, 1);
        q.Line(x, x, "only");
        q.Legend = LegendPosition.Hidden;

        var d = Parse(fig.ToSvg());
        Assert.Equal(Svg + "svg", d.Root!.Name);
        Assert.Equal(4, ByClass(d, "series").Count); // scatter has no line path
        Assert.Single(ByClass(d, "markers"), e => e.Parent?.Attribute("class")?.Value != "legend-entry");
        Assert.Single(ByClass(d, "legend")); // the hidden one draws nothing
        Assert.Equal(3, ByClass(d, "legend-entry").Count);
        Assert.Equal(2, ByClass(d, "panel").Count);
        Assert.Equal("A & B <test>", d.Root.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void LogAxes_SkipNaNInfAndNonPositive_WithoutCrashing_AndBreakTheLine()
    {
        var fig = new Figure(1, 1, 600, 400);
        var p = fig.Panel();
        p.X = Axis.Log("x");
        p.Y = Axis.Log("y");
        double[] x = [1, 10, 100, 1000, 1e4, 1e5, 0, -3, 1e7];
        double[] y = [1, 0.1, double.NaN, 1e-3, 0, 1e-5, 1, 1, double.PositiveInfinity];
        p.Line(x, y, "messy");
        p.Line(Array.Empty<double>(), Array.Empty<double>(), "empty");
        p.Line([double.NaN], [double.NaN], "all nan");
        string svg = fig.ToSvg();
        var d = Parse(svg);
        var path = ByClass(d, "series").First(e => (string?)e.Attribute("data-label") == "messy");
        string dAttr = path.Attribute("d")!.Value;
        Assert.Equal(1, dAttr.Count(c => c == 'M')); // only (1,1)-(10,0.1) is a drawable run of two
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("Infinity", svg);
        Assert.DoesNotContain("E+", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Numbers_AreInvariant_WithAtMostTwoDecimals()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var fig = new Figure(1, 1, 640, 480);
            var x = Seq(1000, i => i / 999.0 * Math.PI);
            fig.Panel().Line(x, x.Select(Math.Sin).ToArray(), "sin");
            string svg = fig.ToSvg();
            // Every numeric attribute parses invariantly and has ≤ 2 decimals.
            foreach (var a in Parse(svg).Descendants().Attributes().Where(a => a.Name.LocalName is "x" or "y" or "x1" or "y2" or "width" or "stroke-width"))
            {
                Assert.True(double.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), a.ToString());
                int dot = a.Value.IndexOf('.');
                Assert.True(dot < 0 || a.Value.Length - dot - 1 <= 2, a.ToString());
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Equal("-12.35", SvgWriter.Number(-12.345678));
        Assert.Equal("0", SvgWriter.Number(-0.001));
        Assert.Equal("3", SvgWriter.Number(3.0001, 1));
        Assert.Equal("1000000", SvgWriter.Number(1e300));
    }

    [Fact]
    public void TwoHundredThousandPoints_GiveASmallSvg_Quickly()
    {
        const int n = 200_000;
        var rng = new System.Random(7);
        var x = Seq(n, i => i + 1.0);
        var y = Seq(n, i => Math.Exp(-i / 20000.0) * (1 + 0.3 * rng.NextDouble()));
        var fig = new Figure(1, 1, 900, 500);
        var p = fig.Panel();
        p.X = Axis.Log("step");
        p.Y = Axis.Log("loss");
        p.Line(x, y, "loss");
        fig.ToSvg(); // warm up the JIT
        var sw = Stopwatch.StartNew();
        string svg = fig.ToSvg();
        sw.Stop();
        Assert.True(svg.Length < 120_000, $"SVG is {svg.Length} chars");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"render took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Markup_SubAndSuperscriptsBecomeTspans_DollarFreeTextIsLiteral()
    {
        var fig = new Figure(1, 1, 500, 400);
        var p = fig.Panel();
        p.Y = Axis.Linear("$‖a‖_1$");
        p.X = Axis.Linear("train_error");
        var d = Parse(fig.ToSvg());
        var texts = d.Descendants(Svg + "text").ToList();
        var ylabel = texts.Single(t => t.Value == "‖a‖1");
        Assert.Equal(2, ylabel.Elements(Svg + "tspan").Count());
        Assert.Contains(texts, t => t.Value == "train_error" && !t.Elements().Any());
    }

    [Fact]
    public void Annotations_AndTwinAxis_AreDrawn()
    {
        var fig = new Figure(1, 1, 800, 500);
        var p = fig.Panel();
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("error");
        p.Y2 = Axis.Linear("norm");
        var x = Seq(100, i => Math.Pow(10, i / 20.0));
        p.Line(x, x.Select(v => 1 / v).ToArray(), "err");
        p.Line(x, x.Select(v => Math.Log10(v)).ToArray(), "norm", rightAxis: true, color: "#d62728");
        p.VerticalMarker(61, "t1");
        p.VerticalMarker(101001, "t2");
        p.Arrow(61, 101001, "Δt");
        p.HorizontalLine(2, "ref", rightAxis: true);
        p.Text(0.5, 0.5, "hello", axesFraction: true);
        var d = Parse(fig.ToSvg());
        Assert.Equal(2, ByClass(d, "vmarker").Count);
        Assert.Single(ByClass(d, "arrow"));
        Assert.Single(ByClass(d, "refline"));
        var texts = d.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("t1", texts);
        Assert.Contains("Δt", texts);
        Assert.Contains("ref", texts);
        Assert.Contains("hello", texts);
        // The right axis wears its only series' colour.
        Assert.Contains(d.Descendants(Svg + "text"), t => t.Value == "norm" && (string?)t.Attribute("fill") == "#d62728" && t.Attribute("transform") is not null);
        // Both y axes get ticks: left (x ≈ plot left) and right.
        Assert.Equal(3, ByClass(d, "ticks").Count);
    }

    [Fact]
    public void LegendBest_AvoidsTheCornerTheDataFills()
    {
        // A line hugging the top edge: the legend must go low.
        var fig = new Figure(1, 1, 600, 400);
        var p = fig.Panel();
        var x = Seq(200, i => i);
        p.Line(x, x.Select(v => 10.0 - (v % 3) * 0.01).ToArray(), "flat high");
        p.Line(x, x.Select(v => 0.0).ToArray(), "flat low");
        p.Y = Axis.Linear("", -1, 10.5);
        var d = Parse(fig.ToSvg());
        var box = ByClass(d, "legend").Single().Element(Svg + "rect")!;
        double y = double.Parse(box.Attribute("y")!.Value, CultureInfo.InvariantCulture);
        double h = double.Parse(box.Attribute("height")!.Value, CultureInfo.InvariantCulture);
        // Upper half is taken by "flat high" (at 10 of [-1, 10.5]) and the very bottom by "flat low":
        // expect a centre-placed legend (neither touching the top line nor the bottom line).
        double plotTop = 0, plotBottom = 400;
        Assert.InRange(y, plotTop + 40, plotBottom - 60 - h);
    }

    [Fact]
    public void HeatMaps_SmallAreRects_LargeAreEmbeddedPng_NaNCellsEmpty()
    {
        var small = new double[3, 4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) small[r, c] = r * 4 + c;
        small[1, 1] = double.NaN;
        var fig = new Figure(1, 2, 900, 400);
        fig.Panel(0, 0).HeatMap(small, colorBarLabel: "v");
        var big = new double[200, 100];
        for (int r = 0; r < 200; r++) for (int c = 0; c < 100; c++) big[r, c] = Math.Sin(r * 0.05) * c;
        var p = fig.Panel(0, 1);
        p.Y = Axis.Log("t");
        p.HeatMap(big, y: Seq(200, r => Math.Pow(10, r * 6.0 / 199)), scale: ColorScale.Linear(-100, 100));
        string svg = fig.ToSvg();
        var d = Parse(svg);
        var heat = ByClass(d, "heatmap");
        Assert.Equal(2, heat.Count);
        Assert.Equal(11, heat[0].Elements(Svg + "rect").Count()); // 12 cells, one NaN, all colours distinct
        var img = heat[1];
        Assert.Equal(Svg + "image", img.Name);
        string href = img.Attribute("href")!.Value;
        Assert.StartsWith("data:image/png;base64,", href);
        byte[] png = Convert.FromBase64String(href["data:image/png;base64,".Length..]);
        Assert.Equal(PngTests.Magic, png[..8]);
        Assert.Equal(2, ByClass(d, "colorbar").Count);
        Assert.True(svg.Length < 200_000, $"SVG is {svg.Length} chars");
    }

    [Fact]
    public void DegenerateContent_StillRendersWellFormed()
    {
        var fig = new Figure(2, 2, 700, 500) { Title = "degenerate" };
        var a = fig.Panel(0, 0);
        a.X = Axis.Log("x");
        a.Y = Axis.Log("y");
        a.Y2 = Axis.Log("unused right axis");
        a.Line([0.0, -1, 0], [0.0, 0, -5], "nothing drawable");
        var b = fig.Panel(0, 1);
        b.Line([1e300, -1e300], [1e-300, 1e300], "huge");
        b.Scatter([3.0], [3.0], "single point");
        var c = fig.Panel(1, 0);
        c.HeatMap(new double[,] { { double.NaN, double.NaN } });
        c.X = Axis.Linear("fixed but inverted", 5, 1);
        fig.Panel(1, 1).Visible = false;
        var d = Parse(fig.ToSvg());
        Assert.Equal(3, ByClass(d, "panel").Count);
        Assert.Empty(ByClass(d, "heatmap").Single().Elements());
    }

    [Fact]
    public void LogColorBar_ForBeta_LabelsEveryDecade()
    {
        var fig = new Figure(1, 1, 600, 400);
        fig.AddColorBar(ColorScale.Log(1e-6, 1e-1), "β");
        fig.Panel().Line([1.0, 2], [1.0, 2], "a", color: ColorScale.Log(1e-6, 1e-1).ColorOf(1e-3));
        var d = Parse(fig.ToSvg());
        var bar = ByClass(d, "colorbar").Single();
        var labels = bar.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["10−6", "10−5", "10−4", "10−3", "10−2", "10−1", "β"], labels);
        var stops = bar.Descendants(Svg + "stop").ToList();
        Assert.Equal("#440154", (string?)stops.First().Attribute("stop-color"));
        Assert.Equal("#fde725", (string?)stops.Last().Attribute("stop-color"));
    }

    [Fact]
    public void Save_WritesAtomically_AndLeavesNoTempFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "grok-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var fig = new Figure();
            fig.Panel().Line([0.0, 1], [0.0, 1], "a");
            string path = Path.Combine(dir, "sub", "f.svg");
            fig.Save(path);
            fig.Save(path); // overwrite
            Assert.StartsWith("<?xml", File.ReadAllText(path));
            Parse(File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Output_IsDeterministic()
    {
        string Make()
        {
            var fig = new Figure(2, 1) { Title = "same" };
            fig.Panel(0, 0).Line([1.0, 2, 3], [3.0, 1, 2], "a");
            fig.Panel(1, 0).HeatMap(new double[,] { { 1, 2 }, { 3, 4 } });
            return fig.ToSvg();
        }
        Assert.Equal(Make(), Make());
    }

    [Fact]
    public void BadInput_IsRejectedClearly()
    {
        var fig = new Figure(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => fig.Panel(2, 0));
        Assert.Throws<ArgumentException>(() => fig.Panel().Line([1.0, 2], [1.0], "mismatch"));
        Assert.Throws<ArgumentException>(() => fig.Panel().HeatMap(new double[2, 2], x: [1.0, 2, 3, 4]));
    }
}
