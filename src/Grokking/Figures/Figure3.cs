using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Reports;
using Grokking.Runs;
using Grokking.Store;

namespace Grokking.Figures;

/// <summary>
/// Figure 3 of paper 1 (spec B.1): l1 subgradient sparse recovery, n = 100, s = 5, N = 30, SNR 1e8,
/// alpha = 0.1, beta1 = 1e-5, init 1e-6 * ones, 10^6 steps; t1/t2 = first train/recovery error <= 1e-3.
/// The reference code gives t1 = 60, t2 = 101,000 and final errors ~2.2e-4.
/// </summary>
public sealed class Figure3 : GridFigure
{
    public override string Id => "3";

    /// <summary>The reference code's values for this figure (spec B.1 [RUN]).</summary>
    private static readonly (string Name, double Value, double RelTol)[] Reference =
    [
        ("t1", 60, 0), ("t2", 101_000, 0),
        ("final train_error", 2.2e-4, 0.1), ("final recovery_error", 2.2e-4, 0.1),
        // the spec's 0.290879; a numpy port of the reference loop on the same data gives 0.290870 (as we do): the
        // off-support entries oscillate at ~alpha*beta, so the last digits are rounding-dependent
        ("final l1_norm", 0.290879, 5e-5), ("a_star_l1", 0.290884, 1e-5),
        ("dt_predicted", 6.95e4, 0.01), ("ls_recovery_error", 0.845, 0.01),
    ];

    public static RunSpec Spec(bool quick) => RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
        [new("steps", quick ? 200_000L : 1_000_000L)]);

    public override string Title => "l1 sparse recovery: memorisation at t1 ~ 60, recovery of a* only at t2 ~ 1e5 (paper 1, Fig 3)";

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => [Spec(quick)];
    protected override IReadOnlyList<string> Columns => [];
    private protected override RunExecutor.PlotWriter? RunPlotWriter => RunPlots.Write;

    protected override string Setting(bool quick) =>
        "Setting: n = 100, s = 5, N = 30, Phi = I, measurements N(0, 1/N), SNR 1e8, seeds 1; " +
        "`a <- a - alpha (X^T(Xa - y*) + beta sign(a))`, alpha = 0.1, beta = 1e-5, init 1e-6 * ones, " +
        $"{(quick ? 200_000 : 1_000_000):N0} steps, records at t < 1000 and every 1000.";

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        yield return ("figure-3", SparseRecoveryPlots.Dynamics(runs[0].Record, runs[0].Summary,
            "Figure 3 — l1 subgradient descent, (n, s, N, α, β) = (100, 5, 30, 0.1, 1e-5)"));
    }

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) => [("", Csv(runs[0]))];

    protected override string Headline(IReadOnlyList<RunResult> runs, bool quick) =>
        $"figure 3: run {runs[0].Spec.Id}{(runs[0].Reused ? " (reused)" : "")}, {runs[0].Summary.Steps:N0} steps, {runs[0].Summary.MicrosecondsPerStep:0.000} us/step";

    protected override IEnumerable<string> Notes(IReadOnlyList<RunResult> runs) => [$"  run directory: {runs[0].Directory}"];

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        var list = new List<Claim>();
        foreach (var (name, reference, tol) in Reference)
        {
            double? ours = name switch
            {
                "t1" => s.T1,
                "t2" => s.T2,
                _ when name.StartsWith("final ", StringComparison.Ordinal) => s.Final.GetValueOrDefault(name[6..], double.NaN),
                _ => s.Theory.GetValueOrDefault(name, double.NaN),
            };
            bool ok = ours is double v && (tol == 0 ? v == reference : Math.Abs(v - reference) <= tol * Math.Abs(reference));
            string shown = ours is double o ? (name is "t1" or "t2" ? o.ToString("N0", CultureInfo.InvariantCulture) : o.ToString("G6", CultureInfo.InvariantCulture)) : "not reached";
            string refShown = name is "t1" or "t2" ? reference.ToString("N0", CultureInfo.InvariantCulture) : reference.ToString("G6", CultureInfo.InvariantCulture);
            list.Add(new Claim(name, shown, refShown, ok));
        }
        return list;
    }

    /// <summary>The data behind the plot, wide: one row per recorded step.</summary>
    private static string Csv(RunResult run)
    {
        var r = run.Record;
        var (steps, train) = r.Series(SparseRecoveryModel.TrainError);
        var cols = new List<(string Name, double[] Values)>
        {
            ("train_error", train),
            ("recovery_error", r.Series(SparseRecoveryModel.RecoveryError).Values),
            ("grad_ratio", r.Series(SparseRecoveryModel.GradRatio).Values),
            ("l1_norm", r.Series(SparseRecoveryModel.L1Norm).Values),
        };
        if (r.Has(SparseRecoveryModel.Component))
            foreach (int i in r.Scopes(SparseRecoveryModel.Component))
                cols.Add(($"a_{i}", r.Series(SparseRecoveryModel.Component, i).Values));
        var sb = new StringBuilder();
        sb.Append("step,t_plus_1");
        foreach (var c in cols) sb.Append(',').Append(c.Name);
        sb.Append('\n');
        for (int k = 0; k < steps.Length; k++)
        {
            sb.Append(steps[k].ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append((steps[k] + 1).ToString(CultureInfo.InvariantCulture));
            foreach (var c in cols) sb.Append(',').Append(c.Values[k].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        var sb = new StringBuilder();
        sb.AppendLine("Claims of the paper (§3.1): the training error falls first (memorisation at t1); the recovery error stays at the " +
                      "least-squares level until `beta H` dominates `G` (the gradient ratio crosses 1), then falls to the " +
                      "training error at t2 = t1 + Δt, with Δt ≈ ||â − a*||_∞ / (alpha beta). The paper's text says the " +
                      "training error reaches 1e-6; with the code's settings its floor is ~2e-4.");
        sb.AppendLine();
        sb.AppendLine($"Measured: t1 = {Report(s.T1)}, t2 = {Report(s.T2)}, Δt = {Report(s.Dt)}; predicted Δt = " +
                      $"{s.Theory.GetValueOrDefault("dt_predicted", double.NaN):G4} (ratio {(s.Dt is long dt ? dt / s.Theory.GetValueOrDefault("dt_predicted", double.NaN) : double.NaN):0.00}).");
        return sb.ToString();
    }

    protected override string Footer(IReadOnlyList<RunResult> runs, IEnumerable<string> csvFiles)
    {
        var s = runs[0].Summary;
        return $"Run `{s.Id}`: {s.Steps:N0} steps in {s.SteppingSeconds:0.000} s of stepping ({s.MicrosecondsPerStep:0.000} us/step). " +
               "Files: `figure-3.svg`/`.png` (plot), `figure-3.csv` (data), `runs/<id>/` (spec, long-format metrics, summary).";
    }

    private static string Report(long? t) => t is long v ? v.ToString("N0", CultureInfo.InvariantCulture) : "not reached";
}
