namespace Grokking.Reports;

/// <summary>
/// A matrix drawn as coloured cells: <c>Values[r, c]</c> fills the cell between rows r..r+1 of the y
/// coordinates and columns c..c+1 of the x coordinates. Coordinates may be given as cell centres
/// (length n) or edges (length n + 1); centres are turned into edges at render time in the axis's own
/// space (geometric midpoints on a log axis), so rows of log-spaced steps tile without gaps.
/// NaN cells (and non-positive ones on a log colour scale) are left empty.
/// </summary>
public sealed class HeatMap
{
    internal HeatMap(double[,] values, double[]? x, double[]? y, ColorScale scale)
    {
        Values = values;
        X = x;
        Y = y;
        Scale = scale;
        if (x is not null && x.Length != values.GetLength(1) && x.Length != values.GetLength(1) + 1)
            throw new ArgumentException($"heat map x has {x.Length} entries; need {values.GetLength(1)} centres or {values.GetLength(1) + 1} edges");
        if (y is not null && y.Length != values.GetLength(0) && y.Length != values.GetLength(0) + 1)
            throw new ArgumentException($"heat map y has {y.Length} entries; need {values.GetLength(0)} centres or {values.GetLength(0) + 1} edges");
    }

    public double[,] Values { get; }

    /// <summary>Column coordinates (centres or edges); null means 0..cols (cell index).</summary>
    public double[]? X { get; }

    /// <summary>Row coordinates (centres or edges); null means 0..rows (cell index).</summary>
    public double[]? Y { get; }

    public ColorScale Scale { get; }

    public int Rows => Values.GetLength(0);
    public int Cols => Values.GetLength(1);

    /// <summary>Cell edges along one direction (see class remarks); falls back to linear if log edges would be ≤ 0.</summary>
    internal static double[] Edges(double[]? coords, int n, bool log)
    {
        if (coords is null)
        {
            var idx = new double[n + 1];
            for (int i = 0; i <= n; i++) idx[i] = i;
            return idx;
        }
        if (coords.Length == n + 1) return coords;
        if (n == 0) return [0];
        bool useLog = log && coords.All(v => v > 0);
        Func<double, double> fwd = useLog ? Math.Log10 : v => v;
        Func<double, double> back = useLog ? v => Math.Pow(10, v) : v => v;
        var edges = new double[n + 1];
        if (n == 1)
        {
            double c = fwd(coords[0]);
            edges[0] = back(c - 0.5);
            edges[1] = back(c + 0.5);
            return edges;
        }
        for (int i = 1; i < n; i++) edges[i] = back(0.5 * (fwd(coords[i - 1]) + fwd(coords[i])));
        edges[0] = back(fwd(coords[0]) - 0.5 * (fwd(coords[1]) - fwd(coords[0])));
        edges[n] = back(fwd(coords[n - 1]) + 0.5 * (fwd(coords[n - 1]) - fwd(coords[n - 2])));
        return edges;
    }
}

/// <summary>A colour bar: the gradient of <see cref="Scale"/> with its own ticks and label.</summary>
public sealed record ColorBar(ColorScale Scale, string Label);

/// <summary>Where a panel's legend goes. <see cref="Best"/> picks the inside spot that hides the least data.</summary>
public enum LegendPosition
{
    Best,
    UpperRight,
    UpperLeft,
    LowerLeft,
    LowerRight,
    UpperCenter,
    LowerCenter,
    CenterRight,
    CenterLeft,
    /// <summary>Beside the plot, right of any twin axis; the plot shrinks to make room.</summary>
    OutsideRight,
    Hidden,
}
