using System.Runtime.CompilerServices;
using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>The update rules of spec B.0.8.</summary>
public enum MatrixMethod { Subgradient, ProjectedSubgradient, Proximal }

/// <summary>
/// The shallow parameterisation A ∈ R^{n1 x n2} stepped as the reference solver (spec B.0.8):
/// subgradient <c>A &lt;- A - alpha (G + beta2 A + beta1 sign A + beta* U V^T)</c> with U V^T from the thin SVD of
/// the current A; projected subgradient (then onto <c>{X vec A = y*}</c>); proximal
/// <c>A &lt;- SVT_{alpha beta*}(A - alpha G)</c>. The SVD is warm-started from the previous step's V.
/// All buffers are allocated here, once.
/// </summary>
internal sealed class MatrixModel : ITrainable
{
    private readonly MatrixData _d;
    private readonly DataFit _fit;
    private readonly MatrixMethod _method;
    private readonly double _alpha, _betaStar, _beta1, _beta2;
    private readonly PaddedMatrix _a;
    private readonly double[] _g;
    private readonly JacobiSvd _svd;
    private readonly MatrixRecorder _recorder;
    private bool _stepSpectrum;

    public MatrixModel(MatrixData data, MatrixMethod method, double alpha, double betaStar, double beta1, double beta2,
        PaddedMatrix init, bool spectrum)
    {
        _d = data;
        _method = method;
        (_alpha, _betaStar, _beta1, _beta2) = (alpha, betaStar, beta1, beta2);
        _a = init;
        _fit = new DataFit(data, method == MatrixMethod.ProjectedSubgradient);
        _g = new double[init.Data.Length];
        _svd = new JacobiSvd(data.N1, data.N2);
        _svd.Decompose(_a.Data, _a.Ld);           // sigma of A^(0), recorded at t = 0; seeds the warm start
        _stepSpectrum = true;
        _recorder = new MatrixRecorder(data, _fit, betaStar, spectrum);
    }

    public ReadOnlySpan<double> Parameters => _a.Data;
    public PaddedMatrix Current => _a;
    /// <summary>The SVD used inside the steps (its totals say how many sweeps a step costs).</summary>
    public JacobiSvd StepSvd => _svd;
    public IReadOnlyList<string> HeadlineMetrics { get; } = [MatrixRecorder.TrainError, MatrixRecorder.RecoveryError];
    public int RowsPerRecord => _recorder.RowsPerRecord;
    public void RegisterMetrics(MetricRecord record) => _recorder.Register(record);
    public bool IsFinite() => Kernels.AllFinite<double>(_a.Data);

    /// <summary>Sigma recorded at step t is the SVD computed inside step t, i.e. of A^(t-1) (for the proximal
    /// method: of A^(t-1) - alpha G before thresholding), exactly as the reference records it. Without an SVD in
    /// the step (beta* = 0, not proximal) the recorder uses the SVD of A^(t) instead.</summary>
    public void Record(long step, MetricRecord record) =>
        _recorder.Record(step, record, _a, _stepSpectrum ? _svd.SingularValues : default);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(long steps)
    {
        var a = _a.Data;
        int ld = _a.Ld;
        bool nuclear = _betaStar != 0;
        for (long t = 0; t < steps; t++)
        {
            if (_method == MatrixMethod.Proximal)
            {
                Gradient(a);
                MatrixStep.Descend(a, _g, _alpha, _beta1, _beta2);
                _svd.Decompose(a, ld, warmStart: true);
                _svd.Threshold(a, ld, _alpha * _betaStar);
                continue;
            }
            if (nuclear) _svd.Decompose(a, ld, warmStart: true);
            if (_d.Completion) MatrixStep.DescendCompletion(a, _d.Mask.Data, _d.AStar.Data, _alpha, _beta1, _beta2);
            else { Gradient(a); MatrixStep.Descend(a, _g, _alpha, _beta1, _beta2); }
            if (nuclear) _svd.AddPolarFactor(a, ld, -_alpha * _betaStar);
            if (_method == MatrixMethod.ProjectedSubgradient) _fit.Project(a);
        }
        if (steps > 0) _stepSpectrum = nuclear || _method == MatrixMethod.Proximal;
    }

    private void Gradient(double[] a) => _fit.Gradient(a, _g);
}
