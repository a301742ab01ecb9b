using Grokking.Experiments;
using Grokking.Reports;
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

    public IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new(MatrixRecorder.TrainError, "relative train error ||X vec A - y*|| / ||y*||"),
        new(MatrixRecorder.RecoveryError, "relative recovery error ||A - A*||_F / ||A*||_F"),
        new(MatrixRecorder.NuclearNorm, "||A||_* (sum of the recorded singular values)"),
        new(MatrixRecorder.GradNorm, "||G(A)|| = ||X^T(X vec A - y*)||"),
        new(MatrixRecorder.GradRatio, "||beta* U V^T||_F / ||G(A)||, the penalty's pull against the data's"),
        new(MatrixRecorder.ErrorNuclear, "||A - A*||_*"),
        new(MatrixRecorder.ErrorSpectral, "||A - A*||_2"),
        new(MatrixRecorder.Sigma, "singular values sigma_i of A, scope i (with --spectrum)", PerScope: true),
    ];

    public Figure? PlotRun(RunSpec spec, MetricRecord record, RunSummary summary) =>
        MatrixPlots.Dynamics(record, summary, $"matrix {spec.Text("problem")} {spec.Id}", spec.Real("alpha") * spec.Real("beta-star"));

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

        var summariser = new RunSummariser
        {
            T1 = TrainingParameters.T1(spec, MatrixRecorder.TrainError, "train error"),
            T2 = TrainingParameters.T2(spec, MatrixRecorder.RecoveryError, "recovery error"),
            FinalPerScope = [MatrixRecorder.Sigma],
            AtT2 = [MatrixRecorder.RecoveryError, MatrixRecorder.ErrorNuclear],
            Theory = theory.AddTo,
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
