namespace Grokking.Reports;

/// <summary>Legend entries and box size; placement is decided once the plot's contents are known.</summary>
internal sealed class LegendLayout
{
    private readonly Style _style;
    private readonly List<(Series Series, string Color)> _entries = [];

    public LegendLayout(Panel panel, string[] colors, Style style)
    {
        _style = style;
        for (int i = 0; i < panel.Series.Count; i++)
            if (!string.IsNullOrEmpty(panel.Series[i].Label)) _entries.Add((panel.Series[i], colors[i]));
        Columns = Math.Clamp(panel.LegendColumns, 1, Math.Max(1, _entries.Count));
        Rows = (_entries.Count + Columns - 1) / Columns;
        double maxText = _entries.Count == 0 ? 0 : _entries.Max(e => TextMetrics.Width(e.Series.Label!, style.Legend));
        ColumnWidth = SampleLength + SampleGap + maxText;
        Width = 2 * Pad + Columns * ColumnWidth + (Columns - 1) * ColumnGap;
        Height = 2 * Pad + Rows * RowHeight - (RowHeight - style.Legend * 1.0);
    }

    public bool HasEntries => _entries.Count > 0;
    public int Count => _entries.Count;
    public int Columns { get; }
    public int Rows { get; }
    public double Width { get; }
    public double Height { get; }

    private double Pad => _style.Legend * 0.55;
    private double RowHeight => _style.Legend * 1.45;
    private double SampleLength => _style.Legend * 2.3;
    private double SampleGap => _style.Legend * 0.6;
    private double ColumnGap => _style.Legend * 1.2;
    private double ColumnWidth { get; }

    /// <summary>Candidate boxes inside the plot, in matplotlib's order of preference for "best".</summary>
    public IEnumerable<(LegendPosition Pos, Rect Box)> Candidates(Rect plot)
    {
        double inset = _style.Tick * 0.6;
        double l = plot.X + inset, r = plot.Right - inset - Width;
        double t = plot.Y + inset, b = plot.Bottom - inset - Height;
        double cx = plot.X + (plot.W - Width) / 2, cy = plot.Y + (plot.H - Height) / 2;
        yield return (LegendPosition.UpperRight, new Rect(r, t, Width, Height));
        yield return (LegendPosition.UpperLeft, new Rect(l, t, Width, Height));
        yield return (LegendPosition.LowerLeft, new Rect(l, b, Width, Height));
        yield return (LegendPosition.LowerRight, new Rect(r, b, Width, Height));
        yield return (LegendPosition.CenterRight, new Rect(r, cy, Width, Height));
        yield return (LegendPosition.CenterLeft, new Rect(l, cy, Width, Height));
        yield return (LegendPosition.LowerCenter, new Rect(cx, b, Width, Height));
        yield return (LegendPosition.UpperCenter, new Rect(cx, t, Width, Height));
    }

    /// <summary>The legend's box for a fixed position, or for Best the candidate hiding the least.</summary>
    public Rect Place(LegendPosition pos, Rect plot, Obstacles obstacles, double outsideX)
    {
        if (pos == LegendPosition.OutsideRight) return new Rect(outsideX, plot.Y, Width, Height);
        if (pos != LegendPosition.Best) return Candidates(plot).First(c => c.Pos == pos).Box;
        Rect best = default;
        double bestScore = double.PositiveInfinity;
        foreach (var (_, box) in Candidates(plot))
        {
            double score = obstacles.Score(box.Inflate(2));
            if (score < bestScore - 1e-9)
            {
                bestScore = score;
                best = box;
            }
        }
        return best;
    }

    public void Draw(SvgWriter w, Rect box)
    {
        var st = _style;
        w.Raw("<g class=\"legend\">\n");
        w.Rect(box.X, box.Y, box.W, box.H, "#ffffff", "#cccccc", 0.8, "fill-opacity=\"0.88\" rx=\"3\"");
        for (int i = 0; i < _entries.Count; i++)
        {
            var (s, color) = _entries[i];
            int row = i / Columns, col = i % Columns;
            double x = box.X + Pad + col * (ColumnWidth + ColumnGap);
            double yMid = box.Y + Pad + row * RowHeight + st.Legend * 0.5;
            w.Raw("<g class=\"legend-entry\">");
            if (s.Style != LineStyle.None)
            {
                w.Line(x, yMid, x + SampleLength, yMid, color, s.Width, Style.Dash(s.Style, s.Width),
                    s.Style == LineStyle.Dotted ? "stroke-linecap=\"round\"" : null);
            }
            if (s.Marker != Marker.None)
                MarkerShapes.Draw(w, s.Marker, [x + SampleLength / 2, yMid], Math.Min(s.MarkerSize, st.Legend * 0.8), color, s.Opacity);
            w.Text(x + SampleLength + SampleGap, yMid + st.Legend * 0.36, s.Label!, st.Legend, color: Style.Ink);
            w.Raw("</g>\n");
        }
        w.Raw("</g>\n");
    }
}

/// <summary>Axis-aligned rectangle in pixels.</summary>
internal readonly record struct Rect(double X, double Y, double W, double H)
{
    public double Right => X + W;
    public double Bottom => Y + H;

    public Rect Inflate(double d) => new(X - d, Y - d, W + 2 * d, H + 2 * d);

    public bool Contains(double x, double y) => x >= X && x <= Right && y >= Y && y <= Bottom;

    public bool Intersects(Rect o) => X < o.Right && o.X < Right && Y < o.Bottom && o.Y < Bottom;

    public static Rect FromText(double x, double baseline, double width, double fs, TextAnchor anchor)
    {
        double left = anchor switch { TextAnchor.Middle => x - width / 2, TextAnchor.End => x - width, _ => x };
        return new Rect(left, baseline - fs * 0.8, width, fs * 1.05);
    }
}
