namespace Grokking.Reports;

/// <summary>
/// One set of axes in a <see cref="Figure"/>: an x axis, a left y axis and an optional twin right
/// y axis, with series, annotations, an optional heat map and colour bar. Methods add content and
/// return it so a recipe can adjust details afterwards.
/// </summary>
public sealed class Panel
{
    private readonly List<Series> _series = [];
    private readonly List<VerticalMarker> _markers = [];
    private readonly List<SpanArrow> _arrows = [];
    private readonly List<ReferenceLine> _refLines = [];
    private readonly List<TextAnnotation> _texts = [];
    private readonly List<HeatMap> _heatMaps = [];

    internal Panel(int row, int col)
    {
        Row = row;
        Col = col;
    }

    public int Row { get; }
    public int Col { get; }

    public string Title { get; set; } = "";
    public Axis X { get; set; } = Axis.Linear();
    public Axis Y { get; set; } = Axis.Linear();

    /// <summary>Twin right y axis; null for none. Series with <c>rightAxis: true</c> need it.</summary>
    public Axis? Y2 { get; set; }

    public LegendPosition Legend { get; set; } = LegendPosition.Best;
    public int LegendColumns { get; set; } = 1;

    /// <summary>Light grid lines at the major ticks of the x and left y axes.</summary>
    public bool Grid { get; set; } = true;

    /// <summary>Colour bar drawn to the right of this panel; null for none.</summary>
    public ColorBar? ColorBar { get; set; }

    /// <summary>False leaves this grid cell blank (e.g. an odd number of panels).</summary>
    public bool Visible { get; set; } = true;

    public IReadOnlyList<Series> Series => _series;
    public IReadOnlyList<VerticalMarker> Markers => _markers;
    public IReadOnlyList<SpanArrow> Arrows => _arrows;
    public IReadOnlyList<ReferenceLine> ReferenceLines => _refLines;
    public IReadOnlyList<TextAnnotation> Texts => _texts;
    public IReadOnlyList<HeatMap> HeatMaps => _heatMaps;

    /// <summary>Adds a line (x and y must have equal length; they are copied).</summary>
    public Series Line(
        IReadOnlyList<double> x, IReadOnlyList<double> y, string? label = null, string? color = null,
        LineStyle style = LineStyle.Solid, double width = 1.5, Marker marker = Marker.None, bool rightAxis = false)
    {
        if (x.Count != y.Count) throw new ArgumentException($"series '{label}': x has {x.Count} points, y has {y.Count}");
        var s = new Series(x.ToArray(), y.ToArray())
        {
            Label = label, Color = color, Style = style, Width = width, Marker = marker, RightAxis = rightAxis,
        };
        _series.Add(s);
        return s;
    }

    /// <summary>Adds markers without a connecting line.</summary>
    public Series Scatter(
        IReadOnlyList<double> x, IReadOnlyList<double> y, string? label = null, string? color = null,
        Marker marker = Marker.Circle, double size = 6, bool rightAxis = false)
    {
        var s = Line(x, y, label, color, LineStyle.None, 1.0, marker, rightAxis);
        s.MarkerSize = size;
        return s;
    }

    /// <summary>Dashed vertical line at data x with a label at the top (e.g. "t1").</summary>
    public VerticalMarker VerticalMarker(double x, string label = "", string color = "#555555", LineStyle style = LineStyle.Dashed)
    {
        var m = new VerticalMarker(x, label, color, style);
        _markers.Add(m);
        return m;
    }

    /// <summary>Double-headed horizontal arrow from x1 to x2 labelled above (e.g. "Δt").
    /// y is a left-axis data value; null picks a height where the arrow crosses few curves.</summary>
    public SpanArrow Arrow(double x1, double x2, string label = "", double? y = null, string color = "#333333")
    {
        var a = new SpanArrow(x1, x2, label, y, color);
        _arrows.Add(a);
        return a;
    }

    /// <summary>Dashed horizontal reference line with a label at its right end (e.g. "‖a*‖₁").</summary>
    public ReferenceLine HorizontalLine(
        double y, string label = "", bool rightAxis = false, string color = "#555555", LineStyle style = LineStyle.Dashed)
    {
        var r = new ReferenceLine(y, label, rightAxis, color, style);
        _refLines.Add(r);
        return r;
    }

    /// <summary>Text at data coordinates, or at axes fractions (0..1 from bottom left) with <paramref name="axesFraction"/>.</summary>
    public TextAnnotation Text(
        double x, double y, string text, TextAnchor anchor = TextAnchor.Start, string color = "#222222",
        double fontSize = 0, bool axesFraction = false)
    {
        var t = new TextAnnotation(x, y, text, anchor, color, fontSize, axesFraction);
        _texts.Add(t);
        return t;
    }

    /// <summary>
    /// Adds a heat map of <paramref name="values"/>[row, col] (see <see cref="Reports.HeatMap"/> for
    /// coordinates). Without a scale, a linear one spans the finite values. Unless
    /// <paramref name="colorBar"/> is false, the panel gets a colour bar labelled <paramref name="colorBarLabel"/>.
    /// </summary>
    public HeatMap HeatMap(
        double[,] values, IReadOnlyList<double>? x = null, IReadOnlyList<double>? y = null,
        ColorScale? scale = null, string colorBarLabel = "", bool colorBar = true)
    {
        scale ??= AutoScale(values);
        var h = new HeatMap((double[,])values.Clone(), x?.ToArray(), y?.ToArray(), scale);
        _heatMaps.Add(h);
        if (colorBar && ColorBar is null) ColorBar = new ColorBar(scale, colorBarLabel);
        return h;
    }

    /// <summary>Shows a colour bar for <paramref name="scale"/> beside this panel.</summary>
    public ColorBar AddColorBar(ColorScale scale, string label = "")
    {
        ColorBar = new ColorBar(scale, label);
        return ColorBar;
    }

    private static ColorScale AutoScale(double[,] values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        if (lo > hi) return ColorScale.Linear(0, 1);
        if (lo == hi) return ColorScale.Linear(lo - 0.5, hi + 0.5);
        return ColorScale.Linear(lo, hi);
    }
}
