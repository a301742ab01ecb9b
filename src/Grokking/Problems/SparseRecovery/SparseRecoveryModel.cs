using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The shallow sparse-recovery parameterisation a ∈ R^n, stepped by the fused subgradient kernel
/// a &lt;- a - alpha (X^T(Xa - y) + beta1 sign(a) + beta2 a). All buffers are allocated here, once.
/// </summary>
internal sealed class SparseRecoveryModel : ITrainable
{
    public const string TrainError = "train_error";
    public const string RecoveryError = "recovery_error";
    public const string L1Norm = "l1_norm";
    public const string L2Norm = "l2_norm";
    public const string GradNorm = "grad_norm";
    public const string GradRatio = "grad_ratio";
    public const string Component = "a";

    private readonly SparseRecoveryData _d;
    private readonly double _alpha, _beta1, _beta2;
    private readonly double[] _a, _r, _g, _diff;
    private readonly bool _components;
    private readonly double _yNorm, _aStarNorm;
    private int _idTrain, _idRecovery, _idL1, _idL2, _idGrad, _idRatio, _idComp;

    public SparseRecoveryModel(SparseRecoveryData data, double alpha, double beta1, double beta2, double[] init, bool components)
    {
        _d = data;
        (_alpha, _beta1, _beta2) = (alpha, beta1, beta2);
        _a = init;
        _r = new double[data.N];
        _g = new double[data.n];
        _diff = new double[data.n];
        _components = components;
        _yNorm = Kernels.Norm2(data.Y);
        _aStarNorm = Kernels.Norm2(data.AStar);
    }

    public ReadOnlySpan<double> Parameters => _a;

    public IReadOnlyList<string> HeadlineMetrics { get; } = [TrainError, RecoveryError];

    public int RowsPerRecord => 6 + (_components ? _d.n : 0);

    public void Advance(long steps)
    {
        double ab1 = _alpha * _beta1, ab2 = _alpha * _beta2;
        while (steps > 0)
        {
            int chunk = (int)Math.Min(steps, int.MaxValue);
            SubgradientStep.L1(_d.X, _d.N, _d.n, _d.Y, _a, _r, _g, _alpha, ab1, ab2, chunk);
            steps -= chunk;
        }
    }

    public void RegisterMetrics(MetricRecord record)
    {
        _idTrain = record.Register(TrainError);
        _idRecovery = record.Register(RecoveryError);
        _idL1 = record.Register(L1Norm);
        _idL2 = record.Register(L2Norm);
        _idGrad = record.Register(GradNorm);
        _idRatio = record.Register(GradRatio);
        if (_components) _idComp = record.Register(Component);
    }

    /// <summary>The reference's metrics (spec B.0.5, B.0.10): relative errors without epsilon, ||G|| and the
    /// ratio ||beta1 sign(ã)|| / ||G|| where ã zeroes entries below 1e-3 in magnitude.</summary>
    public void Record(long step, MetricRecord record)
    {
        int n = _d.n;
        Kernels.Gemv(_d.X, _d.N, n, _a, _r);
        Kernels.Subtract(_r, _d.Y, _r);
        double train = Kernels.Norm2(_r) / _yNorm;
        Kernels.GemvT(_d.X, _d.N, n, _r, _g);
        double gradNorm = Kernels.Norm2(_g);
        Kernels.Subtract(_a, _d.AStar, _diff);
        double recovery = Kernels.Norm2(_diff) / _aStarNorm;
        int big = 0;
        for (int i = 0; i < n; i++) if (Math.Abs(_a[i]) >= 1e-3) big++;
        double ratio = _beta1 * Math.Sqrt(big) / gradNorm;

        record.Add(step, _idTrain, train);
        record.Add(step, _idRecovery, recovery);
        record.Add(step, _idL1, Kernels.Norm1(_a));
        record.Add(step, _idL2, Kernels.Norm2(_a));
        record.Add(step, _idGrad, gradNorm);
        record.Add(step, _idRatio, ratio);
        if (_components)
            for (int i = 0; i < n; i++) record.Add(step, _idComp, _a[i], i);
    }

    public bool IsFinite() => Kernels.AllFinite(_a);
}
