using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grokking.Training;

namespace Grokking.Cli;

/// <summary>
/// One status line on the terminal, rewritten in place at most ~8 times a second: step, headline metrics,
/// t1/t2 once crossed, steps/s and ETA. Silent when stderr is not a terminal (CI logs, pipes) or when asked.
/// </summary>
internal sealed class LiveProgress : IDisposable
{
    private readonly string _label;
    private readonly bool _enabled;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private readonly StringBuilder _sb = new(256);
    private int _lastWidth;

    private LiveProgress(bool enabled, string label) => (_enabled, _label) = (enabled, label);

    public static LiveProgress Create(bool wanted, string label) =>
        new(wanted && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null, label);

    public void Report(TrainingProgress p) => Report(p, null);

    /// <summary>Draws <paramref name="p"/>, with <paramref name="context"/> (e.g. "run 3 of 36  all 8%  ETA ...")
    /// after the label; <paramref name="context"/> is asked for only when the line is drawn.</summary>
    public void Report(TrainingProgress p, Func<string?>? context)
    {
        if (!_enabled) return;
        bool last = p.Step >= p.TotalSteps;
        if (!last && _sinceDraw.ElapsedMilliseconds < 125 && p.Step > 0) return;
        _sinceDraw.Restart();
        _sb.Clear();
        _sb.Append(_label);
        if (context?.Invoke() is { } where) _sb.Append("  ").Append(where).Append("  |");
        _sb.Append("  step ").Append(p.Step.ToString("N0", CultureInfo.InvariantCulture))
           .Append('/').Append(p.TotalSteps.ToString("N0", CultureInfo.InvariantCulture));
        for (int i = 0; i < p.Names.Count; i++)
            _sb.Append("  ").Append(p.Names[i]).Append(' ').Append(p.Values[i].ToString("0.00e+00", CultureInfo.InvariantCulture));
        for (int k = 0; k < p.Thresholds.Count; k++)
            if (p.Marks[k] >= 0) _sb.Append("  ").Append(p.Thresholds[k].Label).Append('=').Append(p.Marks[k].ToString("N0", CultureInfo.InvariantCulture));
        if (p.ElapsedSeconds > 0 && p.Step > 0)
        {
            double rate = p.Step / p.ElapsedSeconds;
            _sb.Append("  ").Append(FormatRate(rate)).Append(" steps/s  ETA ")
               .Append(TimeSpan.FromSeconds((p.TotalSteps - p.Step) / rate).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture));
        }
        int width = _sb.Length;
        if (width < _lastWidth) _sb.Append(' ', _lastWidth - width);
        _lastWidth = width;
        Console.Error.Write("\r" + _sb);
    }

    public void Complete()
    {
        if (_enabled && _lastWidth > 0) Console.Error.WriteLine();
        _lastWidth = 0;
    }

    public void Dispose() => Complete();

    private static string FormatRate(double r) => r >= 1e6
        ? (r / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M"
        : r >= 1e3 ? (r / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k" : r.ToString("0", CultureInfo.InvariantCulture);
}
