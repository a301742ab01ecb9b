using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// Compressed sensing by l1-regularised subgradient descent (paper 1, §3.1, spec B.0-B.1): recover an
/// s-sparse a* from N &lt; n measurements y* = X a* + xi. Memorises (train error small) after ~t1 steps and
/// recovers a* only after ~1/(alpha beta1) more.
/// </summary>
public sealed class SparseRecoveryExperiment : IExperiment
{
    public string Name => "sparse-recovery";
    public string Summary => "compressed sensing: a <- a - alpha (X^T(Xa - y) + beta1 sign(a) + beta2 a) (paper 1, Fig 3)";
    public ParameterSchema Schema => SparseRecoveryParameters.Schema;

    public PreparedRun Prepare(RunSpec spec)
    {
        var data = SparseRecoveryData.Create(spec);
        double alpha = spec.Real("alpha"), beta1 = spec.Real("beta1"), beta2 = spec.Real("beta2");
        var init = InitialPoint(spec, data);
        var theory = SparseRecoveryTheory.Compute(data, init, alpha, beta1, beta2);
        if (!(alpha < theory.StepBound))
            throw new SpecException(
                $"alpha = {alpha:G6} is not below the stability bound 2/(sigma_max(X^T X) + beta2) = {theory.StepBound:G6}; gradient descent would diverge");

        var model = new SparseRecoveryModel(data, alpha, beta1, beta2, init, spec.Flag("components"));
        double trainThr = spec.Real("train-threshold"), testThr = spec.Real("test-threshold");
        bool plateau = spec.Text("t2-rule") == "plateau";
        return new PreparedRun
        {
            Trainable = model,
            Schedule = EvaluationSchedule.DenseThenEvery(spec.Int("eval-first"), spec.Int("eval-every")),
            Steps = spec.Int("steps"),
            TimeOf = t => alpha * t,
            TimeLabel = "alpha*t",
            LiveThresholds = [new LiveThreshold("t1", 0, trainThr), new LiveThreshold("t2", 1, testThr)],
            Summarise = (record, timing) =>
            {
                var (steps, train) = record.Series(SparseRecoveryModel.TrainError);
                var (_, recovery) = record.Series(SparseRecoveryModel.RecoveryError);
                long? t1 = Detectors.Threshold(steps, train, trainThr)?.Step;
                long? t2 = plateau
                    ? Detectors.StablePlateau(steps, recovery, Detectors.PlateauRule.Notebook)?.Step
                    : Detectors.Threshold(steps, recovery, testThr)?.Step;
                var summary = new RunSummary
                {
                    Id = spec.Id, Kind = spec.Kind, Steps = timing.Steps, T1 = t1, T2 = t2,
                    T1Rule = $"first recorded step with train error <= {trainThr:G3}",
                    T2Rule = plateau ? "stable plateau of the recovery error (K=3, 5 %, M=2)"
                                     : $"first recorded step with recovery error <= {testThr:G3}",
                    SteppingSeconds = timing.SteppingSeconds,
                };
                foreach (var name in record.MetricNames)
                    if (name != SparseRecoveryModel.Component) summary.Final[name] = record.Last(name);
                theory.AddTo(summary.Theory);
                return summary;
            },
        };
    }

    private static double[] InitialPoint(RunSpec spec, SparseRecoveryData data)
    {
        int n = data.n;
        double scale = spec.Real("init-scale");
        var a = new double[n];
        if (spec.Text("init") == "identity")
        {
            Array.Fill(a, scale);
        }
        else
        {
            // reference: randn(n) / sqrt(n) * init_scale (spec B.0.5, init_method="random")
            new Random.NumpyRandomState((uint)spec.Int("init-seed")).StandardNormal(a);
            for (int i = 0; i < n; i++) a[i] = a[i] / Math.Sqrt(n) * scale;
        }
        return a;
    }
}
