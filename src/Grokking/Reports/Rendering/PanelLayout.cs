namespace Grokking.Reports;

/// <summary>Space around a plot area, px.</summary>
internal record struct Margins(double Left, double Right, double Top, double Bottom);

/// <summary>
/// A panel resolved for drawing: axis ranges from the data, series colours, and (given the plot
/// area's size) ticks and the margins their labels need. The figure aligns margins across the grid.
/// </summary>
internal sealed class PanelLayout
{
    private readonly Style _style;

    public PanelLayout(Panel panel, Style style)
    {
        Panel = panel;
        _style = style;
        SeriesColors = AssignColors(panel.Series);

        bool ylog = panel.Y.IsLog, y2log = panel.Y2?.IsLog ?? false, xlog = panel.X.IsLog;
        Extent xs = Extent.Empty, ys = Extent.Empty, y2s = Extent.Empty;
        Extent xt = Extent.Empty, yt = Extent.Empty;
        foreach (var s in panel.Series)
        {
            bool right = s.RightAxis && panel.Y2 is not null;
            bool log = right ? y2log : ylog;
            ref Extent yExt = ref (right ? ref y2s : ref ys);
            var xa = s.X;
            var ya = s.Y;
            for (int i = 0; i < xa.Length; i++)
            {
                double x = xa[i], y = ya[i];
                // A point counts only if both coordinates can be drawn, so a NaN y does not stretch x.
                if (!double.IsFinite(x) || !double.IsFinite(y) || (xlog && x <= 0) || (log && y <= 0)) continue;
                xs.Add(x, xlog);
                yExt.Add(y, log);
            }
        }
        foreach (var m in panel.Markers) xs.Add(m.X, xlog);
        foreach (var a in panel.Arrows)
        {
            xs.Add(a.X1, xlog);
            xs.Add(a.X2, xlog);
            if (a.Y is double ay) ys.Add(ay, ylog);
        }
        foreach (var r in panel.ReferenceLines)
        {
            if (r.RightAxis && panel.Y2 is not null) y2s.Add(r.Y, y2log);
            else ys.Add(r.Y, ylog);
        }
        foreach (var h in panel.HeatMaps)
        {
            foreach (double e in HeatMap.Edges(h.X, h.Cols, xlog)) xt.Add(e, xlog);
            foreach (double e in HeatMap.Edges(h.Y, h.Rows, ylog)) yt.Add(e, ylog);
        }

        var (xlo, xhi) = AxisRange.Resolve(panel.X, xs, xt);
        var (ylo, yhi) = AxisRange.Resolve(panel.Y, ys, yt);
        X = new AxisLayout(panel.X, xlo, xhi, panel.X.Color ?? Style.Ink);
        Y = new AxisLayout(panel.Y, ylo, yhi, panel.Y.Color ?? Style.Ink);
        if (panel.Y2 is { } y2Axis)
        {
            var (lo2, hi2) = AxisRange.Resolve(y2Axis, y2s, Extent.Empty);
            Y2 = new AxisLayout(y2Axis, lo2, hi2, y2Axis.Color ?? RightAxisColor(panel));
        }
        if (panel.ColorBar is { } cb)
            Bar = new AxisLayout(cb.Scale.IsLog ? Axis.Log(cb.Label) : Axis.Linear(cb.Label), cb.Scale.Min, cb.Scale.Max, Style.Ink);
        Legend = new LegendLayout(panel, SeriesColors, style);
    }

    public Panel Panel { get; }
    public string[] SeriesColors { get; }
    public AxisLayout X { get; }
    public AxisLayout Y { get; }
    public AxisLayout? Y2 { get; }
    public AxisLayout? Bar { get; }
    public LegendLayout Legend { get; }
    public Margins Margins { get; private set; }

    /// <summary>Computes ticks for a plot area of the given size and the margins they need.</summary>
    public void Measure(double plotW, double plotH)
    {
        var st = _style;
        X.ComputeTicks(plotW, true, st.Tick);
        Y.ComputeTicks(plotH, false, st.Tick);
        Y2?.ComputeTicks(plotH, false, st.Tick);
        Bar?.ComputeTicks(plotH, false, st.Tick);

        double tickSpace = st.TickLength + st.TickPad;
        double left = st.OuterPad + tickSpace + Y.MaxLabelWidth
            + (Panel.Y.Label.Length > 0 ? st.RotatedLabelSpan + 4 : 0);
        // With no right axis, leave room for the last x label hanging over the frame's corner.
        double right = Y2 is null
            ? Math.Max(st.OuterPad + 6, X.LastLabelWidth / 2 + 2)
            : tickSpace + Y2.MaxLabelWidth + (Y2.Axis.Label.Length > 0 ? st.RotatedLabelSpan + 4 : 0) + st.OuterPad;
        left = Math.Max(left, X.FirstLabelWidth / 2 + 2);
        if (Bar is not null) right += BarSpan(Bar, st);
        if (Panel.Legend == LegendPosition.OutsideRight && Legend.HasEntries) right += 10 + Legend.Width;
        double top = (Panel.Title.Length > 0 ? st.Title * 1.7 + 2 : st.Tick * 0.9) + MarkerRow(Panel, st);
        double bottom = tickSpace + X.MaxLabelAscent + st.Tick * 0.3
            + (Panel.X.Label.Length > 0 ? st.Label * 1.35 + 2 : 0) + st.OuterPad;
        Margins = new Margins(left, right, top, bottom);
    }

    /// <summary>Height of the strip above the frame that holds vertical-marker labels (0 if none).</summary>
    internal static double MarkerRow(Panel p, Style st) =>
        p.Markers.Any(m => m.Label.Length > 0) ? st.Annotation * 1.3 : 0;

    /// <summary>Width a colour bar takes to the right of whatever is already there.</summary>
    internal static double BarSpan(AxisLayout bar, Style st) =>
        st.ColorBarGap + st.ColorBarWidth + st.TickLength + st.TickPad + bar.MaxLabelWidth
        + (bar.Axis.Label.Length > 0 ? st.RotatedLabelSpan + 4 : 0) + st.OuterPad;

    /// <summary>Series without a colour take tab10 colours in order; one cycle per panel, shared by both y axes.</summary>
    private static string[] AssignColors(IReadOnlyList<Series> series)
    {
        var colors = new string[series.Count];
        int next = 0;
        for (int i = 0; i < series.Count; i++) colors[i] = series[i].Color ?? Palette.Cycle(next++);
        return colors;
    }

    /// <summary>If every right-axis series has the same colour, the right axis wears it (reader can pair them).</summary>
    private string RightAxisColor(Panel panel)
    {
        var cols = panel.Series.Select((s, i) => (s, i)).Where(t => t.s.RightAxis).Select(t => SeriesColors[t.i]).Distinct().ToList();
        return cols.Count == 1 ? cols[0] : Style.Ink;
    }
}
