using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>The defaults one paper-2 problem gives the shared parameters.</summary>
public sealed record FlowDefaults(double Eta, double Lambda, double InitVariance, long Steps, double TrainThreshold, double TestThreshold);

/// <summary>
/// Paper 2's experiments (spec A.2, E.5, F.8): gradient descent with weight decay w &lt;- w - eta (grad F(w) + lambda w)
/// as a discretised flow, time t = k eta, recorded log-spaced because the two phases are decades apart (fast phase to
/// t ~ 1, slow phase at t ~ 1/lambda). Each problem is one kind (<c>wd-linear</c>, <c>wd-diagonal</c>,
/// <c>wd-completion</c>, <c>wd-relu</c>) with the same shared parameters; the init is iid N(0, init-variance) in every
/// parameter, drawn from init-seed.
/// </summary>
public abstract class WeightDecayExperiment : IExperiment
{
    private ParameterSchema? _schema;

    public abstract string Name { get; }
    public abstract string Summary { get; }
    protected abstract FlowDefaults Defaults { get; }
    protected abstract IEnumerable<Parameter> ProblemParameters { get; }
    protected virtual IEnumerable<MetricInfo> ProblemMetrics => [];

    /// <summary>The problem's data for <paramref name="spec"/> (throws <see cref="SpecException"/> on bad sizes).</summary>
    public abstract FlowProblem CreateProblem(RunSpec spec);

    /// <summary>Points where the step must be stable besides the initial point (e.g. the predicted limit), by name.</summary>
    protected virtual IEnumerable<(string Where, double[] Point)> StabilityPoints(FlowProblem problem) => [];

    /// <summary>The largest Hessian eigenvalue at <paramref name="w"/> (power iteration; exact forms may override).</summary>
    protected virtual double LargestCurvature(FlowProblem problem, double[] w) => Curvature.LargestEigenvalue(problem, w);

    public ParameterSchema Schema => _schema ??= BuildSchema();

    private ParameterSchema BuildSchema()
    {
        var d = Defaults;
        return new ParameterSchema(
        [
            .. ProblemParameters,
            Parameter.Real("eta", d.Eta, "gradient step; time t = k eta (must be below 2/(largest Hessian eigenvalue + lambda) at the init and the predicted limit)", min: 0, minExclusive: true),
            Parameter.Real("lambda", d.Lambda, "weight decay: w <- w - eta (grad F(w) + lambda w)", min: 0),
            Parameter.Real("init-variance", d.InitVariance, "every parameter starts iid N(0, init-variance)", min: 0),
            Parameter.Int("data-seed", 1, "numpy seed of the data (inputs, teacher, observed entries); must differ from init-seed, whose stream would otherwise repeat the data's draws", min: 0, max: uint.MaxValue),
            .. TrainingParameters.Group(new TrainingDefaults
            {
                Steps = d.Steps, EvalFirst = 100, EvalEvery = 1, LogSpacedTail = true,
                TrainThreshold = d.TrainThreshold, TestThreshold = d.TestThreshold,
                TrainLabel = "train loss", TestLabel = "test loss",
            }).Select(p => p.Name switch
            {
                // two phases decades apart: log-spaced records from step 100 on, 50 per decade
                "eval-log-after" => p with { Default = 100L },
                "eval-per-decade" => p with { Default = 50L },
                _ => p,
            }),
        ]).Check(spec =>
        {
            // one seed for both would start w0 on the data's own draws (for wd-linear, w0 = sqrt(d) x_1: no null-space part)
            if (spec.Int("data-seed") == spec.Int("init-seed"))
                throw new SpecException($"data-seed and init-seed are both {spec.Int("init-seed")}: the init would repeat the data's random draws; pick different seeds");
            CheckSpec(spec);
        });
    }

    /// <summary>Cross-field checks of the problem's sizes.</summary>
    protected virtual void CheckSpec(RunSpec spec) { }

    public Reports.Figure? PlotRun(RunSpec spec, MetricRecord record, RunSummary summary) => FlowPlots.Run(spec, record);

    public IReadOnlyList<MetricInfo> Metrics =>
    [
        new(FlowModel.TrainLoss, "F(w), the training loss"),
        new(FlowModel.TestLoss, "the held-out loss (see the kind's help)"),
        new(FlowModel.Norm2, "||w||^2, the squared l2 norm of all parameters"),
        new(FlowModel.GradNorm, "||grad F(w)||, how far w is from the manifold of stationary points"),
        .. ProblemMetrics,
    ];

    /// <summary>iid N(0, variance) in every parameter, from init-seed.</summary>
    public static double[] InitialPoint(RunSpec spec, int dimension)
    {
        var rng = new NumpyRandomState((uint)spec.Int("init-seed"));
        var w = rng.StandardNormal(dimension);
        double std = Math.Sqrt(spec.Real("init-variance"));
        for (int i = 0; i < w.Length; i++) w[i] *= std;
        return w;
    }

    /// <summary>The stable-step bound 2/(curvature + lambda), the smallest over the init and the problem's points.</summary>
    public (double Bound, string Where) StabilityBound(FlowProblem problem, double[] w0, double lambda)
    {
        var (bound, where) = (2 / (LargestCurvature(problem, w0) + lambda), "the initial point");
        foreach (var (name, point) in StabilityPoints(problem))
        {
            double b = 2 / (LargestCurvature(problem, point) + lambda);
            if (b < bound) (bound, where) = (b, name);
        }
        return (bound, where);
    }

    public PreparedRun Prepare(RunSpec spec)
    {
        var problem = CreateProblem(spec);
        double eta = spec.Real("eta"), lambda = spec.Real("lambda");
        var w0 = InitialPoint(spec, problem.Dimension);
        var (bound, where) = StabilityBound(problem, w0, lambda);
        if (!(eta < bound))
            throw new SpecException(
                $"eta = {eta:G6} is not below the stability bound 2/(largest Hessian eigenvalue + lambda) = {bound:G6} at {where}; gradient descent would diverge");
        var model = new FlowModel(new WeightDecayStepper(problem, w0, eta, lambda));
        var summariser = new RunSummariser
        {
            T1 = TrainingParameters.T1(spec, FlowModel.TrainLoss, "train loss"),
            T2 = TrainingParameters.T2(spec, FlowModel.TestLoss, "test loss"),
            NotFinal = problem.PerComponentExtras,
            FinalPerScope = problem.FinalPerScopeExtras,
            Theory = theory =>
            {
                theory["step_bound"] = bound;
                problem.AddTheory(theory, lambda);
            },
        };
        Func<long, double> timeOf = k => k * eta;
        return new PreparedRun
        {
            Trainable = model,
            Schedule = TrainingParameters.Schedule(spec),
            Steps = spec.Int("steps"),
            TimeOf = timeOf,
            TimeLabel = "t = k*eta",
            LiveThresholds = TrainingParameters.LiveThresholds(spec),
            Summarise = (record, timing) =>
            {
                var summary = summariser.Summarise(spec, record, timing);
                if (record.Has(FlowModel.GradNorm) && record.Series(FlowModel.GradNorm).Steps.Length > 0)
                    FlowTimeScales.Measure(record, lambda, timeOf).AddTo(summary.Theory, summary.Final, lambda);
                return summary;
            },
        };
    }
}
