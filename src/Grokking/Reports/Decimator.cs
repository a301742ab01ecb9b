namespace Grokking.Reports;

/// <summary>
/// Reduces a line in pixel space to what can be seen. Consecutive points falling in the same pixel
/// column are replaced by (first, min, max, last) in their original order, so spikes and the column's
/// full vertical extent survive; then points within half a pixel of the previously kept one are dropped.
/// A 200,000-step training curve thus becomes at most ~4 points per pixel column. Finally, points
/// closer than <see cref="Tolerance"/> px to the straight line through their neighbours are dropped
/// (Ramer–Douglas–Peucker), so smooth curves shrink to the few dozen vertices their shape needs.
/// Non-finite pixels (from NaN/Inf data or ≤ 0 on a log axis) end a polyline: the line breaks there.
/// </summary>
internal static class Decimator
{
    /// <summary>Largest deviation (px) the simplification may introduce: invisible at 1× and at 2× PNGs.</summary>
    public const double Tolerance = 0.2;

    /// <summary>Returns polylines as interleaved (x, y) arrays, each with at least two points.</summary>
    public static List<double[]> Polylines(ReadOnlySpan<double> px, ReadOnlySpan<double> py)
    {
        var result = new List<double[]>();
        var buf = new List<double>(1024);
        int n = Math.Min(px.Length, py.Length);
        int runStart = -1;
        for (int i = 0; i <= n; i++)
        {
            bool ok = i < n && double.IsFinite(px[i]) && double.IsFinite(py[i]);
            if (ok)
            {
                if (runStart < 0) runStart = i;
                continue;
            }
            if (runStart >= 0)
            {
                Run(px[runStart..i], py[runStart..i], buf);
                if (buf.Count >= 4) result.Add(Simplify(buf));
                buf.Clear();
                runStart = -1;
            }
        }
        return result;
    }

    /// <summary>Total number of points over polylines (for tests and diagnostics).</summary>
    public static int PointCount(List<double[]> lines) => lines.Sum(l => l.Length / 2);

    private static void Run(ReadOnlySpan<double> x, ReadOnlySpan<double> y, List<double> outXy)
    {
        int n = x.Length;
        int i = 0;
        Span<int> idx = stackalloc int[4];
        while (i < n)
        {
            double col = Math.Floor(x[i]);
            int first = i, last = i, lo = i, hi = i;
            int j = i + 1;
            for (; j < n && Math.Floor(x[j]) == col; j++)
            {
                last = j;
                if (y[j] < y[lo]) lo = j;
                if (y[j] > y[hi]) hi = j;
            }
            // Emit the bucket's representatives in index order, without duplicates.
            idx[0] = first; idx[1] = lo; idx[2] = hi; idx[3] = last;
            idx.Sort();
            int prev = -1;
            foreach (int k in idx)
            {
                if (k == prev) continue;
                prev = k;
                Emit(x[k], y[k], outXy, force: k == n - 1);
            }
            i = j;
        }
    }

    /// <summary>Ramer–Douglas–Peucker on interleaved (x, y), with an explicit stack (no recursion depth limits).</summary>
    internal static double[] Simplify(List<double> xy, double tolerance = Tolerance)
    {
        int n = xy.Count / 2;
        if (n <= 2) return xy.ToArray();
        var keep = new bool[n];
        keep[0] = keep[n - 1] = true;
        var stack = new Stack<(int, int)>();
        stack.Push((0, n - 1));
        double tol2 = tolerance * tolerance;
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            if (b - a < 2) continue;
            double ax = xy[2 * a], ay = xy[2 * a + 1], dx = xy[2 * b] - ax, dy = xy[2 * b + 1] - ay;
            double len2 = dx * dx + dy * dy;
            int far = -1;
            double farD = tol2;
            for (int i = a + 1; i < b; i++)
            {
                double px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay;
                double d2;
                if (len2 == 0) d2 = px * px + py * py;
                else
                {
                    // Distance to the segment, not the infinite line: a spike that doubles back must survive.
                    double t = Math.Clamp((px * dx + py * dy) / len2, 0, 1);
                    double ex = px - t * dx, ey = py - t * dy;
                    d2 = ex * ex + ey * ey;
                }
                if (d2 > farD)
                {
                    farD = d2;
                    far = i;
                }
            }
            if (far < 0) continue;
            keep[far] = true;
            stack.Push((a, far));
            stack.Push((far, b));
        }
        int m = 0;
        foreach (bool k in keep) if (k) m++;
        var result = new double[2 * m];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (!keep[i]) continue;
            result[j++] = xy[2 * i];
            result[j++] = xy[2 * i + 1];
        }
        return result;
    }

    private static void Emit(double x, double y, List<double> outXy, bool force)
    {
        int c = outXy.Count;
        if (c >= 2)
        {
            double dx = x - outXy[c - 2], dy = y - outXy[c - 1];
            if (Math.Abs(dx) < 0.5 && Math.Abs(dy) < 0.5)
            {
                // Within half a pixel: invisible. The final point replaces its neighbour so the line ends exactly.
                if (!force) return;
                if (c >= 4) outXy.RemoveRange(c - 2, 2);
                else if (dx == 0 && dy == 0) return;
            }
        }
        outXy.Add(x);
        outXy.Add(y);
    }
}
