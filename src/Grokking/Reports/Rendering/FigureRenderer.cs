namespace Grokking.Reports;

/// <summary>
/// Lays out the grid and draws it. Layout is two passes of "ticks → margins": tick density depends on
/// the plot size, which depends on the margins the tick labels need. Margins are then aligned per grid
/// column and row so stacked panels share their x extent and read as one figure.
/// </summary>
internal sealed class FigureRenderer(Figure fig)
{
    private readonly Style _st = new(fig.FontSize);

    public string Render()
    {
        var st = _st;
        string prefix = fig.IdPrefix ?? fig.DefaultIdPrefix();
        double titleH = fig.Title.Length > 0 ? st.FigureTitle * 2.0 : 0;

        // Figure-wide colour bar: measure its labels against the whole grid height.
        AxisLayout? figBar = null;
        double barStrip = 0;
        if (fig.ColorBar is { } fcb)
        {
            figBar = new AxisLayout(fcb.Scale.IsLog ? Axis.Log(fcb.Label) : Axis.Linear(fcb.Label), fcb.Scale.Min, fcb.Scale.Max, Style.Ink);
            figBar.ComputeTicks(Math.Max(50, fig.Height - titleH - 80), false, st.Tick);
            barStrip = PanelLayout.BarSpan(figBar, st);
        }

        double gridW = fig.Width - barStrip, gridH = fig.Height - titleH;
        double cellW = gridW / fig.Cols;
        // row heights: equal, or in proportion to fig.RowWeights (e.g. a thin strip above a heat map)
        var weights = fig.RowWeights is { } rw && rw.Count == fig.Rows && rw.All(v => v > 0) ? rw : Enumerable.Repeat(1.0, fig.Rows).ToArray();
        double weightSum = weights.Sum();
        var rowH = weights.Select(v => gridH * v / weightSum).ToArray();
        var rowY = new double[fig.Rows];
        for (int r = 1; r < fig.Rows; r++) rowY[r] = rowY[r - 1] + rowH[r - 1];
        double CellH(PanelLayout l) => rowH[l.Panel.Row];
        var layouts = fig.Panels.Select(p => p.Visible ? new PanelLayout(p, st) : null).ToArray();

        // Pass 1 with a guess at the margins, pass 2 with the margins pass 1 asked for.
        var margins = Align(layouts, l => l.Measure(Math.Max(20, cellW - 110), Math.Max(20, CellH(l) - 70)));
        margins = Align(layouts, l =>
        {
            var m = margins[l.Panel.Row * fig.Cols + l.Panel.Col];
            l.Measure(Math.Max(20, cellW - m.Left - m.Right), Math.Max(20, CellH(l) - m.Top - m.Bottom));
        });
        // Final ticks for the final sizes (margins only grow if labels changed; differences are a few px).
        foreach (var l in layouts)
        {
            if (l is null) continue;
            var m = margins[l.Panel.Row * fig.Cols + l.Panel.Col];
            l.Measure(Math.Max(20, cellW - m.Left - m.Right), Math.Max(20, CellH(l) - m.Top - m.Bottom));
        }

        var w = new SvgWriter();
        w.Raw("<svg xmlns=\"http://www.w3.org/2000/svg\"").Attr("width", fig.Width).Attr("height", fig.Height)
            .Raw(SvgWriter.Invariant($" viewBox=\"0 0 {fig.Width} {fig.Height}\""))
            .Attr("font-family", SvgWriter.FontFamily).Raw(">\n");
        if (fig.Title.Length > 0) w.Raw("<title>").Raw(Escaped(RichText.Plain(fig.Title))).Raw("</title>\n");
        w.Rect(0, 0, fig.Width, fig.Height, "#ffffff");
        if (fig.Title.Length > 0)
            w.Text(fig.Width / 2.0, st.FigureTitle * 1.35, fig.Title, st.FigureTitle, TextAnchor.Middle, Style.Ink, bold: true);

        double plotTop = double.PositiveInfinity, plotBottom = double.NegativeInfinity;
        foreach (var l in layouts)
        {
            if (l is null) continue;
            var p = l.Panel;
            var m = margins[p.Row * fig.Cols + p.Col];
            double cx = p.Col * cellW, cy = titleH + rowY[p.Row];
            var plot = new Rect(cx + m.Left, cy + m.Top, Math.Max(20, cellW - m.Left - m.Right), Math.Max(20, rowH[p.Row] - m.Top - m.Bottom));
            plotTop = Math.Min(plotTop, plot.Y);
            plotBottom = Math.Max(plotBottom, plot.Bottom);
            new PanelRenderer(l, st, plot, $"{prefix}-p{p.Row}-{p.Col}").Draw(w);
        }

        if (figBar is not null && fig.ColorBar is { } cb)
        {
            if (!double.IsFinite(plotTop)) (plotTop, plotBottom) = (titleH + 10, fig.Height - 40.0);
            var bar = new Rect(gridW + st.ColorBarGap - 4, plotTop, st.ColorBarWidth, plotBottom - plotTop);
            var sized = new AxisLayout(figBar.Axis, figBar.Lo, figBar.Hi, Style.Ink);
            sized.ComputeTicks(bar.H, false, st.Tick);
            ColorBarRenderer.Draw(w, sized, cb.Scale, bar, st, prefix + "-cbar");
        }
        w.Raw("</svg>\n");
        return w.ToString();
    }

    /// <summary>Runs <paramref name="measure"/> on each panel, then gives every panel its column's widest
    /// left/right and its row's tallest top/bottom margins.</summary>
    private Margins[] Align(PanelLayout?[] layouts, Action<PanelLayout> measure)
    {
        var colL = new double[fig.Cols];
        var colR = new double[fig.Cols];
        var rowT = new double[fig.Rows];
        var rowB = new double[fig.Rows];
        foreach (var l in layouts)
        {
            if (l is null) continue;
            measure(l);
            var m = l.Margins;
            int r = l.Panel.Row, c = l.Panel.Col;
            colL[c] = Math.Max(colL[c], m.Left);
            colR[c] = Math.Max(colR[c], m.Right);
            rowT[r] = Math.Max(rowT[r], m.Top);
            rowB[r] = Math.Max(rowB[r], m.Bottom);
        }
        var result = new Margins[fig.Rows * fig.Cols];
        for (int r = 0; r < fig.Rows; r++)
            for (int c = 0; c < fig.Cols; c++) result[r * fig.Cols + c] = new Margins(colL[c], colR[c], rowT[r], rowB[r]);
        return result;
    }

    private static string Escaped(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        SvgWriter.Escape(sb, s);
        return sb.ToString();
    }
}
