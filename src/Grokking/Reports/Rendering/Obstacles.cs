namespace Grokking.Reports;

/// <summary>
/// What is already drawn in a plot (polylines, points, label boxes), used to put the legend and
/// arrows where they hide the least. Scores count crossing segments, so a box a curve passes through
/// costs more than an empty corner even when no data vertex lies inside it.
/// </summary>
internal sealed class Obstacles
{
    private readonly List<double[]> _lines = [];
    private readonly List<(double X, double Y)> _points = [];
    private readonly List<Rect> _boxes = [];

    public void AddPolyline(double[] xy) => _lines.Add(xy);

    public void AddPoint(double x, double y) => _points.Add((x, y));

    public void AddBox(Rect r) => _boxes.Add(r);

    public double Score(Rect r)
    {
        double score = 0;
        foreach (var xy in _lines)
        {
            for (int i = 2; i < xy.Length; i += 2)
                if (SegmentHits(r, xy[i - 2], xy[i - 1], xy[i], xy[i + 1])) score += 1;
        }
        foreach (var (x, y) in _points) if (r.Contains(x, y)) score += 1;
        // Text boxes weigh more than a single segment: covering a label loses information outright.
        foreach (var b in _boxes) if (r.Intersects(b)) score += 25;
        return score;
    }

    /// <summary>Liang–Barsky test: does segment (x0,y0)-(x1,y1) touch rectangle r?</summary>
    internal static bool SegmentHits(Rect r, double x0, double y0, double x1, double y1)
    {
        // Fast reject on bounding boxes: most segments are nowhere near the candidate box.
        if (Math.Max(x0, x1) < r.X || Math.Min(x0, x1) > r.Right || Math.Max(y0, y1) < r.Y || Math.Min(y0, y1) > r.Bottom)
            return false;
        double dx = x1 - x0, dy = y1 - y0, t0 = 0, t1 = 1;
        return Clip(-dx, x0 - r.X, ref t0, ref t1) && Clip(dx, r.Right - x0, ref t0, ref t1)
            && Clip(-dy, y0 - r.Y, ref t0, ref t1) && Clip(dy, r.Bottom - y0, ref t0, ref t1);
    }

    private static bool Clip(double p, double q, ref double t0, ref double t1)
    {
        if (p == 0) return q >= 0;
        double t = q / p;
        if (p < 0)
        {
            if (t > t1) return false;
            if (t > t0) t0 = t;
        }
        else
        {
            if (t < t0) return false;
            if (t < t1) t1 = t;
        }
        return true;
    }
}
