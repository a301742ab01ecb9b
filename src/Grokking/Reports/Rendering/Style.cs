namespace Grokking.Reports;

/// <summary>Sizes derived from the figure's base font so everything scales together.</summary>
internal sealed class Style(double font)
{
    public double Tick { get; } = font;
    public double Label { get; } = font * 1.1;
    public double Title { get; } = font * 1.2;
    public double FigureTitle { get; } = font * 1.45;
    public double Legend { get; } = font * 0.95;
    public double Annotation { get; } = font;

    public double TickLength => 5;
    public double MinorTickLength => 2.8;
    public double TickPad => 3;
    public double OuterPad => 6;

    /// <summary>Space a rotated axis title takes across (glyph height plus a little air).</summary>
    public double RotatedLabelSpan => Label * 1.15;

    public double ColorBarGap => 14;
    public double ColorBarWidth => 14;

    public const string Ink = "#222222";
    public const string Frame = "#333333";
    public const string GridColor = "#e4e4e4";

    /// <summary>SVG dash pattern for a line style at a given width (matplotlib's patterns, scaled by width).</summary>
    public static string? Dash(LineStyle style, double width) => style switch
    {
        LineStyle.Dashed => Pattern(width, 3.7, 1.6),
        LineStyle.Dotted => Pattern(width, 0.01, 2.0), // with round caps: dots
        LineStyle.DashDot => Pattern(width, 6.4, 1.6, 0.01, 1.6),
        _ => null,
    };

    private static string Pattern(double width, params double[] units)
    {
        double w = Math.Max(width, 0.8);
        return string.Join(",", units.Select(u => SvgWriter.Number(u * w, 2)));
    }
}
