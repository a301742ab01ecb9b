namespace Grokking.Reports;

/// <summary>
/// Affine map from an axis's data space (log10 of the value on a log axis) to pixels.
/// Values the axis cannot show (NaN, ±Inf, ≤ 0 on log) map to NaN, which callers treat as a line break.
/// </summary>
public readonly struct AxisMap
{
    private readonly double _t0, _scale, _p0;

    /// <summary>Maps [lo, hi] onto pixels [p0, p1] (p1 &lt; p0 for a y axis, whose pixels grow downwards).</summary>
    public AxisMap(double lo, double hi, double p0, double p1, bool log)
    {
        IsLog = log;
        Lo = lo;
        Hi = hi;
        _t0 = log ? Math.Log10(lo) : lo;
        double t1 = log ? Math.Log10(hi) : hi;
        _scale = t1 == _t0 ? 0 : (p1 - p0) / (t1 - _t0);
        _p0 = p0;
        P0 = p0;
        P1 = p1;
    }

    public bool IsLog { get; }
    public double Lo { get; }
    public double Hi { get; }
    public double P0 { get; }
    public double P1 { get; }

    public bool CanShow(double v) => double.IsFinite(v) && (!IsLog || v > 0);

    public double ToPixel(double v)
    {
        if (!double.IsFinite(v)) return double.NaN;
        if (IsLog)
        {
            if (v <= 0) return double.NaN;
            v = Math.Log10(v);
        }
        return _p0 + (v - _t0) * _scale;
    }

    /// <summary>Inverse of <see cref="ToPixel"/>.</summary>
    public double FromPixel(double p)
    {
        double t = _scale == 0 ? _t0 : _t0 + (p - _p0) / _scale;
        return IsLog ? Math.Pow(10, t) : t;
    }

    /// <summary>True if v lies within [Lo, Hi] (with a hair of tolerance for rounding).</summary>
    public bool InRange(double v)
    {
        double tol = (IsLog ? 1e-9 * v : 1e-9 * (Hi - Lo));
        return v >= Lo - Math.Abs(tol) && v <= Hi + Math.Abs(tol);
    }
}

/// <summary>Running min/max of the values an axis can show.</summary>
internal struct Extent
{
    public double Min;
    public double Max;

    public static Extent Empty => new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

    public readonly bool IsEmpty => Min > Max;

    public void Add(double v, bool log)
    {
        if (!double.IsFinite(v) || (log && v <= 0)) return;
        if (v < Min) Min = v;
        if (v > Max) Max = v;
    }

    public void Add(Extent e)
    {
        if (e.IsEmpty) return;
        Min = Math.Min(Min, e.Min);
        Max = Math.Max(Max, e.Max);
    }
}

/// <summary>Turns an axis's settings plus data extents into the displayed [lo, hi].</summary>
internal static class AxisRange
{
    /// <param name="padded">Extent of data that should get the axis margin (lines, markers).</param>
    /// <param name="tight">Extent that should sit exactly on the frame (heat map cells).</param>
    public static (double Lo, double Hi) Resolve(Axis axis, Extent padded, Extent tight)
    {
        bool log = axis.IsLog;
        var all = padded;
        all.Add(tight);
        double lo, hi;
        if (all.IsEmpty)
        {
            (lo, hi) = log ? (1.0, 10.0) : (0.0, 1.0);
        }
        else
        {
            double tlo = T(all.Min, log), thi = T(all.Max, log);
            if (thi - tlo < 1e-12 * Math.Max(1, Math.Abs(thi)))
            {
                // A single value: give it a unit-ish neighbourhood so it is not on the frame.
                double half = log ? 0.5 : (all.Min == 0 ? 1 : 0.1 * Math.Abs(all.Min));
                tlo -= half;
                thi += half;
            }
            else if (!padded.IsEmpty && axis.Margin > 0)
            {
                double m = axis.Margin * (thi - tlo);
                // Pad only the sides the padded data defines (a heat map edge stays flush).
                if (T(padded.Min, log) <= tlo + 1e-12) tlo -= m;
                if (T(padded.Max, log) >= thi - 1e-12) thi += m;
            }
            (lo, hi) = (U(tlo, log), U(thi, log));
        }
        if (axis.Min is double fmin && (!log || fmin > 0)) lo = fmin;
        if (axis.Max is double fmax && (!log || fmax > 0)) hi = fmax;
        if (!(hi > lo))
        {
            // Fixed limits that contradict the data (or each other): widen around what we have.
            if (axis.Min is not null && axis.Max is null) hi = log ? lo * 10 : lo + 1;
            else if (axis.Max is not null && axis.Min is null) lo = log ? hi / 10 : hi - 1;
            else (lo, hi) = log ? (Math.Min(lo, hi) / 10, Math.Max(lo, hi)) : (Math.Min(lo, hi) - 1, Math.Max(lo, hi));
            if (!(hi > lo)) (lo, hi) = log ? (1.0, 10.0) : (0.0, 1.0);
        }
        return (lo, hi);
    }

    private static double T(double v, bool log) => log ? Math.Log10(v) : v;

    private static double U(double t, bool log) => log ? Math.Pow(10, t) : t;
}
