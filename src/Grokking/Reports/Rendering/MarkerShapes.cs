namespace Grokking.Reports;

/// <summary>Marker glyphs as path data, all markers of a series in one &lt;path&gt; (compact SVG).</summary>
internal static class MarkerShapes
{
    /// <summary>Cross and plus are strokes; the rest are filled shapes.</summary>
    public static bool IsStroked(Marker m) => m is Marker.Cross or Marker.Plus;

    /// <summary>Draws markers at interleaved (x, y) centres.</summary>
    public static void Draw(SvgWriter w, Marker m, ReadOnlySpan<double> centres, double size, string color, double opacity = 1)
    {
        if (m == Marker.None || centres.Length < 2) return;
        var pb = new PathBuilder(centres.Length * 12);
        for (int i = 0; i + 1 < centres.Length; i += 2) Append(pb, m, centres[i], centres[i + 1], size / 2);
        w.PathStart(pb.ToString());
        w.Raw(" class=\"markers\"");
        if (IsStroked(m)) w.Attr("fill", "none").Attr("stroke", color).Attr("stroke-width", Math.Max(1.2, size / 5)).Attr("stroke-linecap", "round");
        else w.Attr("fill", color).Attr("stroke", "none");
        if (opacity < 1) w.Attr("opacity", opacity);
        w.Close();
    }

    private static void Append(PathBuilder pb, Marker m, double x, double y, double r)
    {
        switch (m)
        {
            case Marker.Circle:
                pb.MoveTo(x - r, y);
                pb.Raw(Arc(r, 2 * r) + Arc(r, -2 * r) + "Z");
                break;
            case Marker.Square:
                Polygon(pb, x, y, [(-0.88, -0.88), (0.88, -0.88), (0.88, 0.88), (-0.88, 0.88)], r);
                break;
            case Marker.Triangle:
                Polygon(pb, x, y, [(0, -1.15), (1.0, 0.6), (-1.0, 0.6)], r);
                break;
            case Marker.Diamond:
                Polygon(pb, x, y, [(0, -1.15), (0.8, 0), (0, 1.15), (-0.8, 0)], r);
                break;
            case Marker.Star:
                Polygon(pb, x, y, StarPoints, r);
                break;
            case Marker.Cross:
                pb.MoveTo(x - r * 0.8, y - r * 0.8); pb.LineTo(x + r * 0.8, y + r * 0.8);
                pb.MoveTo(x - r * 0.8, y + r * 0.8); pb.LineTo(x + r * 0.8, y - r * 0.8);
                break;
            case Marker.Plus:
                pb.MoveTo(x - r, y); pb.LineTo(x + r, y);
                pb.MoveTo(x, y - r); pb.LineTo(x, y + r);
                break;
        }
    }

    private static readonly (double, double)[] StarPoints = Enumerable.Range(0, 10).Select(i =>
    {
        double a = -Math.PI / 2 + i * Math.PI / 5, rad = i % 2 == 0 ? 1.3 : 0.55;
        return (rad * Math.Cos(a), rad * Math.Sin(a));
    }).ToArray();

    private static void Polygon(PathBuilder pb, double x, double y, (double, double)[] pts, double r)
    {
        pb.MoveTo(x + pts[0].Item1 * r, y + pts[0].Item2 * r);
        for (int i = 1; i < pts.Length; i++) pb.LineTo(x + pts[i].Item1 * r, y + pts[i].Item2 * r);
        pb.Close();
    }

    private static string Arc(double r, double dx) =>
        "a" + SvgWriter.Number(r, 1) + " " + SvgWriter.Number(r, 1) + " 0 1 0 " + SvgWriter.Number(dx, 1) + " 0";
}
