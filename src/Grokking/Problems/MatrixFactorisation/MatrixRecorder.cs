using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// The metrics of a matrix run (spec B.0.8, B.0.10), recorded without allocating:
/// relative errors with the reference's +1e-6 in the denominators, the gradient norm <c>||X^T(X vec A - y*)||</c>,
/// the gradient ratio <c>||beta* U V^T||_F / ||X^T(X vec A - y*)||</c> (thin SVD of the recorded A), the nuclear norm
/// (sum of the recorded singular values), <c>||A - A*||_*</c> and <c>||A - A*||_2</c> (Fig 6), and sigma_i.
/// </summary>
internal sealed class MatrixRecorder
{
    public const string TrainError = "train_error";
    public const string RecoveryError = "recovery_error";
    public const string NuclearNorm = "nuclear_norm";
    public const string GradNorm = "grad_norm";
    public const string GradRatio = "grad_ratio";
    public const string ErrorNuclear = "error_nuclear";
    public const string ErrorSpectral = "error_spectral";
    public const string Sigma = "sigma";

    private const double Eps = 1e-6;   // the reference's eps in both denominators
    private readonly MatrixData _d;
    private readonly DataFit _fit;
    private readonly double _betaStar;
    private readonly bool _spectrum;
    private readonly JacobiSvd _svd, _svdError;
    private readonly double[] _g, _h, _diff;
    private readonly double _aStarNorm;
    private int _idTrain, _idRecovery, _idNuclear, _idGrad, _idRatio, _idErrNuc, _idErrSpec, _idSigma;

    public MatrixRecorder(MatrixData data, DataFit fit, double betaStar, bool spectrum)
    {
        (_d, _fit, _betaStar, _spectrum) = (data, fit, betaStar, spectrum);
        _svd = new JacobiSvd(data.N1, data.N2);
        _svdError = new JacobiSvd(data.N1, data.N2);
        int len = data.AStar.Data.Length;
        (_g, _h, _diff) = (new double[len], new double[len], new double[len]);
        _aStarNorm = data.AStar.FrobeniusNorm();
    }

    public int RowsPerRecord => 7 + (_spectrum ? _svd.Count : 0);

    public void Register(MetricRecord record)
    {
        _idTrain = record.Register(TrainError);
        _idRecovery = record.Register(RecoveryError);
        _idNuclear = record.Register(NuclearNorm);
        _idGrad = record.Register(GradNorm);
        _idRatio = record.Register(GradRatio);
        _idErrNuc = record.Register(ErrorNuclear);
        _idErrSpec = record.Register(ErrorSpectral);
        if (_spectrum) _idSigma = record.Register(Sigma);
    }

    /// <summary>Records A; <paramref name="sigmaBeforeUpdate"/> are the singular values to report (empty: use A's own).</summary>
    public void Record(long step, MetricRecord record, PaddedMatrix a, ReadOnlySpan<double> sigmaBeforeUpdate)
    {
        double residual = _fit.Gradient(a.Data, _g);
        double gradNorm = Kernels.Norm2<double>(_g);
        Kernels.Subtract<double>(a.Data, _d.AStar.Data, _diff);
        double recovery = Kernels.Norm2<double>(_diff) / (_aStarNorm + Eps);

        _svd.Decompose(a.Data, a.Ld);
        Array.Clear(_h);
        _svd.AddPolarFactor(_h, a.Ld, _betaStar);
        double ratio = Kernels.Norm2<double>(_h) / gradNorm;
        var sigma = sigmaBeforeUpdate.IsEmpty ? _svd.SingularValues : sigmaBeforeUpdate;
        double nuclear = 0;
        foreach (double s in sigma) nuclear += s;

        _svdError.Decompose(_diff, a.Ld);
        double errNuclear = 0;
        foreach (double s in _svdError.SingularValues) errNuclear += s;

        record.Add(step, _idTrain, residual / (_fit.YNorm + Eps));
        record.Add(step, _idRecovery, recovery);
        record.Add(step, _idNuclear, nuclear);
        record.Add(step, _idGrad, gradNorm);
        record.Add(step, _idRatio, ratio);
        record.Add(step, _idErrNuc, errNuclear);
        record.Add(step, _idErrSpec, _svdError.SingularValues[0]);
        if (_spectrum)
            for (int i = 0; i < sigma.Length; i++) record.Add(step, _idSigma, sigma[i], i);
    }
}
