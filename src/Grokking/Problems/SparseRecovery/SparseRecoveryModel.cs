using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// A sparse-recovery run: a stepper (fused subgradient, ISTA, projected, deep) plus the reference's metrics
/// on its effective vector a. All buffers are allocated here, once; stepping and recording allocate nothing.
/// </summary>
internal sealed class SparseRecoveryModel : ITrainable
{
    public const string TrainError = "train_error";
    public const string RecoveryError = "recovery_error";
    public const string L1Norm = "l1_norm";
    public const string L2Norm = "l2_norm";
    public const string GradNorm = "grad_norm";
    public const string GradRatio = "grad_ratio";
    public const string RecoveryL1Mean = "recovery_l1_mean";
    /// <summary>u = ||a_I||_2 with I the support of a* (Fig 24's landscape coordinates).</summary>
    public const string SupportNorm = "support_norm";
    /// <summary>v = ||a_{I^c}||_2, the mass off the support of a*.</summary>
    public const string OffSupportNorm = "off_support_norm";
    public const string Component = "a";

    private readonly SparseRecoveryData _d;
    private readonly SparseStepper _stepper;
    private readonly double _beta1;
    private readonly double[] _r, _g, _diff;
    private readonly bool _components;
    private readonly bool[] _onSupport;
    private readonly double _yNorm, _aStarNorm;
    private int _idTrain, _idRecovery, _idL1, _idL2, _idGrad, _idRatio, _idRecL1, _idU, _idV, _idComp;

    public SparseRecoveryModel(SparseRecoveryData data, SparseStepper stepper, double beta1, bool components)
    {
        (_d, _stepper, _beta1, _components) = (data, stepper, beta1, components);
        _r = new double[data.N];
        _g = new double[data.n];
        _diff = new double[data.n];
        _onSupport = new bool[data.n];
        foreach (int i in data.Support) _onSupport[i] = true;
        _yNorm = Kernels.Norm2<double>(data.Y);
        _aStarNorm = Kernels.Norm2<double>(data.AStar);
    }

    public ReadOnlySpan<double> Parameters => _stepper.A;

    public IReadOnlyList<string> HeadlineMetrics { get; } = [TrainError, RecoveryError];

    public int RowsPerRecord => 9 + (_components ? _d.n : 0);

    public void Advance(long steps) => _stepper.Advance(steps);

    public bool IsFinite() => _stepper.IsFinite();

    public void RegisterMetrics(MetricRecord record)
    {
        _idTrain = record.Register(TrainError);
        _idRecovery = record.Register(RecoveryError);
        _idL1 = record.Register(L1Norm);
        _idL2 = record.Register(L2Norm);
        _idGrad = record.Register(GradNorm);
        _idRatio = record.Register(GradRatio);
        _idRecL1 = record.Register(RecoveryL1Mean);
        _idU = record.Register(SupportNorm);
        _idV = record.Register(OffSupportNorm);
        if (_components) _idComp = record.Register(Component);
    }

    /// <summary>The reference's metrics (spec B.0.5, B.0.10): relative errors without epsilon, ||G|| and the
    /// ratio ||beta1 sign(ã)|| / ||G|| where ã zeroes entries below 1e-3 in magnitude.</summary>
    public void Record(long step, MetricRecord record)
    {
        int n = _d.n;
        var a = _stepper.A;
        Kernels.Residual<double>(_d.X, _d.N, n, a, _d.Y, _r);
        double train = Kernels.Norm2<double>(_r) / _yNorm;
        Kernels.GemvT<double>(_d.X, _d.N, n, _r, _g);
        double gradNorm = Kernels.Norm2<double>(_g);
        Kernels.Subtract<double>(a, _d.AStar, _diff);
        double recovery = Kernels.Norm2<double>(_diff) / _aStarNorm;
        int big = 0;
        double u2 = 0, v2 = 0; // summed separately: v can be ~1e-10 beside u ~ 0.1, so ||a||^2 - u^2 would cancel
        for (int i = 0; i < n; i++)
        {
            if (Math.Abs(a[i]) >= 1e-3) big++;
            if (_onSupport[i]) u2 += a[i] * a[i];
            else v2 += a[i] * a[i];
        }

        record.Add(step, _idTrain, train);
        record.Add(step, _idRecovery, recovery);
        record.Add(step, _idL1, Kernels.Norm1<double>(a));
        record.Add(step, _idL2, Kernels.Norm2<double>(a));
        record.Add(step, _idGrad, gradNorm);
        record.Add(step, _idRatio, _beta1 * Math.Sqrt(big) / gradNorm);
        record.Add(step, _idRecL1, Kernels.Norm1<double>(_diff) / n); // (1/n)||a - a*||_1, Fig 4's error axis
        record.Add(step, _idU, Math.Sqrt(u2));
        record.Add(step, _idV, Math.Sqrt(v2));
        if (_components)
            for (int i = 0; i < n; i++) record.Add(step, _idComp, a[i], i);
    }
}
