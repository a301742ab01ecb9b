using System.Globalization;
using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Store;
using Grokking.Training;

namespace Grokking.Sweeps;

/// <summary>One run as a report shows it: where it stands and, when its directory is complete, its results.</summary>
public sealed record ReportedRun(int Index, RunSpec Spec, string State, string? Directory, RunSummary? Summary,
    MetricRecord? Record, StoredRun? Stored);

/// <summary>
/// The HTML report of a sweep or of a folder of runs: figures of t1/t2 against the swept parameter and of the
/// error curves of every run, then a table of runs (state, swept values, t1, t2, dt, wall time, full config).
/// Results come from the run directories (the artefacts); states, attempts and errors from the store.
/// </summary>
public static class SweepReport
{
    /// <summary>Runs of a sweep plan, in plan order.</summary>
    public static IReadOnlyList<ReportedRun> Collect(SweepPlan plan, string root, IRunStore? store)
    {
        var status = store is null ? null : SweepStatus.Of(plan, store);
        return plan.Runs.Select(r =>
        {
            string dir = RunGrid.RunDirectoryOf(root, r.Spec);
            var stored = status?.Runs[r.Index].Stored;
            return Load(r.Index, r.Spec, dir, status?.Runs[r.Index].State, stored);
        }).ToList();
    }

    /// <summary>Every run directory directly under <paramref name="folder"/> or under folder/runs.</summary>
    public static IReadOnlyList<ReportedRun> Collect(string folder, IRunStore? store)
    {
        var dirs = new[] { folder, Path.Combine(folder, "runs") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetDirectories(d))
            .Where(d => File.Exists(Path.Combine(d, RunDirectory.SpecFile)) && !Path.GetFileName(d).StartsWith('.'))
            .OrderBy(d => d, StringComparer.Ordinal).ToList();
        var specs = dirs.Select(d => (Dir: d, Spec: RunSpec.FromJson(File.ReadAllText(Path.Combine(d, RunDirectory.SpecFile)), ExperimentCatalog.SchemaOf))).ToList();
        var stored = store?.Get(specs.Select(s => s.Spec.Id));
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return specs.Select((s, i) =>
        {
            var row = stored?.GetValueOrDefault(s.Spec.Id);
            string? state = row is null ? null
                : row.State == RunState.Running && row.IsCrashed(now, store!.Lease) ? SweepStatus.Crashed
                : row.State.ToString().ToLowerInvariant();
            return Load(i, s.Spec, s.Dir, state, row);
        }).ToList();
    }

    private static ReportedRun Load(int index, RunSpec spec, string dir, string? state, StoredRun? stored)
    {
        if (!RunDirectory.IsComplete(dir, spec))
            return new ReportedRun(index, spec, state ?? SweepStatus.Pending, null, null, null, stored);
        var (record, summary) = RunDirectory.Load(dir);
        return new ReportedRun(index, spec, state ?? SweepStatus.Done, dir, summary, record, stored);
    }

    /// <summary>Builds the page and writes it atomically to <paramref name="htmlPath"/>.</summary>
    public static void Write(string htmlPath, string title, IReadOnlyList<ReportedRun> runs, string? storeDescription, string? sweepText)
    {
        if (runs.Count == 0) throw new SpecException($"nothing to report: no runs found for {title}");
        var varying = VaryingKeys(runs);
        var page = new HtmlPage(title);
        int done = runs.Count(r => r.Summary is not null);
        page.Paragraph($"{runs.Count} runs, {done} with results; " +
                       string.Join(", ", runs.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")) +
                       $". Store: {storeDescription ?? "none (states from the run directories)"}. Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by grok {LabInfo.Version}.", "meta");
        if (varying.Count > 0) page.Paragraph("Swept: " + string.Join(", ", varying) + ".", "meta");

        if (done > 0)
        {
            page.Heading("Grokking times");
            var (times, caption) = TimesFigure(runs, varying);
            page.Figure(times, caption);
            if (DynamicsFigure(runs, varying) is { } dyn) { page.Heading("Error curves"); page.Figure(dyn.Figure, dyn.Caption); }
        }

        page.Heading("Runs");
        string htmlDir = Path.GetDirectoryName(Path.GetFullPath(htmlPath))!;
        var header = new List<string> { "#", "run", "state" };
        header.AddRange(varying);
        header.AddRange(["t1", "t2", "dt", "wall s", "attempts", "config"]);
        page.Table(header, runs.Select(r => Row(r, varying, htmlDir)), "runs");
        if (sweepText is not null) page.Preformatted(sweepText, "sweep spec");
        RunDirectory.WriteTextAtomic(htmlPath, page.Render());
    }

    private static IReadOnlyList<HtmlCell> Row(ReportedRun r, IReadOnlyList<string> varying, string htmlDir)
    {
        var cells = new List<HtmlCell> { HtmlCell.Text(r.Index.ToString(CultureInfo.InvariantCulture), "num") };
        cells.Add(r.Directory is { } d
            ? new HtmlCell($"<a href=\"{HtmlPage.Escape(Path.GetRelativePath(htmlDir, d).Replace('\\', '/'))}/summary.json\"><code>{r.Spec.Id}</code></a>")
            : new HtmlCell($"<code>{r.Spec.Id}</code>"));
        string state = r.State + (r.Stored?.Error is { } e && r.State == SweepStatus.Failed ? ": " + e : "")
                       + (r.Summary?.DivergedAtStep is long at ? $" (diverged at step {at.ToString("N0", CultureInfo.InvariantCulture)})" : "");
        cells.Add(HtmlCell.Text(state, r.State));
        foreach (var k in varying) cells.Add(HtmlCell.Text(Parameter.Format(r.Spec.Values[k]), "num"));
        cells.Add(HtmlCell.Text(Times(r.Summary?.T1 ?? r.Stored?.T1), "num"));
        cells.Add(HtmlCell.Text(Times(r.Summary?.T2 ?? r.Stored?.T2), "num"));
        cells.Add(HtmlCell.Text(Times(r.Summary?.Dt), "num"));
        cells.Add(HtmlCell.Text(r.Summary is { } s ? s.WallSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "", "num"));
        cells.Add(HtmlCell.Text(r.Stored?.Attempts.ToString(CultureInfo.InvariantCulture) ?? "", "num"));
        cells.Add(new HtmlCell($"<details><summary>spec</summary><pre>{HtmlPage.Escape(r.Spec.CanonicalJson)}</pre></details>"));
        return cells;
    }

    private static string Times(long? t) => t is long v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    /// <summary>Parameters that take more than one value across the runs, in schema order.</summary>
    public static IReadOnlyList<string> VaryingKeys(IReadOnlyList<ReportedRun> runs) =>
        runs[0].Spec.Values.Keys
            .Where(k => runs.Select(r => r.Spec.Values.TryGetValue(k, out var v) ? Parameter.Format(v) : "").Distinct().Count() > 1)
            .OrderBy(k => k == "steps" ? 1 : 0).ToList();

    /// <summary>t1 and t2 against the first swept number; one series per value of the other swept parameters.</summary>
    private static (Figure, string) TimesFigure(IReadOnlyList<ReportedRun> runs, IReadOnlyList<string> varying)
    {
        var withResults = runs.Where(r => r.Summary is not null).ToList();
        string? xKey = varying.FirstOrDefault(k => withResults[0].Spec.Values[k] is double or long);
        double X(ReportedRun r) => xKey is null ? r.Index : Convert.ToDouble(r.Spec.Values[xKey], CultureInfo.InvariantCulture);
        var xs = withResults.Select(X).ToList();
        bool logX = xKey is not null && xs.All(x => x > 0) && xs.Max() >= 10 * xs.Min();

        var fig = new Figure(1, 1, 900, 480) { Title = "t1 (memorisation) and t2 (generalisation)" };
        var panel = fig.Panel();
        panel.X = logX ? Axis.Log(xKey!) : Axis.Linear(xKey ?? "run #");
        panel.Y = Axis.Log("steps");
        panel.Legend = LegendPosition.OutsideRight;
        var groups = withResults.GroupBy(r => string.Join(' ', varying.Where(k => k != xKey).Select(k => $"{k}={Parameter.Format(r.Spec.Values[k])}"))).ToList();
        for (int g = 0; g < groups.Count; g++)
        {
            var members = groups[g].OrderBy(X).ToList();
            string name = groups[g].Key.Length > 0 ? groups[g].Key + " " : "";
            string color = Palette.Cycle(g);
            AddTimes(panel, members, X, r => r.Summary!.T2, $"{name}t2", color, LineStyle.Solid, Marker.Circle);
            AddTimes(panel, members, X, r => r.Summary!.T1, $"{name}t1", color, LineStyle.Dashed, Marker.Square);
        }
        int missing = withResults.Count(r => r.Summary!.T2 is null);
        string caption = $"t2 (circles, solid) and t1 (squares, dashed) of each finished run against {xKey ?? "the run number"}" +
                         (groups.Count > 1 ? ", one colour per value of the other swept parameters" : "") +
                         (missing > 0 ? $"; {missing} run(s) did not reach t2 within their steps and are not drawn" : "") + ".";
        return (fig, caption);
    }

    private static void AddTimes(Panel panel, List<ReportedRun> runs, Func<ReportedRun, double> x, Func<ReportedRun, long?> t,
        string label, string color, LineStyle style, Marker marker)
    {
        var pts = runs.Where(r => t(r) is > 0).ToList();
        if (pts.Count == 0) return;
        panel.Line(pts.Select(x).ToList(), pts.Select(r => (double)t(r)!.Value).ToList(), label, color, style, 1.5, marker);
    }

    /// <summary>The error metrics of every finished run against t + 1 (log-log), one colour per run.</summary>
    private static (Figure Figure, string Caption)? DynamicsFigure(IReadOnlyList<ReportedRun> runs, IReadOnlyList<string> varying)
    {
        const int MaxRuns = 40; // beyond this the curves are an unreadable blur; the table has them all
        var shown = runs.Where(r => r.Record is not null).Take(MaxRuns).ToList();
        var metrics = shown[0].Record!.MetricNames.Where(n => n.Contains("error", StringComparison.Ordinal)).Take(2).ToList();
        if (metrics.Count == 0) return null;
        var fig = new Figure(1, 1, 900, 520) { Title = string.Join(" and ", metrics) };
        var panel = fig.Panel();
        panel.X = Axis.Log("t + 1");
        panel.Y = Axis.Log("error");
        panel.Legend = shown.Count <= 12 ? LegendPosition.OutsideRight : LegendPosition.Hidden;
        var colors = ColorMap.Viridis.Colors(Math.Max(shown.Count, 2));
        for (int i = 0; i < shown.Count; i++)
        {
            var r = shown[i];
            string label = varying.Count > 0 ? string.Join(' ', varying.Select(k => $"{k}={Parameter.Format(r.Spec.Values[k])}")) : r.Spec.Id;
            for (int m = 0; m < metrics.Count; m++)
            {
                if (!r.Record!.Has(metrics[m])) continue;
                var (steps, values) = r.Record.Series(metrics[m]);
                panel.Line(steps.Select(s => s + 1.0).ToList(), values, m == 0 ? label : null, colors[i],
                    m == 0 ? LineStyle.Solid : LineStyle.Dashed);
            }
        }
        string caption = $"{metrics[0]} (solid){(metrics.Count > 1 ? $" and {metrics[1]} (dashed)" : "")} of {shown.Count} run(s), " +
                         "one viridis colour per run in table order" + (runs.Count(r => r.Record is not null) > MaxRuns ? $" (first {MaxRuns} shown)" : "") + ".";
        return (fig, caption);
    }
}
