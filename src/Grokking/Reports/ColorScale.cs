namespace Grokking.Reports;

/// <summary>
/// Maps data values to colours through a <see cref="ColorMap"/>, linearly or in log10 space
/// (e.g. regularisation strengths β from 1e-6 to 1e-1 spread evenly over viridis).
/// </summary>
public sealed class ColorScale
{
    public ColorScale(double min, double max, bool log = false, ColorMap? map = null)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min >= max)
            throw new ArgumentException($"colour scale needs finite min < max, got [{min}, {max}]");
        if (log && min <= 0)
            throw new ArgumentException($"log colour scale needs min > 0, got {min}");
        Min = min;
        Max = max;
        IsLog = log;
        Map = map ?? ColorMap.Viridis;
    }

    public static ColorScale Linear(double min, double max, ColorMap? map = null) => new(min, max, false, map);

    public static ColorScale Log(double min, double max, ColorMap? map = null) => new(min, max, true, map);

    public double Min { get; }
    public double Max { get; }
    public bool IsLog { get; }
    public ColorMap Map { get; }

    /// <summary>Position of v in [0, 1] (clamped); NaN when v cannot be placed (NaN, or ≤ 0 on a log scale).</summary>
    public double Normalize(double v)
    {
        if (double.IsNaN(v) || (IsLog && v <= 0)) return double.NaN;
        double t = IsLog
            ? (Math.Log10(v) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (v - Min) / (Max - Min);
        return Math.Clamp(t, 0, 1);
    }

    public Rgb RgbOf(double v) => Map.At(Normalize(v));

    /// <summary>"#rrggbb" for v; values that cannot be placed get the low end of the map.</summary>
    public string ColorOf(double v) => RgbOf(v).ToHex();

    /// <summary>True when v has a defined colour (heat maps leave such cells empty instead).</summary>
    public bool CanMap(double v) => !double.IsNaN(Normalize(v));
}
