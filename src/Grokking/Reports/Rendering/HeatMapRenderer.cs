using System.Buffers;

namespace Grokking.Reports;

/// <summary>
/// Draws heat maps. Small matrices become &lt;rect&gt;s (crisp vector cells, runs of equal colour
/// merged); large ones become one embedded PNG at twice the plot's pixel density, which keeps the SVG
/// small (a 300 × 100 matrix of rects would be ~2 MB) and is exact at any reasonable zoom.
/// </summary>
internal static class HeatMapRenderer
{
    /// <summary>Above this many cells, rasterise.</summary>
    internal const int VectorCellLimit = 6000;

    private const int Oversample = 2;

    public static void Draw(SvgWriter w, HeatMap h, AxisMap xm, AxisMap ym, Rect plot)
    {
        double[] xe = HeatMap.Edges(h.X, h.Cols, xm.IsLog).Select(xm.ToPixel).ToArray();
        double[] ye = HeatMap.Edges(h.Y, h.Rows, ym.IsLog).Select(ym.ToPixel).ToArray();
        if (h.Rows == 0 || h.Cols == 0) return;
        if ((long)h.Rows * h.Cols <= VectorCellLimit) DrawRects(w, h, xe, ye);
        else DrawRaster(w, h, xe, ye, plot);
    }

    private static void DrawRects(SvgWriter w, HeatMap h, double[] xe, double[] ye)
    {
        w.Raw("<g class=\"heatmap\" shape-rendering=\"crispEdges\">\n");
        for (int r = 0; r < h.Rows; r++)
        {
            double y0 = ye[r], y1 = ye[r + 1];
            if (double.IsNaN(y0) || double.IsNaN(y1)) continue;
            int c = 0;
            while (c < h.Cols)
            {
                double v = h.Values[r, c];
                if (!h.Scale.CanMap(v) || double.IsNaN(xe[c]) || double.IsNaN(xe[c + 1]))
                {
                    c++;
                    continue;
                }
                string color = h.Scale.ColorOf(v);
                int end = c + 1;
                while (end < h.Cols && !double.IsNaN(xe[end + 1]) && h.Scale.CanMap(h.Values[r, end]) && h.Scale.ColorOf(h.Values[r, end]) == color)
                    end++;
                double xa = Math.Min(xe[c], xe[end]), xb = Math.Max(xe[c], xe[end]);
                w.Rect(xa, Math.Min(y0, y1), xb - xa, Math.Abs(y1 - y0), color);
                c = end;
            }
        }
        w.Raw("</g>\n");
    }

    private static void DrawRaster(SvgWriter w, HeatMap h, double[] xe, double[] ye, Rect plot)
    {
        double left = Math.Max(plot.X, MinFinite(xe)), right = Math.Min(plot.Right, MaxFinite(xe));
        double top = Math.Max(plot.Y, MinFinite(ye)), bottom = Math.Min(plot.Bottom, MaxFinite(ye));
        if (!(right > left) || !(bottom > top)) return;
        int iw = Math.Max(1, (int)Math.Ceiling((right - left) * Oversample));
        int ih = Math.Max(1, (int)Math.Ceiling((bottom - top) * Oversample));
        var colIdx = new int[iw];
        var rowIdx = new int[ih];
        for (int i = 0; i < iw; i++) colIdx[i] = CellIndex(xe, left + (i + 0.5) / Oversample);
        for (int j = 0; j < ih; j++) rowIdx[j] = CellIndex(ye, top + (j + 0.5) / Oversample);

        // Colour each cell once; alpha 0 marks empty cells.
        var cell = new uint[h.Rows * h.Cols];
        for (int r = 0; r < h.Rows; r++)
            for (int c = 0; c < h.Cols; c++)
            {
                double v = h.Values[r, c];
                if (!h.Scale.CanMap(v)) continue;
                var rgb = h.Scale.RgbOf(v);
                cell[r * h.Cols + c] = rgb.R | ((uint)rgb.G << 8) | ((uint)rgb.B << 16) | 0xFF000000u;
            }
        byte[] rgba = ArrayPool<byte>.Shared.Rent(iw * ih * 4);
        try
        {
            for (int j = 0; j < ih; j++)
            {
                int r = rowIdx[j];
                for (int i = 0; i < iw; i++)
                {
                    int c = colIdx[i];
                    uint px = r < 0 || c < 0 ? 0u : cell[r * h.Cols + c];
                    int o = (j * iw + i) * 4;
                    rgba[o] = (byte)px;
                    rgba[o + 1] = (byte)(px >> 8);
                    rgba[o + 2] = (byte)(px >> 16);
                    rgba[o + 3] = (byte)(px >> 24);
                }
            }
            byte[] png = PngEncoder.EncodeRgba(iw, ih, rgba.AsSpan(0, iw * ih * 4));
            w.Open("image").Raw(" class=\"heatmap\"")
                .Attr("x", left).Attr("y", top).Attr("width", right - left).Attr("height", bottom - top)
                .Raw(" preserveAspectRatio=\"none\" image-rendering=\"pixelated\" href=\"data:image/png;base64,")
                .Raw(Convert.ToBase64String(png)).Raw("\"/>\n");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>Index of the cell whose pixel edges contain p (edges ascending or descending), or -1.</summary>
    internal static int CellIndex(double[] edges, double p)
    {
        int n = edges.Length - 1;
        if (n <= 0) return -1;
        bool asc = edges[n] >= edges[0];
        int lo = 0, hi = n - 1;
        if (asc ? (p < edges[0] || p > edges[n]) : (p > edges[0] || p < edges[n])) return -1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (asc ? edges[mid] <= p : edges[mid] >= p) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private static double MinFinite(double[] a) => a.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();

    private static double MaxFinite(double[] a) => a.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
}
