using System.Diagnostics;
using Grokking.Reports;
using Xunit.Abstractions;

namespace Grokking.Tests.Reports;

/// <summary>
/// The paper's Figure 3 layout with synthetic curves: three stacked panels, twin log/linear axes,
/// t1/t2 markers with a Δt arrow, a reference line, and 100 viridis-coloured component curves.
/// Written to a temp dir (kept, path printed) so a person can look at it.
/// </summary>
public class ExampleFigureTests(ITestOutputHelper output)
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    internal static Figure BuildFigure3()
    {
        var rng = new System.Random(3);
        const int n = 200_000; // one point per 5 steps of a 1e6-step run
        var x = new double[n];
        var train = new double[n];
        var rec = new double[n];
        var ratio = new double[n];
        var a1 = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = i * 5.0 + 1, lt = Math.Log10(t);
            x[i] = t;
            train[i] = Math.Pow(10, -4 * Sigmoid((lt - Math.Log10(60)) / 0.12)) * (1 + 0.1 * (rng.NextDouble() - 0.5));
            rec[i] = Math.Pow(10, -4 * Sigmoid((lt - Math.Log10(101_000)) / 0.12)) * (1 + 0.1 * (rng.NextDouble() - 0.5));
            ratio[i] = Math.Pow(10, -3 + 3 * Sigmoid((lt - 4.6) / 0.3));
            a1[i] = 10 + 25 * (1 - Sigmoid((lt - 4.7) / 0.25));
        }

        var fig = new Figure(rows: 3, cols: 1, width: 900, height: 1100) { Title = "Figure 3 (synthetic data)" };
        var p = fig.Panel(0, 0);
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("error");
        p.Y2 = Axis.Log("‖βH‖ / ‖G‖");
        p.Line(x, train, "train error");
        p.Line(x, rec, "recovery error", style: LineStyle.Dashed);
        p.Line(x, ratio, "‖βH‖ / ‖G‖", rightAxis: true, color: "#d62728");
        p.VerticalMarker(61, "$t_1$");
        p.VerticalMarker(101_001, "$t_2$");
        p.Arrow(61, 101_001, "Δt");

        var q = fig.Panel(1, 0);
        q.X = Axis.Log("t + 1");
        q.Y = Axis.Log("error");
        q.Y2 = Axis.Linear("$‖a‖_1$");
        q.Line(x, train, "train error");
        q.Line(x, rec, "recovery error", style: LineStyle.Dashed);
        q.Line(x, a1, "$‖a‖_1$", rightAxis: true, color: "#2ca02c");
        q.HorizontalLine(10, "$‖a^*‖_1$", rightAxis: true, color: "#2ca02c");

        var c = fig.Panel(2, 0);
        c.X = Axis.Log("t + 1");
        c.Y = Axis.Linear("$a_i(t)$");
        c.Legend = LegendPosition.Hidden;
        var colors = ColorMap.Viridis.Colors(100);
        var ts = Enumerable.Range(0, 400).Select(k => Math.Pow(10, 6.0 * k / 399)).ToArray();
        for (int i = 0; i < 100; i++)
        {
            double target = i < 10 ? 1 + 0.1 * i : 0, start = rng.NextDouble() * 2 - 1, tau = Math.Pow(10, 3 + 2 * rng.NextDouble());
            c.Line(ts, ts.Select(t => target + (start - target) * Math.Exp(-t / tau)).ToArray(), color: colors[i], width: 1.0);
        }
        return fig;
    }

    [Fact]
    public void Figure3_Renders_WellFormed_Fast_AndSmall()
    {
        var fig = BuildFigure3();
        int points = fig.Panels.Sum(p => p.Series.Sum(s => s.X.Length));
        fig.ToSvg(); // JIT warm-up
        var sw = Stopwatch.StartNew();
        string svg = fig.ToSvg();
        sw.Stop();
        output.WriteLine($"{points} points rendered in {sw.ElapsedMilliseconds} ms, {svg.Length / 1024} KB");

        var d = SvgTests.Parse(svg);
        Assert.Equal(3 + 3 + 100, SvgTests.ByClass(d, "series").Count);
        Assert.Equal(3 + 3, SvgTests.ByClass(d, "legend-entry").Count); // third panel has no legend
        Assert.Equal(2, SvgTests.ByClass(d, "vmarker").Count);
        Assert.Single(SvgTests.ByClass(d, "arrow"));
        Assert.Single(SvgTests.ByClass(d, "refline"));
        Assert.True(svg.Length < 400_000, $"SVG is {svg.Length} chars");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"render took {sw.ElapsedMilliseconds} ms");

        // Stacked panels share their plot's left and right edges (aligned frames).
        var frames = SvgTests.ByClass(d, "panel")
            .Select(g => g.Elements().Single(e => e.Name.LocalName == "rect" && (string?)e.Attribute("stroke") == "#333333"))
            .Select(r => (r.Attribute("x")!.Value, r.Attribute("width")!.Value)).Distinct().ToList();
        Assert.Single(frames);

        string dir = Path.Combine(Path.GetTempPath(), "grokking-reports-example");
        string path = Path.Combine(dir, "figure3.svg");
        fig.Save(path);
        output.WriteLine($"wrote {path}");
        Assert.True(Png.TryConvert(path, Path.ChangeExtension(path, ".png"), out string msg, zoom: 1.5), msg);
        Assert.Equal(PngTests.Magic, File.ReadAllBytes(Path.ChangeExtension(path, ".png"))[..8]);
        output.WriteLine(msg);
    }
}
