namespace Grokking.Reports;

/// <summary>An axis resolved for drawing: its range, its ticks for a given length, and label extents.</summary>
internal sealed class AxisLayout
{
    public AxisLayout(Axis axis, double lo, double hi, string color)
    {
        Axis = axis;
        Lo = lo;
        Hi = hi;
        Color = color;
    }

    public Axis Axis { get; }
    public double Lo { get; }
    public double Hi { get; }
    public string Color { get; }
    public IReadOnlyList<Tick> Ticks { get; private set; } = [];
    public double MaxLabelWidth { get; private set; }
    public double MaxLabelAscent { get; private set; }
    public double LastLabelWidth { get; private set; }
    public double FirstLabelWidth { get; private set; }

    /// <summary>
    /// Chooses ticks for an axis <paramref name="length"/> px long. Starts dense and thins until
    /// neighbouring labels no longer collide (horizontal axes compare widths, vertical ones heights).
    /// </summary>
    public void ComputeTicks(double length, bool horizontal, double fontSize)
    {
        Ticks = Choose(Axis, Lo, Hi, length, horizontal, fontSize);
        var labelled = Ticks.Where(t => t.Label.Length > 0).ToList();
        MaxLabelWidth = labelled.Count == 0 ? 0 : labelled.Max(t => TextMetrics.Width(t.Label, fontSize));
        MaxLabelAscent = labelled.Count == 0 ? fontSize * 0.76 : labelled.Max(t => TextMetrics.Ascent(t.Label, fontSize));
        FirstLabelWidth = labelled.Count == 0 ? 0 : TextMetrics.Width(labelled[0].Label, fontSize);
        LastLabelWidth = labelled.Count == 0 ? 0 : TextMetrics.Width(labelled[^1].Label, fontSize);
    }

    public AxisMap Map(double p0, double p1) => new(Lo, Hi, p0, p1, Axis.IsLog);

    internal static IReadOnlyList<Tick> Choose(Axis axis, double lo, double hi, double length, bool horizontal, double fs)
    {
        var map = new AxisMap(lo, hi, 0, Math.Max(1, length), axis.IsLog);
        if (axis.TickValues is { } fixedTicks)
        {
            var vals = fixedTicks.Where(v => map.CanShow(v) && map.InRange(v)).OrderBy(v => v).ToList();
            string[] labels = axis.IsLog
                ? vals.Select(v => IsDecade(v, out int k) ? Reports.Ticks.DecadeLabel(k, axis.LogLabels) : Reports.Ticks.LinearLabels([v], v)[0]).ToArray()
                : Reports.Ticks.LinearLabels(vals, vals.Count > 1 ? MinGap(vals) : Math.Max(Math.Abs(hi - lo), 1e-300));
            return vals.Select((v, i) => new Tick(v, labels[i], true)).ToList();
        }
        if (!axis.IsLog)
        {
            int target = (int)Math.Clamp(length / (horizontal ? 6 * fs : 3.2 * fs), 2, 10);
            for (; target >= 1; target--)
            {
                var t = Reports.Ticks.Linear(lo, hi, target);
                if (Fits(t, map, horizontal, fs)) return t;
            }
            return Reports.Ticks.Linear(lo, hi, 1);
        }
        double decades = Math.Log10(hi) - Math.Log10(lo);
        bool minor = length / Math.Max(decades, 1e-9) >= 2.2 * fs;
        int maxDecades = (int)Math.Floor(Math.Log10(hi)) - (int)Math.Ceiling(Math.Log10(lo)) + 1;
        // Start high enough that a sub-two-decade range may label every mantissa (2, 3, ... 9).
        for (int maxLabels = Math.Max(10, maxDecades); maxLabels >= 1; maxLabels--)
        {
            var t = Reports.Ticks.Log(lo, hi, maxLabels, minor, axis.LogLabels);
            if (Fits(t, map, horizontal, fs) || maxLabels == 1) return t;
        }
        return Reports.Ticks.Log(lo, hi, 1, minor, axis.LogLabels);
    }

    /// <summary>True when consecutive labels have at least ~one character of air between them.</summary>
    private static bool Fits(IReadOnlyList<Tick> ticks, AxisMap map, bool horizontal, double fs)
    {
        double prevPos = double.NaN, prevHalf = 0;
        foreach (var t in ticks)
        {
            if (t.Label.Length == 0) continue;
            double pos = map.ToPixel(t.Value);
            double half = horizontal ? TextMetrics.Width(t.Label, fs) / 2 : TextMetrics.Ascent(t.Label, fs) * 0.75;
            if (!double.IsNaN(prevPos) && Math.Abs(pos - prevPos) < prevHalf + half + (horizontal ? 0.8 * fs : 0.6 * fs))
                return false;
            prevPos = pos;
            prevHalf = half;
        }
        return true;
    }

    private static bool IsDecade(double v, out int k)
    {
        double l = Math.Log10(v);
        k = (int)Math.Round(l);
        return Math.Abs(l - k) < 1e-9;
    }

    private static double MinGap(List<double> v)
    {
        double g = double.PositiveInfinity;
        for (int i = 1; i < v.Count; i++) if (v[i] > v[i - 1]) g = Math.Min(g, v[i] - v[i - 1]);
        return double.IsFinite(g) ? g : 1;
    }
}
