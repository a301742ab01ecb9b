using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.WeightDecayFlow.Figures;

/// <summary>Paper 2, Fig 2: matrix completion by U V^T with weight decay lambda = 1e-3.</summary>
public sealed class FigureP2Completion : FlowFigure
{
    public override string Id => "p2-1";
    public override string Title => "matrix completion U Vᵀ with weight decay: interpolation by t ~ 1, low rank after t ~ 1/λ (paper 2, Fig 2)";
    protected override string Kind => "wd-completion";
    protected override IEnumerable<(string Name, object Value)> Overrides(bool quick) => quick ? [("steps", 1_875_000L)] : [];

    protected override string Setting(bool quick) =>
        "Setting: M* in R^{20x20} of rank 3 (iid N(0,1) factors), 80 % of the entries observed uniformly at random, U, V in R^{20x40} " +
        "(inner dimension n1 + n2), init N(0, 1), F = 1/2 sum over the observed entries, weight decay lambda = 1e-3, eta = 0.008, " +
        $"t up to {(quick ? "1.5e4 (quick)" : "2e4")}, test loss on the unobserved entries. " +
        "Why not the 10 x 10 the paper's ten singular values suggest: for small lambda the flow ends at the minimum-nuclear-norm " +
        "completion of the observed entries (||U||^2 + ||V||^2 = 2 ||U V^T||_* at balanced factors), and for 10 x 10 rank 3 that " +
        "completion is not M* on most data (3 of 10 data seeds at 80 % observed, 6 of 10 at 90 %; with data seed 1 the flow ends at " +
        "rank 7, test loss 1.8, with ||U||^2 + ||V||^2 = 43.8 below 2 ||M*||_* = 44.2). No init, step, loss scaling or horizon changes " +
        "that limit. At 20 x 20 rank 3 with 80 % observed it is M* on 10 of 10 data seeds (certified convex solve, checked below).";

    protected override void SecondPanel(Panel p, RunResult run)
    {
        p.X = Axis.Log("t = k·η");
        p.Y = Axis.Log("σ_i(U Vᵀ)");
        foreach (int i in run.Record.Scopes(FactorisedCompletion.Sigma))
        {
            var (steps, values) = run.Record.Series(FactorisedCompletion.Sigma, i);
            p.Line(steps.Select(k => Math.Max(TimeOf(run, k), 1e-3)).ToArray(), Positive(values), i < 3 ? $"σ_{i + 1}" : null, width: 1.1);
        }
        for (int i = 0; i < 3; i++) p.HorizontalLine(run.Summary.Theory[$"sigma_star_{i}"], $"σ*_{i + 1}");
        p.Y.Min = 1e-6;
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        double worstTop = Enumerable.Range(0, 3).Max(i => Math.Abs(s.Final[$"sigma_{i}"] - s.Theory[$"sigma_star_{i}"]) / s.Theory[$"sigma_star_{i}"]);
        int count = runs[0].Record.Scopes(FactorisedCompletion.Sigma).Count();
        double worstRest = Enumerable.Range(3, count - 3).Max(i => s.Final[$"sigma_{i}"]);
        yield return Check("min-nuclear-norm completion of the observed entries: ||A - M*||_F / ||M*||_F", s.Theory["min_nuclear_completion_distance"],
            "0 (the limit the theory predicts is M*)", s.Theory["min_nuclear_completion_distance"] < 1e-6);
        yield return Check("t where train loss <= 1e-6", TimeOf(runs[0], s.T1 ?? 0), "~1", s.T1 is long t1 && TimeOf(runs[0], t1) <= 10);
        yield return Check("onset of the test-loss drop, t", s.Final["onset_t"], "order 1/λ = 1e3 (caption: ~1e2)", s.Final["onset_t"] is > 30 and < 3e3);
        yield return Check("largest |σ_i - σ*_i| / σ*_i, i <= 3, at the end", worstTop, "-> 0 (acceptance: < 1e-3)", worstTop < 1e-3);
        yield return Check("largest other σ_i at the end", worstRest, "-> 0 (acceptance: < 1e-3)", worstRest < 1e-3);
        yield return Check("test loss at the end", s.Final["test_loss"], "-> 0 (acceptance: < 1e-4)", s.Final["test_loss"] < 1e-4);
        double norm2 = s.Final[FlowModel.Norm2], target = s.Theory["norm2_at_balanced_target"];
        yield return Check("||U||² + ||V||² at the end / 2 ||M*||_*", norm2 / target, "1 (balanced factors of M*)", Math.Abs(norm2 / target - 1) < 1e-3);
        // absolute: at lambda > 0 the flow ends at the nuclear-norm-regularised minimiser X_lambda, whose top singular
        // values sit ~lambda / (observed fraction) below sigma*; the run must reach X_lambda, and its bias is the gap
        // (runs stored before X_lambda was part of the theory lack it: those claims are left out, --force recomputes)
        if (!s.Theory.ContainsKey("sigma_lambda_0")) yield break;
        double worstAbsolute = Enumerable.Range(0, 3).Max(i => Math.Abs(s.Final[$"sigma_{i}"] - s.Theory[$"sigma_star_{i}"]));
        double bias = Enumerable.Range(0, 3).Max(i => Math.Abs(s.Theory[$"sigma_lambda_{i}"] - s.Theory[$"sigma_star_{i}"]));
        double toLimit = Enumerable.Range(0, 3).Max(i => Math.Abs(s.Final[$"sigma_{i}"] - s.Theory[$"sigma_lambda_{i}"]));
        yield return Check("largest |σ_i - σ_i(X_λ)|, i <= 3, at the end (X_λ = argmin F + λ||X||_*, the exact limit at this λ)", toLimit,
            "-> 0 (the run reached its limit)", toLimit < 1e-4);
        yield return Check("largest |σ_i - σ*_i|, i <= 3, at the end (absolute)", worstAbsolute,
            $"the weight-decay bias |σ_i(X_λ) - σ*_i| = {bias:G3}, which -> 0 only as λ -> 0 (an absolute 1e-3 needs λ below ~{1e-3 * runs[0].Spec.Real("lambda") / bias:G2})",
            Math.Abs(worstAbsolute - bias) < 1e-4);
    }
}

/// <summary>Paper 2, Fig 3: one-dimensional two-layer ReLU regression.</summary>
public sealed class FigureP2Relu : FlowFigure
{
    public override string Id => "p2-2";
    public override string Title => "1-D two-layer ReLU regression with weight decay: a high-norm interpolator, then a low-norm one (paper 2, Fig 3)";
    protected override string Kind => "wd-relu";
    protected override IEnumerable<(string Name, object Value)> Overrides(bool quick) => [("steps", quick ? 1_000_000L : 50_000_000L)];

    protected override string Setting(bool quick) =>
        "Setting: m = 100 units, n = 10 points x ~ U[-2, 2], teacher ReLU(x+1) - 2 ReLU(x-0.5) + ReLU(x-1.5), init N(0, 4), " +
        "lambda = 1e-3, eta = 0.002 (the stable step for this init: 2/lambda_max = 0.0033), so the paper's t ~ 1e5 takes 5e7 steps " +
        "(the paper's 1e6 iterations reach t = 2e3 here). ReLU is not C^3: the theory does not cover this case.";

    protected override void SecondPanel(Panel p, RunResult run)
    {
        p.X = Axis.Linear("x");
        p.Y = Axis.Linear("f(x)");
        var xs = Enumerable.Range(0, ReluNetwork.GridPoints).Select(k => ReluNetwork.GridX(k)).ToArray();
        double end = TimeOf(run, run.Summary.Steps);
        foreach (var (target, label, color) in new[] { (1.0, "t ≈ 1", "#ff7f0e"), (1 / run.Spec.Real("lambda"), "t ≈ 1/λ", "#2ca02c"), (end, "end", "#1f77b4") })
            p.Line(xs, FunctionAt(run, target), $"{label}", color: color);
        p.Line(xs, xs.Select(ReluNetwork.Teacher).ToArray(), "teacher", color: "#000000", style: LineStyle.Dotted);
        var x = ScopeValues(run, ReluNetwork.TrainX);
        var y = ScopeValues(run, ReluNetwork.TrainY);
        p.Scatter(x, y, "training points", color: "#000000");
    }

    private static double[] ScopeValues(RunResult run, string metric) =>
        run.Record.Scopes(metric).Select(i => run.Record.Series(metric, i).Values[0]).ToArray();

    /// <summary>The learned function at the record nearest flow time <paramref name="t"/>.</summary>
    private static double[] FunctionAt(RunResult run, double t)
    {
        var (steps, _) = run.Record.Series(ReluNetwork.Function, 0);
        int best = 0;
        for (int i = 0; i < steps.Length; i++)
            if (Math.Abs(Math.Log(Math.Max(TimeOf(run, steps[i]), 1e-9) / t)) < Math.Abs(Math.Log(Math.Max(TimeOf(run, steps[best]), 1e-9) / t))) best = i;
        return run.Record.Scopes(ReluNetwork.Function).Select(k => run.Record.Series(ReluNetwork.Function, k).Values[best]).ToArray();
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        yield return Check("onset of the norm/test drop, t", s.Final["onset_t"], "order 1/λ = 1e3", s.Final["onset_t"] is > 30 and < 1e4);
        yield return Check("test loss: plateau / end", s.Final["second_phase_gain"], "a large second-phase gain", s.Final["second_phase_gain"] > 10);
        yield return Check("train loss at the end", s.Final["train_loss"], "≈ 0", s.Final["train_loss"] < 1e-3);
    }
}

/// <summary>Paper 2, appendix figure: diagonal linear network on a sparse Fourier regression.</summary>
public sealed class FigureP2Diagonal : FlowFigure
{
    public override string Id => "p2-3";
    public override string Title => "diagonal linear network u ⊙ v with weight decay: to the minimum-l1 interpolator after t ~ 1/λ (paper 2, appendix figure)";
    protected override string Kind => "wd-diagonal";
    protected override IEnumerable<(string Name, object Value)> Overrides(bool quick) =>
        quick ? [("lambda", 1e-3), ("steps", 1_000_000L)] : [];

    protected override string Setting(bool quick) =>
        "Setting: d = 100 Fourier features (cos, sin of 2 pi j x, j = 1..50), n = 40 points x ~ U[0, 1), a 3-sparse teacher, " +
        $"init N(0, 0.1), lambda = {(quick ? "1e-3 (quick)" : "1e-4")}, eta = 0.01; the limit is compared with the certified basis-pursuit solution.";

    protected override void SecondPanel(Panel p, RunResult run)
    {
        p.X = Axis.Log("t = k·η");
        p.Y = Axis.Linear("β_j = u_j v_j");
        foreach (int j in run.Record.Scopes(DiagonalNetwork.Beta))
        {
            var (steps, values) = run.Record.Series(DiagonalNetwork.Beta, j);
            p.Line(steps.Select(k => Math.Max(TimeOf(run, k), 1e-3)).ToArray(), values, width: 0.8);
        }
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        var rec = runs[0].Record;
        yield return Check("t where train loss <= 1e-4", s.T1 is long t1 ? TimeOf(runs[0], t1) : double.NaN, "~1e2", s.T1 is long a && TimeOf(runs[0], a) <= 300);
        yield return Check("onset of the test-loss drop, λ t", s.Final["onset_lambda_t"], "order 1 (t ~ 1/λ)", s.Final["onset_lambda_t"] is > 0.05 and < 5);
        yield return Check("||u ⊙ v - β_BP||_∞ at the end", s.Final[DiagonalNetwork.BasisPursuitDistance], "-> 0 (acceptance: < 1e-4)", s.Final[DiagonalNetwork.BasisPursuitDistance] < 1e-4);
        yield return Check("test loss at the end", s.Final["test_loss"], "0 (exact recovery)", s.Final["test_loss"] < 1e-6);
    }
}

/// <summary>Paper 2, linear regression: the closed form.</summary>
public sealed class FigureP2Linear : FlowFigure
{
    public override string Id => "p2-4";
    public override string Title => "linear regression with weight decay: the null-space part decays at rate λ, as the closed form says (paper 2, §5)";
    protected override string Kind => "wd-linear";
    protected override IEnumerable<(string Name, object Value)> Overrides(bool quick) => quick ? [("steps", 50_000L)] : [];

    protected override string Setting(bool quick) =>
        "Setting: N = 30, d = 100, X iid N(0, 1/d), y = X g with g ~ N(0, I), init N(0, 1), lambda = 1e-3, eta = 0.1; test loss " +
        "1/2 ||w - X^+ y||^2. Closed form: the row-space part relaxes at rates sigma_i^2 + lambda, the null-space part at rate lambda, " +
        "so after the fast phase the test loss is 1/2 ||w_perp(0)||^2 e^{-2 lambda t} (dotted).";

    protected override void SecondPanel(Panel p, RunResult run)
    {
        p.X = Axis.Log("t = k·η");
        p.Y = Axis.Log("test loss");
        var t = Times(run, FlowModel.TestLoss);
        var test = run.Record.Series(FlowModel.TestLoss).Values;
        p.Line(t, Positive(test), "measured", color: "#d62728");
        double lambda = run.Spec.Real("lambda"), tw = run.Summary.Theory["t_wd"], plateau = run.Summary.Final["plateau_test_loss"];
        p.Line(t, t.Select(x => plateau * Math.Exp(-2 * lambda * (x - tw))).ToArray(), "plateau · e^{-2λ(t - t_WD)}", color: "#7f7f7f", style: LineStyle.Dotted);
        p.Y.Min = Math.Max(1e-12, test.Min() / 10);
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick)
    {
        var s = runs[0].Summary;
        double lambda = runs[0].Spec.Real("lambda");
        double predicted = lambda * s.Theory["t_wd"] + Math.Log(2) / 2;
        yield return Check("onset λ t (test loss halves from its plateau)", s.Final["onset_lambda_t"], $"λ t_WD + ln 2 / 2 = {predicted:G4}", Math.Abs(s.Final["onset_lambda_t"] - predicted) < 0.02);
        yield return Check("heuristic ||∇F(w0)|| / (λ ||w_GF||)", s.Theory["heuristic_ratio"], ">> 1 (grokking expected)", s.Theory["heuristic_ratio"] > 10);
    }
}
