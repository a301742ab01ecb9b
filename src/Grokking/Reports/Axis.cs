namespace Grokking.Reports;

public enum AxisScale
{
    Linear,
    Log10,
}

/// <summary>How decade labels on log axes are written.</summary>
public enum LogLabelStyle
{
    /// <summary>10 with a superscript exponent, as in the papers.</summary>
    Power,
    /// <summary>Compact "1e-3" text, for narrow panels.</summary>
    ENotation,
}

/// <summary>
/// One axis of a panel: scale, label, and optional fixed limits. Unset limits are chosen from the
/// data (plus <see cref="Margin"/>), so recipes only set what they care about.
/// </summary>
public sealed class Axis
{
    public Axis(AxisScale scale = AxisScale.Linear, string label = "", double? min = null, double? max = null)
    {
        Scale = scale;
        Label = label;
        Min = min;
        Max = max;
    }

    public static Axis Linear(string label = "", double? min = null, double? max = null) =>
        new(AxisScale.Linear, label, min, max);

    public static Axis Log(string label = "", double? min = null, double? max = null) =>
        new(AxisScale.Log10, label, min, max);

    public AxisScale Scale { get; set; }

    public bool IsLog => Scale == AxisScale.Log10;

    /// <summary>Axis title; <c>$...$</c> enables <c>_sub</c>/<c>^{sup}</c> markup, as in matplotlib mathtext.</summary>
    public string Label { get; set; }

    public double? Min { get; set; }
    public double? Max { get; set; }

    /// <summary>
    /// Padding added on each side of the auto range, as a fraction of the span (of decades on a log
    /// axis). Keeps lines off the frame; set 0 for a tight axis. Ignored on sides with a fixed limit.
    /// </summary>
    public double Margin { get; set; } = 0.03;

    public LogLabelStyle LogLabels { get; set; } = LogLabelStyle.Power;

    /// <summary>Colour of ticks, tick labels and title; null means the default dark grey, or for a twin
    /// right axis whose series all share one colour, that colour (so readers can tell the axes apart).</summary>
    public string? Color { get; set; }

    /// <summary>Explicit major tick positions; null for automatic "nice" ticks.</summary>
    public IReadOnlyList<double>? TickValues { get; set; }
}
