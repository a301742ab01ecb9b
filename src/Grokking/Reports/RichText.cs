using System.Text;

namespace Grokking.Reports;

internal enum RunKind
{
    Normal,
    Super,
    Sub,
}

internal readonly record struct TextRun(string Text, RunKind Kind);

/// <summary>
/// The small subset of matplotlib mathtext that axis labels need: inside <c>$...$</c>,
/// <c>_x</c> / <c>_{xy}</c> make subscripts and <c>^x</c> / <c>^{xy}</c> superscripts. Outside dollars
/// everything is literal, so names like "train_error" are safe. An unmatched '$' is literal.
/// </summary>
internal static class RichText
{
    /// <summary>Script glyphs are drawn at this fraction of the base size.</summary>
    public const double ScriptScale = 0.72;

    public static List<TextRun> Parse(string s)
    {
        var runs = new List<TextRun>();
        if (string.IsNullOrEmpty(s)) return runs;
        var normal = new StringBuilder();
        int i = 0;
        while (i < s.Length)
        {
            int close = s[i] == '$' ? s.IndexOf('$', i + 1) : -1;
            if (close < 0)
            {
                normal.Append(s[i++]);
                continue;
            }
            // Math segment s[i+1 .. close-1].
            for (int j = i + 1; j < close;)
            {
                char c = s[j];
                if ((c == '_' || c == '^') && j + 1 < close)
                {
                    string script;
                    if (s[j + 1] == '{')
                    {
                        int end = s.IndexOf('}', j + 2);
                        if (end < 0 || end > close) end = close;
                        script = s[(j + 2)..end];
                        j = Math.Min(end + 1, close);
                    }
                    else
                    {
                        // A single "character" may be a surrogate pair.
                        int len = char.IsHighSurrogate(s[j + 1]) && j + 2 < close ? 2 : 1;
                        script = s.Substring(j + 1, len);
                        j += 1 + len;
                    }
                    Flush(runs, normal);
                    runs.Add(new TextRun(script, c == '^' ? RunKind.Super : RunKind.Sub));
                }
                else
                {
                    normal.Append(c);
                    j++;
                }
            }
            i = close + 1;
        }
        Flush(runs, normal);
        return runs;
    }

    /// <summary>Plain text with markup removed (for titles and tests).</summary>
    public static string Plain(string s) => string.Concat(Parse(s).Select(r => r.Text));

    private static void Flush(List<TextRun> runs, StringBuilder sb)
    {
        if (sb.Length == 0) return;
        runs.Add(new TextRun(sb.ToString(), RunKind.Normal));
        sb.Clear();
    }
}

/// <summary>
/// Text extents without a font engine: per-glyph advance widths of DejaVu Sans (the first font
/// we ask for), in em. Good to a few percent, which is what layout needs (margins, legend boxes, tick
/// thinning); Arial and other fallbacks are narrower, so estimates err on the roomy side.
/// </summary>
internal static class TextMetrics
{
    public static double Width(string markup, double fontSize) => Width(RichText.Parse(markup), fontSize);

    public static double Width(List<TextRun> runs, double fontSize)
    {
        double w = 0;
        foreach (var run in runs)
            w += RunWidth(run.Text) * (run.Kind == RunKind.Normal ? 1 : RichText.ScriptScale);
        return w * fontSize;
    }

    /// <summary>Height from the top of the tallest glyph (including raised superscripts) to the baseline.</summary>
    public static double Ascent(string markup, double fontSize)
    {
        bool sup = RichText.Parse(markup).Any(r => r.Kind == RunKind.Super);
        return fontSize * (sup ? 0.76 + SuperShift - 0.05 : 0.76);
    }

    /// <summary>DejaVu Sans Bold against Book advance widths (digits 0.696 against 0.636 em, letters alike).</summary>
    public const double BoldScale = 1.1;

    /// <summary>Superscript baseline rise, in em of the base font.</summary>
    public const double SuperShift = 0.36;

    /// <summary>Subscript baseline drop, in em of the base font.</summary>
    public const double SubShift = 0.18;

    private static double RunWidth(string s)
    {
        double w = 0;
        foreach (char c in s) w += Glyph(c);
        return w;
    }

    private static double Glyph(char c) => c switch
    {
        >= '0' and <= '9' => 0.636,
        ' ' or '.' or ',' or ':' or ';' or '!' or '\'' => 0.318,
        'i' or 'j' or 'l' => 0.278,
        'I' or '|' => 0.3,
        'f' or 't' => 0.38,
        'r' => 0.411,
        '(' or ')' or '[' or ']' or '{' or '}' => 0.39,
        '-' => 0.361,
        '/' or '\\' => 0.337,
        'm' => 0.974,
        'w' => 0.818,
        'M' => 0.863,
        'W' => 0.989,
        '‖' => 0.5,
        '−' or '+' or '×' or '=' or '<' or '>' or '·' => 0.838,
        >= 'a' and <= 'z' => 0.6,
        >= 'A' and <= 'Z' => 0.72,
        >= 'α' and <= 'ω' => 0.62,
        >= 'Α' and <= 'Ω' => 0.72,
        _ => 0.65,
    };
}
