using System.Globalization;

namespace Grokking.Reports;

/// <summary>A tick: value, label (markup; empty for an unlabelled tick) and whether it is major.</summary>
public readonly record struct Tick(double Value, string Label, bool Major);

/// <summary>
/// "Nice" tick generation. Linear axes step by 1, 2 or 5 × 10^k; log axes tick every decade
/// (labels thinned to a stride when decades are many) with minor ticks at 2..9 × 10^k.
/// </summary>
public static class Ticks
{
    private const string Minus = "−"; // U+2212: typographic minus, same width as '+'

    /// <summary>
    /// The smallest 1-2-5 step that cuts span into at most <paramref name="targetCount"/> intervals, so an
    /// axis gets at most targetCount + 1 ticks (fewer when the range does not start on a multiple).
    /// </summary>
    public static double NiceStep(double span, int targetCount)
    {
        if (!(span > 0) || !double.IsFinite(span)) return 1;
        double raw = span / Math.Max(1, targetCount);
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double norm = raw / mag;
        // Tolerance so that 0.2000000001 (from floating point) still picks 2, not 5.
        double nice = norm <= 1 + 1e-9 ? 1 : norm <= 2 + 1e-9 ? 2 : norm <= 5 + 1e-9 ? 5 : 10;
        return nice * mag;
    }

    /// <summary>Major ticks over [min, max] at multiples of a 1-2-5 step, labelled with just enough decimals.</summary>
    public static IReadOnlyList<Tick> Linear(double min, double max, int targetCount = 6)
    {
        if (!(max > min)) return [];
        double step = NiceStep(max - min, targetCount);
        return LinearWithStep(min, max, step);
    }

    internal static IReadOnlyList<Tick> LinearWithStep(double min, double max, double step)
    {
        var values = new List<double>();
        long k0 = (long)Math.Ceiling(min / step - 1e-9), k1 = (long)Math.Floor(max / step + 1e-9);
        if (k1 - k0 > 10_000) return []; // degenerate request; never draw a wall of ticks
        for (long k = k0; k <= k1; k++) values.Add(k * step); // k * step, not accumulation: no drift
        var labels = LinearLabels(values, step);
        return values.Select((v, i) => new Tick(v, labels[i], true)).ToList();
    }

    /// <summary>
    /// Labels with the decimals the step needs (0.2 → "0.2", 5 → "5"); huge or tiny magnitudes switch to
    /// compact e-notation ("2.5e-4") because long strings of zeros are unreadable on a tick.
    /// </summary>
    internal static string[] LinearLabels(IReadOnlyList<double> values, double step)
    {
        double maxAbs = values.Count == 0 ? 0 : values.Max(Math.Abs);
        bool sci = maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3);
        int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9));
        var labels = new string[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            double v = Math.Abs(values[i]) < step * 1e-6 ? 0 : values[i];
            labels[i] = sci ? ENotation(v, step) : Signed(v.ToString("F" + decimals, CultureInfo.InvariantCulture));
        }
        return labels;
    }

    /// <summary>
    /// Log10 ticks over [min, max] (both &gt; 0). Every decade gets a major tick; labels go on decades
    /// whose exponent is a multiple of a stride chosen so at most <paramref name="maxLabels"/> appear.
    /// Minor ticks (2..9 × 10^k) are included when <paramref name="minor"/>. If the range holds fewer than
    /// two decades, mantissas are labelled instead so short ranges still read: all of them if at most
    /// <paramref name="maxLabels"/>, else 1, 2 and 5 (or all, if that leaves fewer than two).
    /// </summary>
    public static IReadOnlyList<Tick> Log(
        double min, double max, int maxLabels = 8, bool minor = true, LogLabelStyle style = LogLabelStyle.Power)
    {
        if (!(min > 0) || !(max > min) || !double.IsFinite(max)) return [];
        double lo = Math.Log10(min), hi = Math.Log10(max);
        int k0 = (int)Math.Ceiling(lo - 1e-9), k1 = (int)Math.Floor(hi + 1e-9);
        int decades = k1 - k0 + 1;
        var ticks = new List<Tick>();
        if (decades >= 2)
        {
            int stride = Math.Max(1, (int)Math.Ceiling(decades / (double)Math.Max(1, maxLabels)));
            for (int k = (int)Math.Floor(lo) ; k <= k1; k++)
            {
                double dec = Math.Pow(10, k);
                if (k >= k0) ticks.Add(new Tick(dec, Mod(k, stride) == 0 ? DecadeLabel(k, style) : "", Mod(k, stride) == 0));
                if (!minor || stride > 1) continue; // minor ticks only make sense when every decade is shown
                for (int m = 2; m <= 9; m++)
                {
                    double v = m * dec;
                    if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) ticks.Add(new Tick(v, "", false));
                }
            }
            ticks.Sort((a, b) => a.Value.CompareTo(b.Value));
            return ticks;
        }
        // Less than two decades: label mantissas. Try 1, 2, 5 first; if that yields < 2 labels, label all.
        var candidates = new List<(double v, int m, int k)>();
        for (int k = (int)Math.Floor(lo); k <= (int)Math.Floor(hi); k++)
            for (int m = 1; m <= 9; m++)
            {
                double v = m * Math.Pow(10, k);
                if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) candidates.Add((v, m, k));
            }
        bool all = candidates.Count <= maxLabels || candidates.Count(c => c.m is 1 or 2 or 5) < 2;
        foreach (var (v, m, k) in candidates)
        {
            bool labelled = all || m is 1 or 2 or 5;
            ticks.Add(new Tick(v, labelled ? MantissaLabel(m, k, style) : "", labelled));
        }
        return ticks;
    }

    /// <summary>"$10^{k}$" (rendered with a superscript) or "1e-3".</summary>
    public static string DecadeLabel(int k, LogLabelStyle style = LogLabelStyle.Power) => style == LogLabelStyle.Power
        ? "$10^{" + Signed(k.ToString(CultureInfo.InvariantCulture)) + "}$"
        : "1e" + k.ToString(CultureInfo.InvariantCulture);

    private static string MantissaLabel(int m, int k, LogLabelStyle style)
    {
        if (k is >= -3 and <= 4)
        {
            double v = m * Math.Pow(10, k);
            return v.ToString(k < 0 ? "F" + (-k) : "F0", CultureInfo.InvariantCulture);
        }
        string mant = m.ToString(CultureInfo.InvariantCulture);
        return style == LogLabelStyle.Power
            ? "$" + mant + "×10^{" + Signed(k.ToString(CultureInfo.InvariantCulture)) + "}$"
            : mant + "e" + k.ToString(CultureInfo.InvariantCulture);
    }

    private static string ENotation(double v, double step)
    {
        if (v == 0) return "0";
        int e = (int)Math.Floor(Math.Log10(Math.Abs(v)) + 1e-9);
        double mant = v / Math.Pow(10, e);
        // Enough mantissa digits to tell neighbouring ticks apart.
        int digits = Math.Clamp(e - (int)Math.Floor(Math.Log10(step) + 1e-9), 0, 4);
        string ms = mant.ToString("F" + digits, CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return Signed(ms) + "e" + e.ToString(CultureInfo.InvariantCulture);
    }

    private static string Signed(string s) => s.StartsWith('-') ? (s.TrimStart('-').All(c => c is '0' or '.') ? s[1..] : Minus + s[1..]) : s;

    private static int Mod(int a, int m) => ((a % m) + m) % m;
}
