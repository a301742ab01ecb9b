namespace Grokking.Reports;

public enum LineStyle
{
    Solid,
    Dashed,
    Dotted,
    DashDot,
    /// <summary>No line: markers only (scatter).</summary>
    None,
}

public enum Marker
{
    None,
    Circle,
    Square,
    Triangle,
    Diamond,
    Star,
    Cross,
    Plus,
}

/// <summary>
/// A data series. The arrays are copied when the series is added, so a recipe may reuse its buffers;
/// the renderer skips non-finite points (and non-positive ones on log axes) by breaking the line there.
/// </summary>
public sealed class Series
{
    internal Series(double[] x, double[] y)
    {
        X = x;
        Y = y;
    }

    public double[] X { get; }
    public double[] Y { get; }

    /// <summary>Legend text; null or empty keeps the series out of the legend.</summary>
    public string? Label { get; set; }

    /// <summary>"#rrggbb" (or any SVG colour); null takes the next tab10 colour.</summary>
    public string? Color { get; set; }

    public LineStyle Style { get; set; } = LineStyle.Solid;
    public double Width { get; set; } = 1.5;
    public double Opacity { get; set; } = 1.0;
    public Marker Marker { get; set; } = Marker.None;

    /// <summary>Marker size in px (the marker's diameter).</summary>
    public double MarkerSize { get; set; } = 6;

    /// <summary>Draw a marker on every n-th point only (dense lines stay readable).</summary>
    public int MarkerEvery { get; set; } = 1;

    /// <summary>Plot against the panel's twin right axis (<see cref="Panel.Y2"/>).</summary>
    public bool RightAxis { get; set; }
}
