using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Reports;

namespace Grokking.Problems.WeightDecayFlow.Figures;

/// <summary>One drift study: a problem at one lambda, its rows at the slow times (or why it could not be made).</summary>
public sealed record DriftCase(string Kind, string Label, double Lambda, bool Hessian, IReadOnlyList<DriftRow> Rows, string? Failure);

/// <summary>The drift studies of <see cref="FigureP2Drift"/> and their wall time.</summary>
public sealed record DriftData(IReadOnlyList<DriftCase> Cases, double Seconds);

/// <summary>
/// Paper 2's Proposition 2 measured (spec A.2, P2.1): on small instances of linear regression, the diagonal network and
/// matrix completion, the distance to the manifold of interpolators (train loss, ||grad F||), the split of the weight-decay
/// force -lambda w into its part tangent to M (Ker Hess F) and its normal part, and the distance between the real run at
/// t = s / lambda and the predicted Riemannian flow dw/ds = -P_T w started at Phi(w0); over lambda, that distance on
/// [s0, S] shrinks (the theory: uniform convergence as lambda -> 0). The ReLU network is outside the theory (not C^3):
/// its quantities are shown where defined, as measurements.
/// </summary>
public sealed class FigureP2Drift : FigureRecipe<DriftData>
{
    internal const double SlowStart = 0.5;
    internal const double SlowEnd = 4;

    private static readonly (string Kind, string Label, string Overrides)[] Shown =
    [
        ("wd-linear", "(a) linear regression", "N=10,d=30"),
        ("wd-diagonal", "(b) diagonal network", "n=10,d=20,k=2"),
        ("wd-completion", "(c) matrix completion", "n1=6,n2=6,rank=1,observed=0.78,eta=0.02"),
    ];

    private const string ReluKind = "wd-relu";
    private const string ReluOverrides = "m=20,n=6";

    public override string Id => "p2-drift";
    public override string Title => "the slow phase is the Riemannian flow of ||w||² on the manifold of interpolators, in s = λ·t (paper 2, Proposition 2)";

    internal static double[] Lambdas(bool quick) => quick ? [1e-2, 3e-3, 1e-3] : [1e-2, 1e-3, 1e-4];

    /// <summary>Slow times 0.25 * 2^(k/2) up to <see cref="SlowEnd"/>.</summary>
    internal static double[] SlowTimes => [.. Enumerable.Range(0, 9).Select(k => 0.25 * Math.Pow(2, k / 2.0))];

    internal static RunSpec Spec(string kind, string overrides, double lambda) =>
        RunSpec.Create(kind, ExperimentCatalog.SchemaOf(kind),
            overrides.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('='))
                .Select(kv => new KeyValuePair<string, object>(kv[0], kv[1]))
                .Append(new("lambda", lambda.ToString("R", CultureInfo.InvariantCulture))));

    protected override DriftData Acquire(FigureOptions options)
    {
        var clock = Stopwatch.StartNew();
        var lambdas = Lambdas(options.Quick);
        var jobs = new List<(string Kind, string Label, string Overrides, double Lambda, bool Hessian)>();
        foreach (var (kind, label, overrides) in Shown)
            foreach (double lambda in lambdas)
                jobs.Add((kind, label, overrides, lambda, lambda == lambdas[^1])); // the dense Hessian at the smallest lambda only
        jobs.Add((ReluKind, "(d) ReLU network", ReluOverrides, 1e-2, true));
        var cases = new DriftCase[jobs.Count];
        Parallel.For(0, jobs.Count, i =>
        {
            var (kind, label, overrides, lambda, hessian) = jobs[i];
            try
            {
                var rows = DriftStudy.Run((WeightDecayExperiment)ExperimentCatalog.Get(kind), Spec(kind, overrides, lambda), SlowTimes, hessian);
                cases[i] = new DriftCase(kind, label, lambda, hessian, rows, null);
            }
            catch (Exception e) when (kind == ReluKind && e is ArithmeticException or ArgumentException or InvalidOperationException or SpecException)
            {
                cases[i] = new DriftCase(kind, label, lambda, hessian, [], e.Message);
            }
        });
        return new DriftData(cases, clock.Elapsed.TotalSeconds);
    }

    /// <summary>max over s in [s0, S] of ||w(s/lambda) - w~(s)|| / ||w~(s)||.</summary>
    internal static double WorstDistance(DriftCase c) =>
        c.Rows.Where(r => r.S >= SlowStart - 1e-12 && r.S <= SlowEnd + 1e-12).Max(r => r.DistanceToPrediction / Math.Sqrt(r.PredictedNorm2));

    /// <summary>Least-squares slope of log(distance) against log(lambda): the distance's order in lambda.</summary>
    internal static double FittedOrder(IReadOnlyList<double> lambdas, IReadOnlyList<double> distances)
    {
        var x = lambdas.Select(v => Math.Log(v)).ToArray();
        var y = distances.Select(v => Math.Log(v)).ToArray();
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    protected override FigurePage Page(DriftData data, bool quick)
    {
        var lambdas = Lambdas(quick);
        return new FigurePage
        {
            Headline = $"figure {Id}{(quick ? " (quick)" : "")}: {data.Cases.Count} drift studies in {data.Seconds:0.0} s",
            Setting =
                $"Small instances (`grok run <kind> --help` for each parameter): (a) wd-linear {Shown[0].Overrides}; (b) wd-diagonal {Shown[1].Overrides}; " +
                $"(c) wd-completion {Shown[2].Overrides}; every other parameter at its default, lambda in {{{string.Join(", ", lambdas.Select(F))}}}. " +
                "Phi(w0) is the end of gradient descent without weight decay from the same init (retracted onto the interpolators by " +
                "Gauss-Newton); the predicted slow flow dw/ds = -P_{Ker Hess F(w)} w is integrated from it by RK4 in s with a retraction " +
                $"each step; the real run is sampled at t = s / lambda for s = 0.25 ... {F(SlowEnd)}. Left: train loss and ||grad F|| " +
                "(distance to the manifold); middle: |tangent| and |normal| parts of -lambda w by the kernel of the dense Hessian (smallest " +
                "lambda); right: ||w(s/lambda) - w~(s)|| / ||w~(s)|| per lambda. The theory (Prop. 2) says this distance goes to 0 on " +
                $"[eps, S] as lambda -> 0; the table gives its maximum on [{F(SlowStart)}, {F(SlowEnd)}] and its fitted order in lambda. " +
                "(d) The ReLU network is outside the theory (ReLU is not C^3, Hess F jumps across kinks, the manifold need not be smooth): " +
                "its train loss, gradient norm and the Hessian split are shown where they are defined, as measurements, not as a check.",
            Charts = [($"figure-{Id}", Plot(data, quick))],
            Tables = [("", Csv(data))],
            Claims = [.. Claims(data, quick)],
            Details = Details(data, quick),
            Footer = $"{data.Cases.Count} drift studies in {data.Seconds:0.0} s. Data: `figure-{Id}.csv` (every row of every study).",
        };
    }

    private static IEnumerable<Claim> Claims(DriftData data, bool quick)
    {
        var lambdas = Lambdas(quick);
        foreach (var (kind, label, _) in Shown)
        {
            var cases = data.Cases.Where(c => c.Kind == kind).OrderByDescending(c => c.Lambda).ToArray();
            var worst = cases.Select(WorstDistance).ToArray();
            bool shrinks = worst.Zip(worst.Skip(1)).All(p => p.Second < p.First);
            double order = FittedOrder(cases.Select(c => c.Lambda).ToArray(), worst);
            yield return new Claim($"{label}: max over s in [{F(SlowStart)}, {F(SlowEnd)}] of ||w - w~|| / ||w~||, λ = {string.Join(" → ", lambdas.Select(F))}",
                string.Join(" → ", worst.Select(v => Claim.Real(v, 3))) + $" (order {Claim.Real(order, 3)})", "shrinks as λ → 0 (Prop. 2)", shrinks && order > 0);
        }
    }

    private static Figure Plot(DriftData data, bool quick)
    {
        string[] colors = ["#1f77b4", "#ff7f0e", "#2ca02c"];
        int rows = Shown.Length + 1;
        var fig = new Figure(rows, 3, width: 1500, height: 60 + 340 * rows) { Title = "Figure p2-drift: distance to M, the split of -λw, and the real run against the predicted slow flow (s = λt)" };
        for (int row = 0; row < rows; row++)
        {
            var cases = row < Shown.Length
                ? data.Cases.Where(c => c.Kind == Shown[row].Kind).OrderByDescending(c => c.Lambda).ToArray()
                : data.Cases.Where(c => c.Kind == ReluKind).ToArray();
            var detailed = cases.FirstOrDefault(c => c.Hessian && c.Rows.Count > 0);
            string label = row < Shown.Length ? Shown[row].Label : "(d) ReLU network (outside the theory)";
            var manifold = fig.Panel(row, 0);
            manifold.Title = $"{label}: distance to M";
            manifold.X = Axis.Log("s = λ·t");
            manifold.Y = Axis.Log("train loss, ||∇F||");
            var split = fig.Panel(row, 1);
            split.Title = "-λw: tangent and normal parts";
            split.X = Axis.Log("s = λ·t");
            split.Y = Axis.Log("norm");
            var drift = fig.Panel(row, 2);
            drift.Title = "||w(s/λ) − w̃(s)|| / ||w̃(s)||";
            drift.X = Axis.Log("s = λ·t");
            drift.Y = Axis.Log("relative distance");
            if (detailed is null) continue;
            var s = detailed.Rows.Select(r => r.S).ToArray();
            manifold.Line(s, detailed.Rows.Select(r => Math.Max(r.TrainLoss, 1e-300)).ToArray(), $"train loss (λ = {F(detailed.Lambda)})", "#1f77b4");
            manifold.Line(s, detailed.Rows.Select(r => Math.Max(r.GradNorm, 1e-300)).ToArray(), "||∇F||", "#d62728", LineStyle.Dashed);
            split.Line(s, detailed.Rows.Select(r => Math.Max(r.TangentForce, 1e-300)).ToArray(), "tangent (along Ker Hess F)", "#2ca02c");
            split.Line(s, detailed.Rows.Select(r => Math.Max(r.NormalForce, 1e-300)).ToArray(), "normal", "#9467bd", LineStyle.Dashed);
            int c = 0;
            foreach (var k in cases)
                drift.Line(k.Rows.Select(r => r.S).ToArray(), k.Rows.Select(r => Math.Max(r.DistanceToPrediction / Math.Sqrt(r.PredictedNorm2), 1e-300)).ToArray(),
                    $"λ = {F(k.Lambda)}", colors[c++ % colors.Length], marker: Marker.Circle);
        }
        return fig;
    }

    private static string Csv(DriftData data)
    {
        var sb = new StringBuilder("kind,lambda,s,t,train_loss,grad_norm,kernel_dimension,gap_ratio,tangent_force,normal_force,distance_to_prediction,test_loss,predicted_test_loss,norm2,predicted_norm2\n");
        foreach (var c in data.Cases)
            foreach (var r in c.Rows)
                sb.AppendJoin(',', [c.Kind, R(c.Lambda), R(r.S), R(r.T), R(r.TrainLoss), R(r.GradNorm), r.KernelDimension.ToString(CultureInfo.InvariantCulture),
                    R(r.GapRatio), R(r.TangentForce), R(r.NormalForce), R(r.DistanceToPrediction), R(r.TestLoss), R(r.PredictedTestLoss), R(r.Norm2), R(r.PredictedNorm2)]).Append('\n');
        return sb.ToString();
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Details(DriftData data, bool quick)
    {
        var lambdas = Lambdas(quick);
        var sb = new StringBuilder($"## Distance between the real run and the predicted slow flow\n\nmax over s in [{F(SlowStart)}, {F(SlowEnd)}] of ||w(s/λ) − w̃(s)|| / ||w̃(s)||; order: least-squares slope of its log against log λ.\n\n| problem | ")
            .Append(string.Join(" | ", lambdas.Select(l => $"λ = {F(l)}"))).Append(" | order |\n| --- |").Append(string.Concat(lambdas.Select(_ => " --- |"))).Append(" --- |\n");
        foreach (var (kind, label, _) in Shown)
        {
            var cases = data.Cases.Where(c => c.Kind == kind).OrderByDescending(c => c.Lambda).ToArray();
            var worst = cases.Select(WorstDistance).ToArray();
            sb.Append($"| {label} | ").Append(string.Join(" | ", worst.Select(v => v.ToString("G3", CultureInfo.InvariantCulture))))
              .Append($" | {FittedOrder(cases.Select(c => c.Lambda).ToArray(), worst).ToString("G3", CultureInfo.InvariantCulture)} |\n");
        }
        sb.Append("\n## At the smallest λ: kernel of the Hessian along the run\n\n| problem | s | train loss | ‖∇F‖ | dim Ker | gap ratio | tangent | normal | test loss | predicted test loss |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var c in data.Cases.Where(c => c.Hessian))
        {
            if (c.Failure is not null) { sb.Append($"| {c.Label} | — | {c.Failure} |||||||| \n"); continue; }
            foreach (var r in c.Rows.Where((_, i) => i % 2 == 0))
                sb.Append($"| {c.Label} (λ = {F(c.Lambda)}) | {F(r.S)} | {F(r.TrainLoss)} | {F(r.GradNorm)} | {r.KernelDimension} | {F(r.GapRatio)} | {F(r.TangentForce)} | {F(r.NormalForce)} | {F(r.TestLoss)} | {F(r.PredictedTestLoss)} |\n");
        }
        sb.Append("\nThe ReLU rows are measurements only: ReLU is not C^3, so the Hessian is defined only away from kinks and the theory's manifold, ")
          .Append("kernel and slow flow need not exist; its distance to the 'predicted' flow is not a test of the theory.\n");
        return sb.ToString();
    }
}
