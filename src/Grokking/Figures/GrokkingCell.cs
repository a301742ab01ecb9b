using System.Globalization;
using Grokking.Experiments;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// One (penalty, alpha, beta) cell of a seeded grid over its seeds: the t1 and t2 of each seed (the figure's rule:
/// modular addition's accuracy >= 0.99, the teacher-student's arg-min of the test MSE, ...; null where the run never
/// got there in its horizon). A seed that never groks counts as
/// "later than any step" in the median, so the cell's median t2 is a step when more than half of its seeds grok
/// and null (the cell never groks) otherwise: such cells are left out of the orderings and named.
/// </summary>
public sealed record GrokkingCell(string Penalty, double Alpha, double Beta, IReadOnlyList<long?> T1, IReadOnlyList<long?> T2)
{
    public int Seeds => T2.Count;
    public int Grokked => T2.Count(t => t is not null);
    public double? MedianT1 => Median(T1);
    public double? MedianT2 => Median(T2);

    /// <summary>"a .. b" over the seeds ("not reached" for a seed that never got there); the one value for one seed.</summary>
    public string RangeT1 => Range(T1);
    public string RangeT2 => Range(T2);

    public string Name => $"{Penalty}, α = {Num(Alpha)}, β = {Num(Beta)}";

    /// <summary>The cells of a set of runs, in grid order (penalty, alpha, beta), seeds grouped: the penalty and the
    /// learning rate alpha are the spec's "penalty" and "lr", t1 / t2 the summary's unless <paramref name="times"/> says.</summary>
    /// <param name="seedOf">The repetition index of a run.</param>
    /// <param name="penalties">The grid's penalties, in their order.</param>
    public static IReadOnlyList<GrokkingCell> Of(IEnumerable<RunResult> runs, Func<RunSpec, int> seedOf, IReadOnlyList<string> penalties,
        Func<RunResult, (long? T1, long? T2)>? times = null, Func<RunSpec, string>? penaltyOf = null)
    {
        var timesOf = times ?? (r => (r.Summary.T1, r.Summary.T2));
        var penalty = penaltyOf ?? (s => s.Text("penalty"));
        return [.. runs.GroupBy(r => (Penalty: penalty(r.Spec), Alpha: r.Spec.Real("lr"), Beta: r.Spec.Real("beta")))
            .Select(g =>
            {
                var bySeed = g.DistinctBy(r => r.Spec.Id).OrderBy(r => seedOf(r.Spec)).Select(timesOf).ToArray();
                return new GrokkingCell(g.Key.Penalty, g.Key.Alpha, g.Key.Beta, [.. bySeed.Select(t => t.T1)], [.. bySeed.Select(t => t.T2)]);
            })
            .OrderBy(c => IndexOf(penalties, c.Penalty)).ThenBy(c => c.Alpha).ThenBy(c => c.Beta)];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }

    /// <summary>The median with "never" above every step: null unless more than half of the values are steps.</summary>
    public static double? Median(IReadOnlyList<long?> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Select(v => v is long x ? (double)x : double.PositiveInfinity).Order().ToArray();
        int n = sorted.Length;
        double m = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return double.IsFinite(m) ? m : null;
    }

    private static string Range(IReadOnlyList<long?> values)
    {
        if (values.Count == 1 || values.All(v => v is null)) return Step(values[0]);
        long? min = values.Min(), max = values.Any(v => v is null) ? null : values.Max();
        return $"{Step(min)} .. {Step(max)}";
    }

    public static string Step(double? v) => v is double x ? x.ToString("N0", CultureInfo.InvariantCulture) : "not reached";

    public static string Step(long? v) => Step(v is long x ? (double?)x : null);

    /// <summary>A grid value as the paper writes it (1e-05 -> "1e-5", 0.01 -> "0.01").</summary>
    public static string Num(double v)
    {
        if (v >= 1e-3) return v.ToString("0.####", CultureInfo.InvariantCulture);
        string s = v.ToString("0.#e-0", CultureInfo.InvariantCulture);
        return s;
    }
}
