using System.Text;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>
/// Figure 23 of paper 1 (spec B.11): data selection by local coherence. (a) errors against t (log x), colour = tau;
/// (b) the same on a linear x (= Figure 8); (c) t1 and t2 against tau; (d) errors at t1 and at the end against tau;
/// (e) observations needed to recover against tau and (f) the final error against N (sample-size sweep).
/// Claim: as tau -> 1 the time to generalise and the samples needed fall (opposite of compressed sensing).
/// </summary>
public sealed class Figure23 : MatrixGridFigure
{
    public override string Id => "23";
    public override string Title => "observing the most coherent entries first (τ → 1) speeds up recovery (paper 1, Fig 23)";
    protected override IReadOnlyList<string> Columns => MatrixCoherenceGrid.Columns;

    /// <summary>The tau grid, then the sample-size sweep.</summary>
    protected override IReadOnlyList<RunSpec> Specs(bool quick) => [.. MatrixCoherenceGrid.TauSpecs(quick), .. MatrixCoherenceGrid.SampleSpecs(quick)];

    private static (RunResult[] Taus, RunResult[] Samples) Split(IReadOnlyList<RunResult> all, bool quick)
    {
        int taus = MatrixCoherenceGrid.TauSpecs(quick).Count;
        return ([.. all.Take(taus)], [.. all.Skip(taus)]);
    }

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> all, bool quick)
    {
        // curves show every run (a diverged one up to its divergence); the panels against tau or N and the checks
        // are over the runs that did not diverge
        var (runs, samples) = Split(all, quick);
        var finished = runs.Finished();
        var finishedSamples = samples.Finished();
        var taus = finished.Select(r => r.Spec.Real("tau")).ToArray();
        var scale = ColorScale.Linear(0, 1);
        var fig = new Figure(3, 2, width: 1100, height: 1250) { Title = $"Figure 23 — {ChartTitle}{DivergedRuns.LeftOut(runs.Concat(samples))}" };
        var a = fig.Panel(0, 0);
        a.Title = "(a) recovery error, colour = τ";
        a.Legend = LegendPosition.Hidden;
        MatrixPlots.ErrorsByParameter(a, runs, s => s.Real("tau"), scale, "recovery_error", logX: true);
        var b = fig.Panel(0, 1);
        b.Title = "(b) same, linear t (Figure 8)";
        b.Legend = LegendPosition.Hidden;
        MatrixPlots.ErrorsByParameter(b, runs, s => s.Real("tau"), scale, "recovery_error", logX: false);
        fig.AddColorBar(scale, "τ");

        var c = fig.Panel(1, 0);
        c.Title = "(c) t1 and t2 (stable plateau) against τ";
        c.X = Axis.Linear("τ");
        c.Y = Axis.Log("step");
        c.Line(taus, finished.Select(r => (double)(r.Summary.T1 ?? r.Summary.Steps)).ToArray(), "t1", color: MatrixPlots.TrainColor, marker: Marker.Circle);
        c.Line(taus, finished.Select(r => (double)(r.Summary.T2 ?? r.Summary.Steps)).ToArray(), "t2", color: MatrixPlots.RecoveryColor, marker: Marker.Square);
        var d = fig.Panel(1, 1);
        d.Title = "(d) recovery error at t1 and at the end";
        d.X = Axis.Linear("τ");
        d.Y = Axis.Log("recovery error");
        d.Line(taus, finished.Select(r => MatrixCoherenceGrid.ValueAt(r, "recovery_error", r.Summary.T1)).ToArray(), "at t1", color: MatrixPlots.TrainColor, marker: Marker.Circle);
        d.Line(taus, finished.Select(r => r.Summary.Final["recovery_error"]).ToArray(), "at the end", color: MatrixPlots.RecoveryColor, marker: Marker.Square);

        var sampleTaus = MatrixCoherenceGrid.SampleTaus(quick);
        var needed = sampleTaus.Select(t => MatrixCoherenceGrid.SamplesNeeded(finishedSamples.Where(r => r.Spec.Real("tau") == t))).ToArray();
        var e = fig.Panel(2, 0);
        e.Title = $"(e) N needed (final error ≤ {MatrixCoherenceGrid.Recovered:G1} for it and every larger N)";
        e.X = Axis.Linear("τ");
        var sizes = MatrixCoherenceGrid.SampleSizes(quick);
        double none = sizes[^1] + (sizes[^1] - sizes[0]) / 4.0;   // where "no N of the sweep recovers" is drawn
        e.Y = Axis.Linear("N needed", sizes[0] - 5, none + 5);
        e.Line(sampleTaus, needed.Select(n => n is long v ? (double)v : double.NaN).ToArray(), "N needed", color: "#333333", marker: Marker.Diamond);
        var missing = sampleTaus.Where((_, i) => needed[i] is null).ToArray();
        if (missing.Length > 0)
        {
            e.Scatter(missing, missing.Select(_ => none).ToArray(), $"none up to N = {sizes[^1]}", color: MatrixPlots.RecoveryColor, marker: Marker.Cross, size: 9);
            e.HorizontalLine(sizes[^1], $"N = {sizes[^1]} (largest tried)");
        }
        var f = fig.Panel(2, 1);
        f.Title = $"(f) final recovery error against N ({MatrixCoherenceGrid.SampleHorizon(quick):G2} steps)";
        f.X = Axis.Linear("N");
        f.Y = Axis.Log("final recovery error");
        foreach (double t in sampleTaus)
        {
            var rs = finishedSamples.Where(r => r.Spec.Real("tau") == t).OrderBy(r => r.Spec.Int("N")).ToArray();
            f.Line(rs.Select(r => (double)r.Spec.Int("N")).ToArray(), rs.Select(r => r.Summary.Final["recovery_error"]).ToArray(),
                $"τ = {t}", color: scale.ColorOf(t), marker: Marker.Circle);
        }

        yield return ("figure-23", fig);
    }

    private const string ChartTitle = "observing the most coherent entries first (τ → 1) speeds up recovery";

    private static long?[] Needed(RunResult[] samples, bool quick) =>
        [.. MatrixCoherenceGrid.SampleTaus(quick).Select(t => MatrixCoherenceGrid.SamplesNeeded(samples.Finished().Where(r => r.Spec.Real("tau") == t)))];

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> all, bool quick)
    {
        var (runs, samples) = Split(all, quick);
        return [("", FigureCsv.PerRecord(runs, Columns, ["train_error", "recovery_error"])), ("-samples", FigureCsv.PerRun(samples, Columns))];
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> finished, bool quick)
    {
        int taus = MatrixCoherenceGrid.TauSpecs(quick).Count;
        // the finished runs keep their order: the tau grid's come first, at most `taus` of them
        var runs = finished.Where(r => r.Spec.Int("N") == 70 && r.Spec.Int("steps") == MatrixCoherenceGrid.Horizon(quick)).ToArray();
        var samples = finished.Except(runs).ToArray();
        return Checks(runs, MatrixCoherenceGrid.SampleTaus(quick), Needed(samples, quick));
    }

    private static IEnumerable<Claim> Checks(RunResult[] runs, double[] sampleTaus, long?[] needed)
    {
        long T2(RunResult r) => r.Summary.T2 ?? r.Summary.Steps;
        var first = runs[0];
        var last = runs[^1];
        yield return new Claim($"t2 at τ = {last.Spec.Real("tau")} vs τ = {first.Spec.Real("tau")}", $"{T2(last):N0} vs {T2(first):N0}",
            "smaller at τ = 1", T2(last) < T2(first));
        int falls = 0;
        for (int k = 1; k < runs.Length; k++) if (T2(runs[k]) <= T2(runs[k - 1])) falls++;
        yield return new Claim("t2 non-increasing between adjacent τ", $"{falls}/{runs.Length - 1}", "mostly (a trend, not a law)", falls * 2 >= runs.Length - 1);
        string shown = string.Join(", ", sampleTaus.Select((t, i) => $"τ={t}: {(needed[i] is long v ? v.ToString() : "none")}"));
        bool fewer = needed[^1] is long hi && (needed[0] is not long lo || hi <= lo);
        yield return new Claim("observations needed to recover", shown, "fewer as τ → 1", fewer);
    }

    protected override string Setting(bool quick) =>
        $"Setting: completion 10 x 10, rank 2, N = 70, matrix/data seed 0, α = 1.0 (code; paper text 0.1), β* = 1e-5, " +
        $"init 1e-6·I, {MatrixCoherenceGrid.Horizon(quick):N0} steps; the first int(τN) observed entries have the largest μ_i + ν_j, the rest " +
        "are uniform among the others; t1, t2 = stable plateau (K = 3, 5 %, M = 2) of the train / recovery error. " +
        $"Sample sweep: N ∈ {{{string.Join(", ", MatrixCoherenceGrid.SampleSizes(quick))}}} x τ ∈ {{{string.Join(", ", MatrixCoherenceGrid.SampleTaus(quick))}}}, " +
        $"{MatrixCoherenceGrid.SampleHorizon(quick):N0} steps, recovered = final recovery error ≤ {MatrixCoherenceGrid.Recovered:G1}.";

    protected override string Details(IReadOnlyList<RunResult> all, bool quick)
    {
        var (runs, samples) = Split(all, quick);
        var sampleTaus = MatrixCoherenceGrid.SampleTaus(quick);
        var needed = Needed(samples, quick);
        var sb = new StringBuilder();
        sb.AppendLine("| τ | t1 | t2 | recovery error at t1 | final recovery error |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in runs.Finished())
            sb.AppendLine($"| {r.Spec.Real("tau")} | {Steps(r.Summary.T1)} | {Steps(r.Summary.T2)} | {G(MatrixCoherenceGrid.ValueAt(r, "recovery_error", r.Summary.T1), 3)} | {G(r.Summary.Final["recovery_error"], 3)} |");
        sb.AppendLine();
        sb.AppendLine("| τ | " + string.Join(" | ", MatrixCoherenceGrid.SampleSizes(quick).Select(n => $"N={n}")) + " | N needed |");
        sb.AppendLine("| --- | " + string.Join(" | ", MatrixCoherenceGrid.SampleSizes(quick).Select(_ => "---")) + " | --- |");
        for (int i = 0; i < sampleTaus.Length; i++)
        {
            var rs = samples.Where(r => r.Spec.Real("tau") == sampleTaus[i]).OrderBy(r => r.Spec.Int("N"));
            sb.AppendLine($"| {sampleTaus[i]} | " + string.Join(" | ", rs.Select(r => r.Diverged ? "diverged" : G(r.Summary.Final["recovery_error"], 2))) +
                          $" | {(needed[i] is long v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")} |");
        }
        return sb.ToString();
    }
}

/// <summary>Figure 8 of paper 1 = Figure 23(b): recovery error against t (linear), colour = tau (spec B.11).</summary>
public sealed class Figure8 : MatrixGridFigure
{
    public override string Id => "8";
    public override string Title => "data selection by coherence: larger τ recovers A* sooner (linear time) (paper 1, Fig 8)";
    protected override IReadOnlyList<string> Columns => MatrixCoherenceGrid.Columns;
    protected override IReadOnlyList<RunSpec> Specs(bool quick) => MatrixCoherenceGrid.TauSpecs(quick);
    protected override string Setting(bool quick) => "Figure 23(b) on its own; setting and the full analysis (t1, t2, samples needed) in `grok figure 23`.";

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var scale = ColorScale.Linear(0, 1);
        var fig = new Figure(1, 1, width: 820, height: 520) { Title = "Figure 8 — data selection by coherence: larger τ recovers A* sooner (linear time)" };
        var p = fig.Panel(0, 0);
        p.Legend = LegendPosition.Hidden;
        MatrixPlots.ErrorsByParameter(p, runs, s => s.Real("tau"), scale, "recovery_error", logX: false);
        fig.AddColorBar(scale, "τ");
        yield return ("figure-8", fig);
    }

    private static long T2(RunResult r) => r.Summary.T2 ?? r.Summary.Steps;

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> finished, bool quick)
    {
        var (first, last) = (finished[0], finished[^1]);
        yield return new Claim($"t2 at τ = {last.Spec.Real("tau")} vs τ = {first.Spec.Real("tau")}", $"{T2(last):N0} vs {T2(first):N0}", "smaller at τ = 1", T2(last) < T2(first));
    }

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| τ | t2 (stable plateau) | final recovery error |");
        sb.AppendLine("| --- | --- | --- |");
        foreach (var r in runs.Finished()) sb.AppendLine($"| {r.Spec.Real("tau")} | {Steps(r.Summary.T2)} | {G(r.Summary.Final["recovery_error"], 3)} |");
        return sb.ToString();
    }
}
