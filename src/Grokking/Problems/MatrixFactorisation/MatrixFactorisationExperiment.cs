using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// Low-rank matrix completion and sensing with nuclear-norm (and l1/l2) regularised subgradient, projected
/// subgradient or proximal (SVT) descent, shallow or as a deep product (paper 1, §3.2, App. D.2, F; spec B.0.7-B.0.8,
/// B.9-B.11). Memorises the observations after ~t1 steps and recovers A* only after ~||Â - A*||_2 / (alpha beta*).
/// </summary>
public sealed class MatrixFactorisationExperiment : IExperiment
{
    public const string Kind = "matrix-factorisation";
    public string Name => Kind;
    public string Summary => "matrix completion/sensing: A <- A - alpha (X^T(X vec A - y) + beta* U V^T) (paper 1, Figs 5, 6, 8, 14, 15, 23, 29)";
    public ParameterSchema Schema => MatrixFactorisationParameters.Schema;

    public PreparedRun Prepare(RunSpec spec)
    {
        MatrixData data;
        try { data = MatrixData.Create(spec); }
        catch (ArgumentException e) { throw SpecException.From(e); }
        double alpha = spec.Real("alpha"), betaStar = spec.Real("beta-star"), beta1 = spec.Real("beta1"), beta2 = spec.Real("beta2");
        var theory = MatrixTheory.Compute(data, alpha, betaStar, beta2);
        if (!(alpha < theory.StepBound))
            throw new SpecException(
                $"alpha = {alpha:G6} is not below the stability bound 2/(sigma_max(X^T X) + beta2) = {theory.StepBound:G6}; gradient descent would diverge");
        var method = spec.Text("method") switch
        {
            "proj-subgradient" => MatrixMethod.ProjectedSubgradient,
            "ista" => MatrixMethod.Proximal,
            _ => MatrixMethod.Subgradient,
        };
        int depth = (int)spec.Int("depth");
        bool random = spec.Text("init") == "random";
        double scale = spec.Real("init-scale");
        ITrainable model = depth == 1
            ? new MatrixModel(data, method, alpha, betaStar, beta1, beta2, InitialPoint(data, random, scale, (uint)spec.Int("init-seed")), spec.Flag("spectrum"))
            : new DeepMatrixModel(data, depth, alpha, betaStar, beta1, beta2, random, scale, (uint)spec.Int("init-seed"), spec.Flag("spectrum"));

        double trainThr = spec.Real("train-threshold"), testThr = spec.Real("test-threshold");
        bool t1Plateau = spec.Text("t1-rule") == "plateau", t2Plateau = spec.Text("t2-rule") == "plateau";
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
                var (steps, train) = record.Series(MatrixRecorder.TrainError);
                var (_, recovery) = record.Series(MatrixRecorder.RecoveryError);
                long? t1 = (t1Plateau ? Plateau(steps, train) : Detectors.Threshold(steps, train, trainThr))?.Step;
                var t2Detection = t2Plateau ? Plateau(steps, recovery) : Detectors.Threshold(steps, recovery, testThr);
                var summary = new RunSummary
                {
                    Id = spec.Id, Kind = spec.Kind, Steps = timing.Steps, T1 = t1, T2 = t2Detection?.Step,
                    T1Rule = t1Plateau ? "stable plateau of the train error (K=3, 5 %, M=2)" : $"first recorded step with train error <= {trainThr:G3}",
                    T2Rule = t2Plateau ? "stable plateau of the recovery error (K=3, 5 %, M=2)" : $"first recorded step with recovery error <= {testThr:G3}",
                    SteppingSeconds = timing.SteppingSeconds,
                };
                foreach (var name in record.MetricNames)
                    if (name != MatrixRecorder.Sigma) summary.Final[name] = record.Last(name);
                if (record.Has(MatrixRecorder.Sigma))
                    foreach (int i in record.Scopes(MatrixRecorder.Sigma))
                        summary.Final[$"sigma_{i}"] = record.Series(MatrixRecorder.Sigma, i).Values[^1];
                if (t2Detection is { } d)
                {
                    summary.Final["recovery_error_at_t2"] = recovery[d.Index];
                    summary.Final["error_nuclear_at_t2"] = record.Series(MatrixRecorder.ErrorNuclear).Values[d.Index];
                }
                theory.AddTo(summary.Theory);
                return summary;
            },
        };
    }

    private static Detection? Plateau(long[] steps, double[] values) =>
        values.Length >= Detectors.PlateauRule.Notebook.K ? Detectors.StablePlateau(steps, values, Detectors.PlateauRule.Notebook) : null;

    /// <summary>Reference init (spec B.0.8): identity = zeta eye(max)[:n1, :n2]; random = zeta randn(n1, n2) / sqrt(n1 n2).</summary>
    internal static PaddedMatrix InitialPoint(MatrixData d, bool random, double scale, uint seed)
    {
        var a = new PaddedMatrix(d.N1, d.N2);
        var rng = random ? new NumpyRandomState(seed) : null;
        double norm = Math.Sqrt((double)d.N1 * d.N2);
        for (int i = 0; i < d.N1; i++)
            for (int j = 0; j < d.N2; j++)
                a[i, j] = rng is null ? (i == j ? scale : 0) : rng.StandardNormal() / norm * scale;
        return a;
    }
}
