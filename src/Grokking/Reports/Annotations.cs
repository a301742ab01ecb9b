namespace Grokking.Reports;

public enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>Dashed vertical line at a data x, labelled near the top (e.g. the grokking times t1, t2).</summary>
public sealed record VerticalMarker(double X, string Label, string Color, LineStyle Style);

/// <summary>
/// Horizontal double-headed arrow between two data x values, labelled above its middle (e.g. "Δt").
/// Y is a data value on the left axis, or null to let the renderer pick a height that crosses few curves.
/// </summary>
public sealed record SpanArrow(double X1, double X2, string Label, double? Y, string Color);

/// <summary>Horizontal reference line at a data y (left or right axis), labelled at its right end.</summary>
public sealed record ReferenceLine(double Y, string Label, bool RightAxis, string Color, LineStyle Style);

/// <summary>Free text. Position is in data coordinates, or in axes fractions (0..1 from the bottom left).</summary>
public sealed record TextAnnotation(
    double X, double Y, string Text, TextAnchor Anchor, string Color, double FontSize, bool AxesFraction);
