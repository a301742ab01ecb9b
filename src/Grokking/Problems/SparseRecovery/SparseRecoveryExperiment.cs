using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// Compressed sensing by l1-regularised subgradient descent (paper 1, §3.1, spec B.0-B.1): recover an
/// s-sparse a* from N &lt; n measurements y* = X a* + xi. Memorises (train error small) after ~t1 steps and
/// recovers a* only after ~1/(alpha beta1) more.
/// </summary>
public sealed class SparseRecoveryExperiment : IBatchableExperiment
{
    public string Name => "sparse-recovery";
    public string Summary => "compressed sensing: a <- a - alpha (X^T(Xa - y) + beta1 sign(a) + beta2 a) (paper 1, Fig 3)";
    public ParameterSchema Schema => SparseRecoveryParameters.Schema;

    public IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new(SparseRecoveryModel.TrainError, "relative train error ||Xa - y*|| / ||y*||"),
        new(SparseRecoveryModel.RecoveryError, "relative recovery error ||a - a*|| / ||a*||"),
        new(SparseRecoveryModel.RecoveryL1Mean, "(1/n) ||a - a*||_1"),
        new(SparseRecoveryModel.L1Norm, "||a||_1"),
        new(SparseRecoveryModel.L2Norm, "||a||_2"),
        new(SparseRecoveryModel.GradNorm, "||G(a)|| = ||X^T(Xa - y*)||"),
        new(SparseRecoveryModel.GradRatio, "||beta1 H(a)|| / ||G(a)||, the penalty's pull against the data's"),
        new(SparseRecoveryModel.SupportNorm, "||a_I||_2 on the support I of a* (real basis)"),
        new(SparseRecoveryModel.OffSupportNorm, "||a_{I^c}||_2 off the support (real basis)"),
        new(SparseRecoveryModel.Component, "a_i (Re a_i in the Fourier basis), scope i (with --components)", PerScope: true),
        new(ComplexSparseModel.ImaginaryComponent, "Im a_i in the Fourier basis, scope i (with --components)", PerScope: true),
    ];

    public PreparedRun Prepare(RunSpec spec)
    {
        if (spec.Text("basis") == "fourier") return PrepareComplex(spec);
        var data = SparseRecoveryData.Create(spec);
        var init = InitialPoint(spec, data);
        return Build(spec, data, init, Stepper(spec, data, init, spec.Real("alpha"), spec.Real("beta1"), spec.Real("beta2")));
    }

    /// <summary>Values that may differ inside a batch: everything else (data, schedule, horizon) is shared.</summary>
    private static readonly HashSet<string> PerRun =
        ["alpha", "beta1", "beta2", "init", "init-scale", "init-seed", "train-threshold", "test-threshold", "t2-rule", "components"];

    public string? BatchKey(RunSpec spec)
    {
        if (spec.Text("method") != "subgradient" || spec.Int("depth") != 1 || spec.Text("basis") == "fourier"
            || spec.Text("optimiser") != "gd") return null;
        return string.Join("\n", spec.Values.Where(kv => !PerRun.Contains(kv.Key)).Select(kv => $"{kv.Key}={Parameter.Format(kv.Value)}"));
    }

    public PreparedBatch PrepareBatch(IReadOnlyList<RunSpec> specs)
    {
        string? key = BatchKey(specs[0]);
        if (key is null || specs.Any(s => BatchKey(s) != key))
            throw new ArgumentException("PrepareBatch needs specs that share one batch key");
        var data = SparseRecoveryData.Create(specs[0]);
        var inits = specs.Select(s => InitialPoint(s, data)).ToArray();
        var batch = new BatchedSubgradient(data, inits,
            specs.Select(s => s.Real("alpha")).ToArray(), specs.Select(s => s.Real("beta1")).ToArray(),
            specs.Select(s => s.Real("beta2")).ToArray());
        var runs = specs.Select((s, j) => Build(s, data, inits[j], batch.Column(j))).ToArray();
        return new PreparedBatch { Runs = runs, Advance = batch.Advance };
    }

    private static PreparedRun Build(RunSpec spec, SparseRecoveryData data, double[] init, SparseStepper stepper)
    {
        var theory = SparseRecoveryTheory.Compute(data, init, spec.Real("alpha"), spec.Real("beta1"), spec.Real("beta2"));
        return Build(spec, new SparseRecoveryModel(data, stepper, spec.Real("beta1"), spec.Flag("components")),
            theory.StepBound, theory.AddTo);
    }

    /// <summary>The complex (Fourier basis) path: the reference's complex solver branches, unbatched.</summary>
    private static PreparedRun PrepareComplex(RunSpec spec)
    {
        var data = ComplexSparseData.Create(spec);
        int n = data.n;
        double scale = spec.Real("init-scale");
        var (bound, ls) = ComplexSparseModel.Theory(data, spec.Real("beta2"));
        var init = new System.Numerics.Complex[n];
        switch (spec.Text("init"))
        {
            case "identity": Array.Fill(init, scale); break;
            case "least-squares": for (int i = 0; i < n; i++) init[i] = ls[i] * scale; break;
            default:
                // reference: (randn(n) + 1j randn(n)) / sqrt(n) * init_scale
                var rng = new Random.NumpyRandomState((uint)spec.Int("init-seed"));
                var re = rng.StandardNormal(n);
                var im = rng.StandardNormal(n);
                for (int i = 0; i < n; i++) init[i] = new System.Numerics.Complex(re[i], im[i]) / Math.Sqrt(n) * scale;
                break;
        }
        var model = new ComplexSparseModel(data, spec.Text("method"), spec.Real("alpha"), spec.Real("beta1"), spec.Real("beta2"),
            init, spec.Flag("components"));
        double lsErr2 = 0, lsInf = 0, aStar2 = 0, aStar1 = 0;
        for (int i = 0; i < n; i++)
        {
            var e = ls[i] - data.AStar[i];
            lsErr2 += e.Real * e.Real + e.Imaginary * e.Imaginary;
            lsInf = Math.Max(lsInf, e.Magnitude);
            aStar2 += data.AStar[i].Real * data.AStar[i].Real;
            aStar1 += data.AStar[i].Magnitude;
        }
        double ab = spec.Real("alpha") * spec.Real("beta1");
        return Build(spec, model, bound, theory =>
        {
            theory["step_bound"] = bound;
            theory["ls_recovery_error"] = Math.Sqrt(lsErr2 / aStar2);
            theory["ls_inf_error"] = lsInf;
            theory["dt_predicted"] = ab > 0 ? lsInf / ab : double.PositiveInfinity;
            theory["a_star_l1"] = aStar1;
            theory["a_star_l2"] = Math.Sqrt(aStar2);
        });
    }

    private static PreparedRun Build(RunSpec spec, ITrainable model, double stepBound, Action<IDictionary<string, double>> addTheory)
    {
        double alpha = spec.Real("alpha");
        if (!(alpha < stepBound))
            throw new SpecException(
                $"alpha = {alpha:G6} is not below the stability bound 2/(sigma_max(X^T X) + beta2) = {stepBound:G6}; gradient descent would diverge");

        var summariser = new RunSummariser
        {
            T1 = TrainingParameters.T1(spec, SparseRecoveryModel.TrainError, "train error"),
            T2 = TrainingParameters.T2(spec, SparseRecoveryModel.RecoveryError, "recovery error"),
            NotFinal = [SparseRecoveryModel.Component, ComplexSparseModel.ImaginaryComponent],
            Theory = addTheory,
        };
        return new PreparedRun
        {
            Trainable = model,
            Schedule = TrainingParameters.Schedule(spec),
            Steps = spec.Int("steps"),
            TimeOf = t => alpha * t,
            TimeLabel = "alpha*t",
            LiveThresholds = TrainingParameters.LiveThresholds(spec),
            Summarise = summariser.For(spec),
        };
    }

    private static SparseStepper Stepper(RunSpec spec, SparseRecoveryData data, double[] init,
        double alpha, double beta1, double beta2)
    {
        int depth = (int)spec.Int("depth");
        if (depth > 1)
        {
            var factors = new double[depth][];
            factors[0] = init;
            // the reference draws every factor from one stream (identity: all equal to init-scale * ones)
            for (int k = 1; k < depth; k++) factors[k] = InitialPoint(spec, data, draw: k);
            return new DeepDiagonalStepper(data, factors, alpha, beta1, beta2);
        }
        // an optimiser without a fused kernel takes the general path: the gradient through a chain of transforms
        if (spec.Text("optimiser") != "gd")
            return new ChainStepper(data, init,
                ChainStepper.Transform(spec.Text("optimiser"), alpha, beta1, beta2, spec.Real("momentum")));
        return spec.Text("method") switch
        {
            "ista" => new IstaStepper(data, init, alpha, beta1, beta2),
            "proj_subgradient" => new ProjectedSubgradientStepper(data, init, alpha, beta1, beta2),
            _ => new FusedSubgradientStepper(data, init, alpha, beta1, beta2),
        };
    }

    /// <summary>The initial point (spec B.0.5); for deep models factor <paramref name="draw"/> of the same stream.</summary>
    private static double[] InitialPoint(RunSpec spec, SparseRecoveryData data, int draw = 0)
    {
        int n = data.n;
        double scale = spec.Real("init-scale");
        var a = new double[n];
        switch (spec.Text("init"))
        {
            case "identity":
                Array.Fill(a, scale);
                break;
            case "least-squares":
                var ls = Numerics.LeastSquares.MinNorm(data.X, data.N, n, data.Y);
                for (int i = 0; i < n; i++) a[i] = ls[i] * scale;
                break;
            default:
                // reference: randn(n) / sqrt(n) * init_scale (spec B.0.5, init_method="random"); factor k takes
                // the k-th draw of n values from the stream seeded with init-seed
                var rng = new Random.NumpyRandomState((uint)spec.Int("init-seed"));
                for (int k = 0; k <= draw; k++) rng.StandardNormal(a);
                for (int i = 0; i < n; i++) a[i] = a[i] / Math.Sqrt(n) * scale;
                break;
        }
        return a;
    }
}
