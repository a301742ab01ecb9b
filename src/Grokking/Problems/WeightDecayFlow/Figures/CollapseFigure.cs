using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.WeightDecayFlow.Figures;

/// <summary>
/// Paper 2's time scale (spec A.2, P2.2, P2.8): on linear regression, the diagonal network and matrix completion,
/// runs over lambda drawn against lambda t collapse onto one curve (onset and duration Theta(1/lambda)), with the
/// appendix-E heuristic per run; and the init scale swept at one lambda: a small init gives no second phase
/// (||w||^2 barely falls after t_WD, the plateau is already low).
/// </summary>
public sealed class FigureP2Collapse : GridFigure
{
    /// <summary>Slow time s = lambda t each lambda run reaches (the onset is at s ~ 0.2-0.4, the drop done by s ~ 2).</summary>
    internal const double SlowHorizon = 3;
    internal const double InitLambda = 1e-3;

    private static readonly (string Kind, string Label, string Overrides)[] ProblemsShown =
    [
        ("wd-linear", "(a) linear regression", ""),
        ("wd-diagonal", "(b) diagonal network", ""),
        ("wd-completion", "(c) matrix completion", ""),
    ];

    public override string Id => "p2-collapse";
    public override string Title => "weight decay's time scale: runs over λ collapse in λ·t; a small init has no second phase (paper 2, §4 and appendix E)";

    internal static double[] Lambdas(bool quick) => quick ? [1e-2, 3e-3, 1e-3] : [1e-2, 1e-3, 1e-4];
    internal static double[] InitFactors => [1, 1e-2, 1e-4];

    protected override IReadOnlyList<string> Columns => ["lambda", "init-variance"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick)
    {
        var specs = new List<RunSpec>();
        foreach (var (kind, _, _) in ProblemsShown)
        {
            var schema = ExperimentCatalog.SchemaOf(kind);
            var defaults = RunSpec.Create(kind, schema, []);
            double eta = defaults.Real("eta"), variance = defaults.Real("init-variance");
            foreach (double lambda in Lambdas(quick))
                specs.Add(Spec(kind, schema, lambda, variance, eta));
            foreach (double factor in InitFactors.Skip(1))
                specs.Add(Spec(kind, schema, InitLambda, variance * factor, eta));
        }
        return specs;
    }

    private static RunSpec Spec(string kind, ParameterSchema schema, double lambda, double variance, double eta) =>
        RunSpec.Create(kind, schema,
        [
            new("lambda", lambda), new("init-variance", variance),
            new("steps", (long)Math.Ceiling(SlowHorizon / (lambda * eta))),
        ]);

    protected override string Setting(bool quick) =>
        $"Each problem at its defaults (`grok run <kind> --help`) but for lambda in {{{string.Join(", ", Lambdas(quick).Select(F))}}}, each run to " +
        $"lambda t = {F(SlowHorizon)}, and at lambda = {F(InitLambda)} the init variance times 1, 1e-2 and 1e-4. Left: the test loss over its " +
        "plateau (its value at t_WD, where ||grad F|| falls to lambda ||w||) against lambda t: the theory puts the drop inside " +
        "[eps/lambda, M/lambda], so the curves should coincide. Right: ||w||^2 against t for the three init scales: a small init " +
        "lands near the low-norm interpolator already, so weight decay has nothing left to do. The onset is the first record after " +
        "t_WD with the test loss at half its plateau. The heuristic ratio (table) stays above 10 for the small inits too: it compares " +
        "the two phases' time scales, not how much the second phase has to do.";

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    private static IEnumerable<RunResult> Of(IReadOnlyList<RunResult> runs, string kind) => runs.Where(r => r.Spec.Kind == kind);

    private static RunSpec Default(string kind) => RunSpec.Create(kind, ExperimentCatalog.SchemaOf(kind), []);

    private static IEnumerable<RunResult> LambdaRuns(IReadOnlyList<RunResult> runs, string kind, bool quick) =>
        Of(runs, kind).Where(r => r.Spec.Real("init-variance") == Default(kind).Real("init-variance") && Lambdas(quick).Contains(r.Spec.Real("lambda")));

    private static IEnumerable<RunResult> InitRuns(IReadOnlyList<RunResult> runs, string kind) =>
        Of(runs, kind).Where(r => r.Spec.Real("lambda") == InitLambda).OrderByDescending(r => r.Spec.Real("init-variance"));

    private static double Time(RunResult r, long k) => k * r.Spec.Real("eta");

    /// <summary>||w||^2 at t_WD over ||w||^2 at the end: how much the second phase shrinks the weights.</summary>
    internal static double NormDrop(RunResult r) => NormDrop(r.Record, r.Spec.Real("eta"), r.Summary.Theory["t_wd"]);

    /// <summary>||w||^2 at the first record at or after <paramref name="tWd"/> over its last value (NaN without t_WD).</summary>
    internal static double NormDrop(Training.MetricRecord record, double eta, double tWd)
    {
        var (steps, norm2) = record.Series(FlowModel.Norm2);
        if (double.IsNaN(tWd)) return double.NaN;
        int i = Array.FindIndex(steps, k => k * eta >= tWd);
        return i < 0 ? double.NaN : norm2[i] / norm2[^1];
    }

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        string[] colors = ["#1f77b4", "#ff7f0e", "#2ca02c"];
        var fig = new Figure(rows: ProblemsShown.Length, cols: 2, width: 1300, height: 60 + 380 * ProblemsShown.Length)
        {
            Title = $"Figure {Id}: the drop collapses in λ·t; small inits have no second phase",
        };
        for (int row = 0; row < ProblemsShown.Length; row++)
        {
            var (kind, label, _) = ProblemsShown[row];
            var left = fig.Panel(row, 0);
            left.Title = $"{label}: test loss / plateau against λ·t";
            left.X = Axis.Log("λ·t");
            left.Y = Axis.Log("test loss / test loss at t_WD");
            int c = 0;
            foreach (var r in LambdaRuns(runs, kind, quick).OrderByDescending(r => r.Spec.Real("lambda")))
            {
                double lambda = r.Spec.Real("lambda"), plateau = r.Summary.Final["plateau_test_loss"];
                var (steps, test) = r.Record.Series(FlowModel.TestLoss);
                var x = steps.Select(k => Math.Max(lambda * Time(r, k), 1e-7)).ToArray();
                left.Line(x, test.Select(v => Math.Max(v / plateau, 1e-12)).ToArray(), $"λ = {F(lambda)}", colors[c++ % colors.Length]);
            }
            left.HorizontalLine(FlowTimeScales.OnsetFraction, "half the plateau");
            left.Y.Min = 1e-4;
            left.X.Min = 1e-5;

            var right = fig.Panel(row, 1);
            right.Title = $"{label}: ||w||² against t at λ = {F(InitLambda)}";
            right.X = Axis.Log("t = k·η");
            right.Y = Axis.Log("||w||²");
            c = 0;
            foreach (var r in InitRuns(runs, kind))
            {
                var (steps, norm2) = r.Record.Series(FlowModel.Norm2);
                right.Line(steps.Select(k => Math.Max(Time(r, k), 1e-3)).ToArray(), norm2.Select(v => Math.Max(v, 1e-300)).ToArray(),
                    $"init variance {F(r.Spec.Real("init-variance"))}", colors[c++ % colors.Length]);
            }
            right.VerticalMarker(1 / InitLambda, "t = 1/λ");
        }
        yield return ($"figure-{Id}", fig);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        foreach (var (kind, label, _) in ProblemsShown)
        {
            var onsets = LambdaRuns(runs, kind, quick).Select(r => r.Summary.Final["onset_lambda_t"]).ToArray();
            double spread = onsets.Length > 1 && onsets.All(double.IsFinite) ? onsets.Max() / onsets.Min() : double.NaN;
            yield return new Claim($"{label}: largest / smallest onset λ·t over λ = {string.Join(", ", Lambdas(quick).Select(F))}",
                Claim.Real(spread), "onset Θ(1/λ): within a factor 2", spread <= 2);
            var init = InitRuns(runs, kind).ToArray();
            if (init.Length < 2) continue;
            double large = NormDrop(init[0]), small = NormDrop(init[^1]);
            yield return new Claim($"{label}: ||w||² at t_WD / at the end, init variance {F(init[0].Spec.Real("init-variance"))} → {F(init[^1].Spec.Real("init-variance"))}",
                $"{Claim.Real(large)} → {Claim.Real(small)}", "a second phase from a large init only (small init: < 1.1)", large > 2 && small < 1.1);
        }
    }

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
        [("", FigureCsv.PerRun(runs, Columns)), ("-timescales", TimeScaleCsv(runs))];

    private static string TimeScaleCsv(IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder("run_id,kind,lambda,init_variance,t_gf,t_wd,heuristic_ratio,grokking_predicted,plateau_test_loss,onset_t,onset_lambda_t,final_test_loss,norm_drop\n");
        foreach (var r in runs)
        {
            var s = r.Summary;
            sb.AppendJoin(',', [r.Spec.Id, r.Spec.Kind, R(r.Spec.Real("lambda")), R(r.Spec.Real("init-variance")), R(s.Theory["t_gf"]), R(s.Theory["t_wd"]),
                R(s.Theory["heuristic_ratio"]), R(s.Theory["grokking_predicted"]), R(s.Final["plateau_test_loss"]), R(s.Final["onset_t"]),
                R(s.Final["onset_lambda_t"]), R(s.Final["test_loss"]), R(NormDrop(r))]).Append('\n');
        }
        return sb.ToString();
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick)
    {
        var sb = new StringBuilder("## The appendix-E heuristic per run\n\n");
        sb.Append("t_GF: ||grad F|| at 1 % of its initial value; t_WD: ||grad F|| <= lambda ||w||; the heuristic predicts grokking-like ")
          .Append("curves when ||grad F(w0)|| / (lambda ||w_GF||) >= 10. Norm drop: ||w||^2 at t_WD over ||w||^2 at the end.\n\n")
          .Append("| problem | λ | init variance | t_GF | t_WD | ‖∇F(w0)‖/(λ‖w_GF‖) | predicted | onset t | onset λt | plateau test loss | final test loss | norm drop |\n")
          .Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var r in runs)
        {
            var s = r.Summary;
            sb.Append($"| {r.Spec.Kind} | {F(r.Spec.Real("lambda"))} | {F(r.Spec.Real("init-variance"))} | {F(s.Theory["t_gf"])} | {F(s.Theory["t_wd"])} | ")
              .Append($"{F(s.Theory["heuristic_ratio"])} | {(s.Theory["grokking_predicted"] > 0 ? "yes" : "no")} | {F(s.Final["onset_t"])} | ")
              .Append($"{F(s.Final["onset_lambda_t"])} | {F(s.Final["plateau_test_loss"])} | {F(s.Final["test_loss"])} | {F(NormDrop(r))} |\n");
        }
        return sb.ToString();
    }

    protected override IEnumerable<string> Notes(IReadOnlyList<RunResult> runs) =>
        runs.Select(r => $"  {r.Spec.Kind} λ = {F(r.Spec.Real("lambda"))}, init variance {F(r.Spec.Real("init-variance"))}: t_GF = {F(r.Summary.Theory["t_gf"])}, " +
            $"t_WD = {F(r.Summary.Theory["t_wd"])}, heuristic ratio {F(r.Summary.Theory["heuristic_ratio"])} " +
            $"({(r.Summary.Theory["grokking_predicted"] > 0 ? "grokking predicted" : "no grokking predicted")}), onset λt = {F(r.Summary.Final["onset_lambda_t"])}");
}
