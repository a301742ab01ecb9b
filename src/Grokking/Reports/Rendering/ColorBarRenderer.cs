namespace Grokking.Reports;

/// <summary>Draws a vertical colour bar: gradient, frame, ticks and rotated label on its right.</summary>
internal static class ColorBarRenderer
{
    /// <summary>Stops in the gradient; linear sRGB interpolation between 64 viridis samples is visually exact.</summary>
    private const int Stops = 64;

    public static void Draw(SvgWriter w, AxisLayout bar, ColorScale scale, Rect r, Style st, string gradientId)
    {
        w.Raw("<g class=\"colorbar\">\n");
        // Low values at the bottom, as in matplotlib.
        w.Open("linearGradient").Attr("id", gradientId).Raw(" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\"").EndOpen();
        for (int i = 0; i < Stops; i++)
        {
            double t = i / (double)(Stops - 1);
            w.Open("stop").Attr("offset", t, 4).Attr("stop-color", scale.Map.Hex(t)).Raw("/>\n");
        }
        w.End("linearGradient");
        w.Rect(r.X, r.Y, r.W, r.H, $"url(#{gradientId})");
        w.Rect(r.X, r.Y, r.W, r.H, "none", Style.Frame, 0.8);
        var map = bar.Map(r.Bottom, r.Y);
        double tx = r.Right;
        foreach (var t in bar.Ticks)
        {
            double y = map.ToPixel(t.Value);
            if (double.IsNaN(y)) continue;
            double len = t.Major ? st.TickLength : st.MinorTickLength;
            w.Line(tx, y, tx + len, y, Style.Frame, t.Major ? 0.8 : 0.6);
            if (t.Label.Length > 0)
                w.Text(tx + st.TickLength + st.TickPad, y + st.Tick * 0.36, t.Label, st.Tick, color: Style.Ink);
        }
        if (bar.Axis.Label.Length > 0)
        {
            double lx = tx + st.TickLength + st.TickPad + bar.MaxLabelWidth + 4 + st.Label * 0.8;
            w.Text(lx, r.Y + r.H / 2, bar.Axis.Label, st.Label, TextAnchor.Middle, Style.Ink, rotate: -90);
        }
        w.Raw("</g>\n");
    }
}
