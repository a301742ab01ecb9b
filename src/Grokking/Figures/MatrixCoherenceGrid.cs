using Grokking.Experiments;
using Grokking.Runs;
using static Grokking.Figures.MatrixGridFigure;

namespace Grokking.Figures;

/// <summary>
/// The data-selection grid of Figures 8 and 23 (spec B.11): completion, 10 x 10, rank 2, N = 70, the first
/// int(tau N) observed entries by decreasing local coherence mu_i + nu_j and the rest uniform, alpha = 1.0 (code;
/// paper text 0.1), beta* = 1e-5, init 1e-6 I, 1e7 steps; t1 and t2 by the stable-plateau rule. Plus a sample-size
/// sweep (N x tau) to measure the number of observations needed to recover, which the figure states but does
/// not plot. Quick: fewer tau and N, shorter horizons.
/// </summary>
internal static class MatrixCoherenceGrid
{
    public static double[] Taus(bool quick) => quick ? [0, 0.2, 0.4, 0.6, 0.8, 1.0] : [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];
    public static long Horizon(bool quick) => quick ? 1_000_000 : 10_000_000;
    public static long[] SampleSizes(bool quick) => quick ? [30, 40, 50, 60, 70] : [20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70];
    public static double[] SampleTaus(bool quick) => quick ? [0, 1.0] : [0, 0.5, 1.0];
    public static long SampleHorizon(bool quick) => quick ? 300_000 : 2_000_000;
    /// <summary>A run has recovered A* when its final relative recovery error is at most this.</summary>
    public const double Recovered = 1e-3;

    private static RunSpec Make(double tau, long N, long steps, bool spectrum) =>
        Spec(("tau", tau), ("N", N), ("alpha", 1.0), ("beta-star", 1e-5), ("steps", steps),
            ("t1-rule", "plateau"), ("t2-rule", "plateau"), ("spectrum", spectrum));

    public static List<RunSpec> TauSpecs(bool quick) => [.. Taus(quick).Select(t => Make(t, 70, Horizon(quick), false))];

    public static List<RunSpec> SampleSpecs(bool quick) =>
        [.. from t in SampleTaus(quick) from n in SampleSizes(quick) select Make(t, n, SampleHorizon(quick), false)];

    /// <summary>The grid's parameters, as CSV columns and in the list of diverged runs.</summary>
    public static readonly string[] Columns = ["tau", "N"];

    /// <summary>The smallest N of the sweep from which every larger N recovers (null if even the largest fails).</summary>
    public static long? SamplesNeeded(IEnumerable<RunResult> runs)
    {
        long? needed = null;
        foreach (var r in runs.OrderByDescending(r => r.Spec.Int("N")))
        {
            if (r.Summary.Final["recovery_error"] > Recovered) break;
            needed = r.Spec.Int("N");
        }
        return needed;
    }

    public static double ValueAt(RunResult r, string metric, long? step)
    {
        var (steps, values) = r.Record.Series(metric);
        int k = step is long s ? Array.IndexOf(steps, s) : -1;
        return k >= 0 ? values[k] : values[^1];
    }
}
