using System.Globalization;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The diverged curves of one panel. Each is drawn in full up to its last finite record and, once the panel is
/// complete (<see cref="Draw"/>), marked with an × at its end and "diverged at step N". A run often blows up
/// (1e80 and more) before its parameters stop being finite: then the panel keeps the range of the other curves,
/// so that they stay readable, and the × sits where the diverged curve leaves it.
/// </summary>
internal sealed class DivergenceMarks(Panel panel)
{
    private readonly List<(Series[] Curves, long Step, string Color)> _runs = [];

    /// <summary>Remembers the curves of <paramref name="run"/> (as returned by <see cref="Panel.Line"/>) if it
    /// diverged; the first one gets the mark.</summary>
    public void Add(RunResult run, string color, params Series[] curves)
    {
        if (run.DivergedAtStep is long step) _runs.Add((curves, step, color));
    }

    /// <summary>Call after every curve of the panel is drawn, its axes set.</summary>
    public void Draw()
    {
        if (_runs.Count == 0) return;
        var diverged = _runs.SelectMany(r => r.Curves).Where(s => !s.RightAxis).ToArray();
        var others = panel.Series.Where(s => !s.RightAxis && !diverged.Contains(s)).ToArray();
        var (xLo, xHi) = KeepOthersRange(panel.X, others.Select(s => s.X), diverged.Select(s => s.X));
        var (yLo, yHi) = KeepOthersRange(panel.Y, others.Select(s => s.Y), diverged.Select(s => s.Y));
        int corner = 0;
        foreach (var (curves, step, color) in _runs)
        {
            var curve = curves[0];
            string note = "diverged at step " + step.ToString("N0", CultureInfo.InvariantCulture);
            int k = curve.X.Length - 1;
            while (k >= 0 && !(Inside(curve.X[k], panel.X, xLo, xHi) && Inside(curve.Y[k], panel.Y, yLo, yHi))) k--;
            if (k >= 0)
            {
                panel.Scatter([curve.X[k]], [curve.Y[k]], color: color, marker: Marker.Cross, size: 10);
                panel.Text(curve.X[k], curve.Y[k], "  " + note, color: color);
            }
            else // nothing drawable (it diverged at its first step): a note in the corner, one under the other
                panel.Text(0.02, 0.95 - 0.06 * corner++, note, color: color, axesFraction: true);
        }
    }

    /// <summary>
    /// When a diverged curve goes far beyond the other curves on this axis (beyond 100 times their range on a log
    /// axis, beyond their span on a linear one), sets the axis limits to the others' range widened to the diverged
    /// values that stay near it, and returns them; otherwise leaves the axis alone and returns (-inf, inf).
    /// </summary>
    private static (double Lo, double Hi) KeepOthersRange(Axis axis, IEnumerable<double[]> others, IEnumerable<double[]> diverged)
    {
        var none = (double.NegativeInfinity, double.PositiveInfinity);
        if (axis.Min is not null || axis.Max is not null) return none;
        var values = others.SelectMany(v => v).Where(v => Drawable(v, axis)).ToArray();
        var wild = diverged.SelectMany(v => v).Where(v => Drawable(v, axis)).ToArray();
        if (values.Length == 0 || wild.Length == 0) return none;
        double lo = values.Min(), hi = values.Max();
        double span = hi > lo ? hi - lo : Math.Max(Math.Abs(hi), 1);
        var (nearLo, nearHi) = axis.IsLog ? (lo / 100, hi * 100) : (lo - span, hi + span);
        if (wild.All(v => v >= nearLo && v <= nearHi)) return none;
        var near = wild.Where(v => v >= nearLo && v <= nearHi).ToArray();
        if (near.Length > 0) (lo, hi) = (Math.Min(lo, near.Min()), Math.Max(hi, near.Max()));
        span = hi > lo ? hi - lo : span;
        (axis.Min, axis.Max) = axis.IsLog ? (lo / 1.5, hi * 1.5) : (lo - 0.05 * span, hi + 0.05 * span);
        return (axis.Min.Value, axis.Max.Value);
    }

    private static bool Inside(double v, Axis axis, double lo, double hi) => Drawable(v, axis) && v >= lo && v <= hi;

    private static bool Drawable(double v, Axis axis) => double.IsFinite(v) && (!axis.IsLog || v > 0);
}
