using System.Globalization;
using Grokking.Figures;
using Grokking.Sweeps;
using Grokking.Training;

namespace Grokking.Cli;

/// <summary>
/// The overall position of a multi-run figure, for the live line: "run k of N", the fraction of all runs done and
/// an ETA for the whole figure (the run-level numbers alone jump back to step 0 at every new run). Reused runs
/// count as done and are left out of the rate. Runs stepped as one batch report under their first run: the
/// others in flight are taken to be as far along as the runs that report.
/// </summary>
internal sealed class FigureRunProgress : IFigureRunObserver
{
    private readonly object _gate = new();
    private readonly Dictionary<string, double> _inFlight = new(StringComparer.Ordinal);
    private int _planned, _started, _finished, _reused;
    private double? _firstStartSeconds;
    private readonly Func<double> _clock;

    public FigureRunProgress(Func<double> clock) => _clock = clock;

    public void Planned(int runs) { lock (_gate) _planned = runs; }

    public void OnEvent(RunEvent e)
    {
        lock (_gate)
        {
            switch (e.Kind)
            {
                case RunEventKind.Skipped: _finished++; _reused++; break;
                case RunEventKind.Started:
                    _started++;
                    _inFlight[e.Spec.Id] = 0;
                    _firstStartSeconds ??= _clock();
                    break;
                case RunEventKind.Done or RunEventKind.Failed:
                    if (_inFlight.Remove(e.Spec.Id)) _finished++;
                    break;
            }
        }
    }

    /// <summary>"run k of N  all 37%  ETA 0:01:05" for a progress report of run <paramref name="runId"/>; null for a
    /// figure of one run (the run's own line says it all).</summary>
    public string? Describe(string runId, TrainingProgress p)
    {
        lock (_gate)
        {
            if (_planned <= 1) return null;
            double fraction = p.TotalSteps > 0 ? Math.Clamp((double)p.Step / p.TotalSteps, 0, 1) : 0;
            if (_inFlight.ContainsKey(runId)) _inFlight[runId] = fraction;
            double reported = 0;
            int reporting = 0;
            foreach (var f in _inFlight.Values) if (f > 0) { reported += f; reporting++; }
            double silent = (_inFlight.Count - reporting) * (reporting > 0 ? reported / reporting : 0);
            double done = Math.Min(1, (_finished + reported + silent) / _planned);
            int k = Math.Clamp(_finished + 1, 1, _planned);
            string line = _inFlight.Count > 1
                ? $"runs {k}-{Math.Min(_planned, _finished + _inFlight.Count)} of {_planned}"
                : $"run {k} of {_planned}";
            line += $"  all {(done * 100).ToString("0", CultureInfo.InvariantCulture)}%";
            // the rate counts only the runs computed here, from the first start on
            double computed = done - (double)_reused / _planned;
            if (_firstStartSeconds is double t0 && computed > 0)
            {
                double elapsed = _clock() - t0;
                double eta = elapsed * (1 - done) / computed;
                line += "  ETA " + TimeSpan.FromSeconds(Math.Min(eta, 359_999)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
            }
            return line;
        }
    }
}
