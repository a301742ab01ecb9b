namespace Grokking.Reports;

/// <summary>Draws one panel into its plot rectangle (margins were settled by the figure's layout).</summary>
internal sealed class PanelRenderer
{
    private readonly PanelLayout _L;
    private readonly Style _st;
    private readonly Rect _plot;
    private readonly string _id;
    private readonly AxisMap _xm, _ym;
    private readonly AxisMap? _y2m;
    private readonly Obstacles _obstacles = new();

    public PanelRenderer(PanelLayout layout, Style style, Rect plot, string id)
    {
        _L = layout;
        _st = style;
        _plot = plot;
        _id = id;
        _xm = layout.X.Map(plot.X, plot.Right);
        _ym = layout.Y.Map(plot.Bottom, plot.Y);
        if (layout.Y2 is not null) _y2m = layout.Y2.Map(plot.Bottom, plot.Y);
    }

    private Panel P => _L.Panel;

    public void Draw(SvgWriter w)
    {
        string clip = _id + "-clip";
        w.Raw("<g class=\"panel\">\n");
        w.Raw("<clipPath id=\"").Raw(clip).Raw("\">");
        w.Rect(_plot.X, _plot.Y, _plot.W, _plot.H, "#ffffff");
        w.Raw("</clipPath>\n");

        // Back to front: cells, grid, reference lines, data, annotations, frame and axes, legend.
        w.Raw("<g clip-path=\"url(#").Raw(clip).Raw(")\">\n");
        foreach (var h in P.HeatMaps) HeatMapRenderer.Draw(w, h, _xm, _ym, _plot);
        if (P.Grid && P.HeatMaps.Count == 0) DrawGrid(w);
        DrawReferenceLines(w);
        DrawVerticalMarkerLines(w);
        DrawSeries(w);
        w.Raw("</g>\n");

        DrawVerticalMarkerLabels(w);
        DrawReferenceLabels(w);
        DrawArrows(w);
        DrawTexts(w);

        w.Rect(_plot.X, _plot.Y, _plot.W, _plot.H, "none", Style.Frame, 0.8);
        DrawXAxis(w);
        DrawYAxis(w, _L.Y, _ym, left: true);
        if (_L.Y2 is not null && _y2m is AxisMap y2m) DrawYAxis(w, _L.Y2, y2m, left: false);
        if (P.Title.Length > 0)
            w.Text(_plot.X + _plot.W / 2, _plot.Y - PanelLayout.MarkerRow(P, _st) - _st.Title * 0.55, P.Title, _st.Title, TextAnchor.Middle, Style.Ink, bold: true);

        double rightEdge = _plot.Right + (_L.Y2 is null ? 0 : YAxisSpan(_L.Y2));
        if (_L.Bar is not null && P.ColorBar is { } cb)
        {
            var bar = new Rect(rightEdge + _st.ColorBarGap, _plot.Y, _st.ColorBarWidth, _plot.H);
            ColorBarRenderer.Draw(w, _L.Bar, cb.Scale, bar, _st, _id + "-cbar");
            rightEdge += PanelLayout.BarSpan(_L.Bar, _st);
        }
        if (P.Legend != LegendPosition.Hidden && _L.Legend.HasEntries)
        {
            var box = _L.Legend.Place(P.Legend, _plot, _obstacles, rightEdge + 10);
            _L.Legend.Draw(w, box);
        }
        w.Raw("</g>\n");
    }

    private double YAxisSpan(AxisLayout a) =>
        _st.TickLength + _st.TickPad + a.MaxLabelWidth + (a.Axis.Label.Length > 0 ? _st.RotatedLabelSpan + 4 : 0);

    private void DrawGrid(SvgWriter w)
    {
        var pb = new PathBuilder();
        foreach (var t in _L.X.Ticks)
        {
            if (!t.Major) continue;
            double x = _xm.ToPixel(t.Value);
            if (double.IsNaN(x) || x <= _plot.X + 0.5 || x >= _plot.Right - 0.5) continue;
            pb.MoveTo(x, _plot.Y);
            pb.LineTo(x, _plot.Bottom);
        }
        foreach (var t in _L.Y.Ticks)
        {
            if (!t.Major) continue;
            double y = _ym.ToPixel(t.Value);
            if (double.IsNaN(y) || y <= _plot.Y + 0.5 || y >= _plot.Bottom - 0.5) continue;
            pb.MoveTo(_plot.X, y);
            pb.LineTo(_plot.Right, y);
        }
        if (pb.Length == 0) return;
        w.PathStart(pb.ToString()).Raw(" class=\"grid\"").Attr("stroke", Style.GridColor).Attr("stroke-width", 0.8).Attr("fill", "none").Close();
    }

    private void DrawSeries(SvgWriter w)
    {
        for (int i = 0; i < P.Series.Count; i++)
        {
            var s = P.Series[i];
            string color = _L.SeriesColors[i];
            var ym = s.RightAxis && _y2m is AxisMap m2 ? m2 : _ym;
            int n = s.X.Length;
            var px = new double[n];
            var py = new double[n];
            for (int k = 0; k < n; k++)
            {
                px[k] = _xm.ToPixel(s.X[k]);
                py[k] = ym.ToPixel(s.Y[k]);
            }
            if (s.Style != LineStyle.None)
            {
                var lines = Decimator.Polylines(px, py);
                // One <path> per series even when NaNs break it into several pieces.
                var pb = new PathBuilder(lines.Sum(l => l.Length) * 5 + 16);
                foreach (var xy in lines)
                {
                    _obstacles.AddPolyline(xy);
                    pb.MoveTo(xy[0], xy[1]);
                    for (int k = 2; k < xy.Length; k += 2) pb.LineTo(xy[k], xy[k + 1]);
                }
                w.PathStart(pb.ToString()).Raw(" class=\"series\"");
                w.Attr("fill", "none").Attr("stroke", color).Attr("stroke-width", s.Width);
                w.Attr("stroke-linejoin", "round").Attr("stroke-linecap", s.Style == LineStyle.Dotted ? "round" : "butt");
                if (Style.Dash(s.Style, s.Width) is { } dash) w.Attr("stroke-dasharray", dash);
                if (s.Opacity < 1) w.Attr("opacity", s.Opacity);
                if (!string.IsNullOrEmpty(s.Label)) w.Attr("data-label", s.Label);
                w.Close();
            }
            if (s.Marker != Marker.None) DrawMarkers(w, s, px, py, color);
        }
    }

    /// <summary>Markers, deduplicated on a half-pixel grid (more would paint the same pixels) and kept near the plot.</summary>
    private void DrawMarkers(SvgWriter w, Series s, double[] px, double[] py, string color)
    {
        var seen = new HashSet<long>();
        var centres = new List<double>();
        var near = _plot.Inflate(s.MarkerSize);
        int every = Math.Max(1, s.MarkerEvery);
        for (int k = 0; k < px.Length; k += every)
        {
            double x = px[k], y = py[k];
            if (!double.IsFinite(x) || !double.IsFinite(y) || !near.Contains(x, y)) continue;
            long key = ((long)Math.Round(x * 2) << 32) ^ (uint)(int)Math.Round(y * 2);
            if (!seen.Add(key)) continue;
            centres.Add(x);
            centres.Add(y);
            _obstacles.AddPoint(x, y);
        }
        if (s.Style == LineStyle.None && centres.Count == 0) return;
        MarkerShapes.Draw(w, s.Marker, centres.ToArray(), s.MarkerSize, color, s.Opacity);
    }

    private void DrawReferenceLines(SvgWriter w)
    {
        foreach (var r in P.ReferenceLines)
        {
            var ym = r.RightAxis && _y2m is AxisMap m2 ? m2 : _ym;
            double y = ym.ToPixel(r.Y);
            if (double.IsNaN(y)) continue;
            w.Line(_plot.X, y, _plot.Right, y, r.Color, 1.2, Style.Dash(r.Style, 1.2), "class=\"refline\"");
            _obstacles.AddPolyline([_plot.X, y, _plot.Right, y]);
        }
    }

    /// <summary>Each label goes at the right or left end of its line, above or below it: wherever it hides least.</summary>
    private void DrawReferenceLabels(SvgWriter w)
    {
        double fs = _st.Annotation;
        foreach (var r in P.ReferenceLines)
        {
            if (r.Label.Length == 0) continue;
            var ym = r.RightAxis && _y2m is AxisMap m2 ? m2 : _ym;
            double y = ym.ToPixel(r.Y);
            if (double.IsNaN(y) || y < _plot.Y || y > _plot.Bottom) continue;
            double width = TextMetrics.Width(r.Label, fs);
            double above = y - 4, below = y + fs + 2;
            bool aboveFits = above - fs * 0.8 > _plot.Y, belowFits = below < _plot.Bottom - 2;
            var options = new List<(double X, double Baseline, TextAnchor Anchor)>();
            foreach (double baseline in new[] { above, below })
            {
                if (baseline == above ? !aboveFits && belowFits : !belowFits) continue;
                options.Add((_plot.Right - 6, baseline, TextAnchor.End));
                options.Add((_plot.X + 6, baseline, TextAnchor.Start));
            }
            if (options.Count == 0) options.Add((_plot.Right - 6, above, TextAnchor.End));
            var best = options.MinBy(o => _obstacles.Score(Rect.FromText(o.X, o.Baseline, width, fs, o.Anchor)));
            w.Text(best.X, best.Baseline, r.Label, fs, best.Anchor, r.Color, halo: true);
            _obstacles.AddBox(Rect.FromText(best.X, best.Baseline, width, fs, best.Anchor));
        }
    }

    private void DrawVerticalMarkerLines(SvgWriter w)
    {
        foreach (var m in P.Markers)
        {
            double x = _xm.ToPixel(m.X);
            if (double.IsNaN(x)) continue;
            w.Line(x, _plot.Y, x, _plot.Bottom, m.Color, 1.2, Style.Dash(m.Style, 1.2), "class=\"vmarker\"");
            _obstacles.AddPolyline([x, _plot.Y, x, _plot.Bottom]);
        }
    }

    /// <summary>
    /// Labels sit above the frame, centred on their line like tick labels of a top axis: curves often
    /// start at the top of the plot (errors of 1), so inside the frame they would collide. A label that
    /// would overlap its left neighbour is nudged right.
    /// </summary>
    private void DrawVerticalMarkerLabels(SvgWriter w)
    {
        double fs = _st.Annotation;
        double baseline = _plot.Y - 5;
        double prevRight = double.NegativeInfinity;
        foreach (var m in P.Markers.OrderBy(m => _xm.ToPixel(m.X)))
        {
            double x = _xm.ToPixel(m.X);
            if (m.Label.Length == 0 || double.IsNaN(x) || x < _plot.X - 0.5 || x > _plot.Right + 0.5) continue;
            double width = TextMetrics.Width(m.Label, fs);
            double left = Math.Max(x - width / 2, prevRight + 3);
            w.Text(left, baseline, m.Label, fs, TextAnchor.Start, m.Color);
            prevRight = left + width;
        }
    }

    private void DrawArrows(SvgWriter w)
    {
        double fs = _st.Annotation;
        foreach (var a in P.Arrows)
        {
            double x1 = _xm.ToPixel(a.X1), x2 = _xm.ToPixel(a.X2);
            if (double.IsNaN(x1) || double.IsNaN(x2)) continue;
            if (x1 > x2) (x1, x2) = (x2, x1);
            double y = a.Y is double dy ? _ym.ToPixel(dy) : ChooseArrowHeight(x1, x2, fs);
            if (double.IsNaN(y)) continue;
            double head = Math.Min(8, (x2 - x1) / 2.5), half = head * 0.45;
            w.Raw("<g class=\"arrow\">");
            w.Line(x1 + head * 0.8, y, x2 - head * 0.8, y, a.Color, 1.2);
            var pb = new PathBuilder();
            pb.MoveTo(x1, y); pb.LineTo(x1 + head, y - half); pb.LineTo(x1 + head, y + half); pb.Close();
            pb.MoveTo(x2, y); pb.LineTo(x2 - head, y - half); pb.LineTo(x2 - head, y + half); pb.Close();
            w.PathStart(pb.ToString()).Attr("fill", a.Color).Close();
            if (a.Label.Length > 0)
            {
                double mid = (x1 + x2) / 2;
                w.Text(mid, y - 5, a.Label, fs, TextAnchor.Middle, a.Color, halo: true);
                _obstacles.AddBox(Rect.FromText(mid, y - 5, TextMetrics.Width(a.Label, fs), fs, TextAnchor.Middle));
            }
            w.Raw("</g>\n");
            _obstacles.AddBox(new Rect(x1, y - 3, x2 - x1, 6));
        }
    }

    /// <summary>Picks the height (fraction of the plot, middle first) where the arrow and label cross the fewest curves.</summary>
    private double ChooseArrowHeight(double x1, double x2, double fs)
    {
        double[] fractions = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
        double best = _plot.Y + _plot.H / 2, bestScore = double.PositiveInfinity;
        foreach (double f in fractions)
        {
            double y = _plot.Y + f * _plot.H;
            double s = _obstacles.Score(new Rect(x1, y - fs - 6, Math.Max(1, x2 - x1), fs + 10));
            if (s < bestScore)
            {
                bestScore = s;
                best = y;
            }
        }
        return best;
    }

    private void DrawTexts(SvgWriter w)
    {
        foreach (var t in P.Texts)
        {
            double fs = t.FontSize > 0 ? t.FontSize : _st.Annotation;
            double x = t.AxesFraction ? _plot.X + t.X * _plot.W : _xm.ToPixel(t.X);
            double y = t.AxesFraction ? _plot.Bottom - t.Y * _plot.H : _ym.ToPixel(t.Y);
            if (double.IsNaN(x) || double.IsNaN(y)) continue;
            w.Text(x, y, t.Text, fs, t.Anchor, t.Color, halo: true);
            _obstacles.AddBox(Rect.FromText(x, y, TextMetrics.Width(t.Text, fs), fs, t.Anchor));
        }
    }

    private void DrawXAxis(SvgWriter w)
    {
        var pb = new PathBuilder();
        var labels = new List<(double X, string Label)>();
        foreach (var t in _L.X.Ticks)
        {
            double x = _xm.ToPixel(t.Value);
            if (double.IsNaN(x) || x < _plot.X - 0.5 || x > _plot.Right + 0.5) continue;
            pb.MoveTo(x, _plot.Bottom);
            pb.LineTo(x, _plot.Bottom + (t.Major ? _st.TickLength : _st.MinorTickLength));
            if (t.Label.Length > 0) labels.Add((x, t.Label));
        }
        Ticks(w, pb, _L.X.Color);
        double baseline = _plot.Bottom + _st.TickLength + _st.TickPad + _L.X.MaxLabelAscent;
        foreach (var (x, label) in labels) w.Text(x, baseline, label, _st.Tick, TextAnchor.Middle, _L.X.Color);
        if (P.X.Label.Length > 0)
        {
            double ly = baseline + _st.Tick * 0.3 + 2 + _st.Label * 1.0;
            w.Text(_plot.X + _plot.W / 2, ly, P.X.Label, _st.Label, TextAnchor.Middle, _L.X.Color);
        }
    }

    private void DrawYAxis(SvgWriter w, AxisLayout a, AxisMap map, bool left)
    {
        double edge = left ? _plot.X : _plot.Right;
        double dir = left ? -1 : 1;
        var pb = new PathBuilder();
        foreach (var t in a.Ticks)
        {
            double y = map.ToPixel(t.Value);
            if (double.IsNaN(y) || y < _plot.Y - 0.5 || y > _plot.Bottom + 0.5) continue;
            pb.MoveTo(edge, y);
            pb.LineTo(edge + dir * (t.Major ? _st.TickLength : _st.MinorTickLength), y);
            if (t.Label.Length == 0) continue;
            double lx = edge + dir * (_st.TickLength + _st.TickPad);
            w.Text(lx, y + _st.Tick * 0.36, t.Label, _st.Tick, left ? TextAnchor.End : TextAnchor.Start, a.Color);
        }
        Ticks(w, pb, a.Color);
        if (a.Axis.Label.Length == 0) return;
        // Rotated titles read bottom-to-top on both sides; the glyphs extend left of the (vertical) baseline.
        double off = _st.TickLength + _st.TickPad + a.MaxLabelWidth + 4;
        double bx = left ? edge - off - _st.Label * 0.25 : edge + off + _st.Label * 0.82;
        w.Text(bx, _plot.Y + _plot.H / 2, a.Axis.Label, _st.Label, TextAnchor.Middle, a.Color, rotate: -90);
    }

    private static void Ticks(SvgWriter w, PathBuilder pb, string color)
    {
        if (pb.Length == 0) return;
        w.PathStart(pb.ToString()).Raw(" class=\"ticks\"").Attr("stroke", color == Style.Ink ? Style.Frame : color).Attr("stroke-width", 0.8).Close();
    }
}
