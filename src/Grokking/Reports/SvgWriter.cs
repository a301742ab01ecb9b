using System.Globalization;
using System.Text;

namespace Grokking.Reports;

/// <summary>
/// Minimal SVG emitter. All numbers go through <see cref="AppendNumber"/>: invariant, fixed small
/// number of decimals, trailing zeros trimmed, so output is compact, culture-proof and deterministic.
/// </summary>
internal sealed class SvgWriter
{
    public const string FontFamily = "DejaVu Sans, Arial, Helvetica, sans-serif";

    /// <summary>Pixel coordinates beyond this are clamped: they are clipped anyway, and huge values
    /// (from a log axis near 0, say) would bloat the file and upset some renderers.</summary>
    private const double CoordLimit = 1e6;

    private readonly StringBuilder _sb;

    public SvgWriter(int capacity = 1 << 16) => _sb = new StringBuilder(capacity);

    public StringBuilder Builder => _sb;

    public override string ToString() => _sb.ToString();

    public SvgWriter Raw(string s)
    {
        _sb.Append(s);
        return this;
    }

    /// <summary>Appends v rounded to <paramref name="decimals"/> places (0..4), without exponent or "-0".</summary>
    public static void AppendNumber(StringBuilder sb, double v, int decimals = 2)
    {
        if (!double.IsFinite(v)) v = double.IsNaN(v) ? 0 : Math.Sign(v) * CoordLimit;
        v = Math.Clamp(v, -CoordLimit, CoordLimit);
        long scale = decimals switch { 0 => 1, 1 => 10, 2 => 100, 3 => 1000, _ => 10000 };
        long q = (long)Math.Round(v * scale, MidpointRounding.AwayFromZero);
        if (q < 0)
        {
            sb.Append('-');
            q = -q;
        }
        long whole = q / scale, frac = q % scale;
        sb.Append(whole);
        if (frac == 0) return;
        sb.Append('.');
        // Emit fractional digits, most significant first, dropping trailing zeros.
        for (long div = scale / 10; div > 0 && frac > 0; div /= 10)
        {
            sb.Append((char)('0' + frac / div));
            frac %= div;
        }
    }

    public static string Number(double v, int decimals = 2)
    {
        var sb = new StringBuilder(16);
        AppendNumber(sb, v, decimals);
        return sb.ToString();
    }

    public SvgWriter Attr(string name, double v, int decimals = 2)
    {
        _sb.Append(' ').Append(name).Append("=\"");
        AppendNumber(_sb, v, decimals);
        _sb.Append('"');
        return this;
    }

    public SvgWriter Attr(string name, string? v)
    {
        if (v is null) return this;
        _sb.Append(' ').Append(name).Append("=\"");
        Escape(_sb, v);
        _sb.Append('"');
        return this;
    }

    public SvgWriter Rect(double x, double y, double w, double h, string fill, string? stroke = null, double strokeWidth = 1, string? extra = null)
    {
        _sb.Append("<rect");
        Attr("x", x).Attr("y", y).Attr("width", Math.Max(0, w)).Attr("height", Math.Max(0, h)).Attr("fill", fill);
        if (stroke is not null) Attr("stroke", stroke).Attr("stroke-width", strokeWidth);
        if (extra is not null) _sb.Append(' ').Append(extra);
        _sb.Append("/>\n");
        return this;
    }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double width, string? dash = null, string? extra = null)
    {
        _sb.Append("<line");
        Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2", y2).Attr("stroke", stroke).Attr("stroke-width", width);
        if (dash is not null) Attr("stroke-dasharray", dash);
        if (extra is not null) _sb.Append(' ').Append(extra);
        _sb.Append("/>\n");
        return this;
    }

    /// <summary>Opens a &lt;path with d = <paramref name="d"/>; caller adds attributes then calls <see cref="Close"/>.</summary>
    public SvgWriter PathStart(string d)
    {
        _sb.Append("<path d=\"").Append(d).Append('"');
        return this;
    }

    public SvgWriter Close()
    {
        _sb.Append("/>\n");
        return this;
    }

    public SvgWriter Open(string tag)
    {
        _sb.Append('<').Append(tag);
        return this;
    }

    public SvgWriter EndOpen()
    {
        _sb.Append(">\n");
        return this;
    }

    public SvgWriter End(string tag)
    {
        _sb.Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>
    /// Text with <see cref="RichText"/> markup. (x, y) is the baseline anchor point. Scripts are done
    /// with explicit dy shifts in px (not baseline-shift) because every renderer supports those.
    /// Text with scripts is always written start-anchored, its start placed from <see cref="TextMetrics"/>:
    /// Svg.Skia (our PNG renderer) anchors each tspan on its own, so "10^-3" anchored at its end drew the
    /// exponent past the anchor, over the tick. The estimate is exact for tick labels (digits and minus).
    /// A halo draws a white outline under the glyphs so labels stay legible over lines.
    /// </summary>
    public SvgWriter Text(
        double x, double y, string markup, double fontSize, TextAnchor anchor = TextAnchor.Start,
        string color = "#222222", double rotate = 0, bool bold = false, bool halo = false, bool italic = false)
    {
        var runs = RichText.Parse(markup);
        bool plain = runs.Count <= 1 && (runs.Count == 0 || runs[0].Kind == RunKind.Normal);
        double start = x;
        if (!plain && anchor != TextAnchor.Start)
        {
            double width = TextMetrics.Width(runs, fontSize) * (bold ? TextMetrics.BoldScale : 1);
            start = anchor == TextAnchor.Middle ? x - width / 2 : x - width;
        }
        _sb.Append("<text");
        Attr("x", start).Attr("y", y).Attr("font-size", fontSize, 1);
        if (plain && anchor != TextAnchor.Start) Attr("text-anchor", anchor == TextAnchor.Middle ? "middle" : "end");
        Attr("fill", color);
        if (bold) Attr("font-weight", "bold");
        if (italic) Attr("font-style", "italic");
        if (rotate != 0)
        {
            // about the anchor point, so a start moved along the baseline stays on the rotated baseline
            _sb.Append(" transform=\"rotate(");
            AppendNumber(_sb, rotate);
            _sb.Append(' ');
            AppendNumber(_sb, x);
            _sb.Append(' ');
            AppendNumber(_sb, y);
            _sb.Append(")\"");
        }
        if (halo) _sb.Append(" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        _sb.Append('>');
        AppendRuns(runs, fontSize, plain);
        _sb.Append("</text>\n");
        return this;
    }

    private void AppendRuns(List<TextRun> runs, double fontSize, bool plain)
    {
        if (plain)
        {
            if (runs.Count == 1) Escape(_sb, runs[0].Text);
            return;
        }
        double offset = 0; // current baseline offset from the text's baseline, px (down positive)
        foreach (var run in runs)
        {
            double target = run.Kind switch
            {
                RunKind.Super => -TextMetrics.SuperShift * fontSize,
                RunKind.Sub => TextMetrics.SubShift * fontSize,
                _ => 0,
            };
            _sb.Append("<tspan");
            if (target != offset) Attr("dy", target - offset);
            if (run.Kind != RunKind.Normal) Attr("font-size", fontSize * RichText.ScriptScale, 1);
            _sb.Append('>');
            Escape(_sb, run.Text);
            _sb.Append("</tspan>");
            offset = target;
        }
    }

    public static void Escape(StringBuilder sb, string s)
    {
        foreach (char c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                default:
                    // Control characters are not allowed in XML 1.0; drop them rather than emit broken XML.
                    if (c >= ' ' || c == '\t' || c == '\n') sb.Append(c);
                    break;
            }
        }
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Builds compact path data ("M1 2L3 4 5 6") with 1-decimal coordinates (0.1 px is invisible).</summary>
internal sealed class PathBuilder
{
    private readonly StringBuilder _sb;
    private char _last;

    public PathBuilder(int capacity = 256) => _sb = new StringBuilder(capacity);

    public int Length => _sb.Length;

    public void MoveTo(double x, double y) => Cmd('M', x, y);

    public void LineTo(double x, double y) => Cmd('L', x, y);

    public void Raw(string s)
    {
        _sb.Append(s);
        _last = '\0';
    }

    public void Close()
    {
        _sb.Append('Z');
        _last = 'Z';
    }

    public override string ToString() => _sb.ToString();

    private void Cmd(char c, double x, double y)
    {
        // Repeated L commands may omit the letter; saves ~10% of a dense line's bytes.
        if (c != _last) _sb.Append(c);
        else _sb.Append(' ');
        SvgWriter.AppendNumber(_sb, x, 1);
        _sb.Append(' ');
        SvgWriter.AppendNumber(_sb, y, 1);
        _last = c == 'M' ? 'L' : c; // after M, implicit commands are L
    }
}
