using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>Charts over many matrix runs (Figs 23, 29).</summary>
public static class MatrixGridPlots
{
    /// <summary>
    /// Errors of many runs on one panel, coloured by a parameter on a (log or linear) colour scale, with a marker
    /// at each run's t2 (Figs 29, 23) and an × where a diverged run's curve ends.
    /// </summary>
    public static void ErrorsByParameter(Panel p, IReadOnlyList<RunResult> runs, Func<RunSpec, double> parameter,
        ColorScale scale, string metric, bool logX, bool markT2 = true)
    {
        p.X = logX ? Axis.Log("t + 1") : Axis.Linear("t");
        p.Y = Axis.Log(metric == MatrixRecorder.TrainError ? "train error" : "recovery error");
        var marks = new DivergenceMarks(p);
        foreach (var run in runs)
        {
            var (steps, values) = run.Record.Series(metric);
            var x = steps.Select(t => logX ? t + 1.0 : t).ToArray();
            string color = scale.ColorOf(parameter(run.Spec));
            marks.Add(run, color, p.Line(x, values, color: color, width: 1.1));
            if (markT2 && !run.Diverged && run.Summary.T2 is long t2)
            {
                int k = Array.IndexOf(steps, t2);
                if (k >= 0) p.Scatter([logX ? t2 + 1.0 : t2], [values[k]], color: color, marker: Marker.Circle, size: 7);
            }
        }
        marks.Draw();
    }
}
