using System.Numerics;
using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The reference's complex solver paths (spec B.0.5): grad = X^H (Xa - y) + beta2 a/||a||_2 (gradient of the
/// unsquared norm, 0 at a = 0) + beta1 (sign(Re a) + i sign(Im a)); subgradient, ISTA (shrink the modulus by
/// alpha beta1, keep the phase) or projected subgradient (then a - X^H (X X^H)^{-1} (Xa - y)). Records the same
/// metrics as the real model; components as Re a_i ("a") and Im a_i ("a_imag").
/// </summary>
internal sealed class ComplexSparseModel : ITrainable
{
    /// <summary>Im a_i per component (Re a_i is <see cref="SparseRecoveryModel.Component"/>).</summary>
    public const string ImaginaryComponent = "a_imag";

    private readonly ComplexSparseData _d;
    private readonly bool _ista;
    private readonly double _alpha, _beta1, _beta2, _yNorm, _aStarNorm;
    private readonly Complex[] _a, _r, _g;
    private readonly Complex[]? _projection; // X^H (X X^H)^{-1}, n x N
    private readonly bool _components;
    private int _idTrain, _idRecovery, _idL1, _idL2, _idGrad, _idRatio, _idRecL1, _idRe, _idIm;

    public ComplexSparseModel(ComplexSparseData d, string method, double alpha, double beta1, double beta2, Complex[] init, bool components)
    {
        (_d, _alpha, _beta1, _beta2, _a, _components) = (d, alpha, beta1, beta2, init, components);
        _ista = method == "ista";
        _r = new Complex[d.N];
        _g = new Complex[d.n];
        _yNorm = Norm(d.Y);
        _aStarNorm = Norm(d.AStar);
        if (method == "proj_subgradient") _projection = ComplexLinearAlgebra.RightPseudoInverse(d.X, d.N, d.n);
    }

    public IReadOnlyList<string> HeadlineMetrics { get; } = [SparseRecoveryModel.TrainError, SparseRecoveryModel.RecoveryError];
    public int RowsPerRecord => 7 + (_components ? 2 * _d.n : 0);

    public void Advance(long steps)
    {
        int n = _d.n;
        for (long t = 0; t < steps; t++)
        {
            Gradient();
            double norm = _beta2 != 0 ? Norm(_a) : 0; // the l2 term is the only user of ||a||
            for (int i = 0; i < n; i++)
            {
                Complex g = _g[i];
                if (_beta2 != 0 && norm > 0) g += _beta2 * _a[i] / norm;
                if (!_ista && _beta1 != 0) g += _beta1 * new Complex(Sign(_a[i].Real), Sign(_a[i].Imaginary));
                _a[i] -= _alpha * g;
                if (_ista)
                {
                    double mod = _a[i].Magnitude, shrunk = mod - _alpha * _beta1;
                    _a[i] = shrunk > 0 ? _a[i] * (shrunk / mod) : Complex.Zero;
                }
            }
            if (_projection is not null)
            {
                Residual();
                for (int i = 0; i < n; i++)
                {
                    Complex acc = 0;
                    for (int k = 0; k < _d.N; k++) acc += _projection[i * _d.N + k] * _r[k];
                    _a[i] -= acc;
                }
            }
        }
    }

    private static double Sign(double v) => v > 0 ? 1 : v < 0 ? -1 : 0;

    private void Residual()
    {
        for (int i = 0; i < _d.N; i++)
        {
            Complex acc = 0;
            for (int j = 0; j < _d.n; j++) acc += _d.X[i * _d.n + j] * _a[j];
            _r[i] = acc - _d.Y[i];
        }
    }

    /// <summary>_r = Xa - y, _g = X^H _r.</summary>
    private void Gradient()
    {
        Residual();
        for (int j = 0; j < _d.n; j++)
        {
            Complex acc = 0;
            for (int i = 0; i < _d.N; i++) acc += Complex.Conjugate(_d.X[i * _d.n + j]) * _r[i];
            _g[j] = acc;
        }
    }

    private static double Norm(ReadOnlySpan<Complex> v)
    {
        double s = 0;
        foreach (var c in v) s += c.Real * c.Real + c.Imaginary * c.Imaginary;
        return Math.Sqrt(s);
    }

    public void RegisterMetrics(MetricRecord record)
    {
        _idTrain = record.Register(SparseRecoveryModel.TrainError);
        _idRecovery = record.Register(SparseRecoveryModel.RecoveryError);
        _idL1 = record.Register(SparseRecoveryModel.L1Norm);
        _idL2 = record.Register(SparseRecoveryModel.L2Norm);
        _idGrad = record.Register(SparseRecoveryModel.GradNorm);
        _idRatio = record.Register(SparseRecoveryModel.GradRatio);
        _idRecL1 = record.Register(SparseRecoveryModel.RecoveryL1Mean);
        if (_components) { _idRe = record.Register(SparseRecoveryModel.Component); _idIm = record.Register(ImaginaryComponent); }
    }

    public void Record(long step, MetricRecord record)
    {
        Gradient();
        double l1 = 0, diff2 = 0, diff1 = 0;
        int big = 0;
        for (int i = 0; i < _d.n; i++)
        {
            l1 += _a[i].Magnitude;
            var e = _a[i] - _d.AStar[i];
            diff2 += e.Real * e.Real + e.Imaginary * e.Imaginary;
            diff1 += e.Magnitude;
            if (_a[i].Magnitude >= 1e-3) big++;
        }
        double gradNorm = Norm(_g);
        record.Add(step, _idTrain, Norm(_r) / _yNorm);
        record.Add(step, _idRecovery, Math.Sqrt(diff2) / _aStarNorm);
        record.Add(step, _idL1, l1);
        record.Add(step, _idL2, Norm(_a));
        record.Add(step, _idGrad, gradNorm);
        // spec B.0.10: the reference's complex branch omits beta1 in the ratio's numerator
        record.Add(step, _idRatio, Math.Sqrt(big) / gradNorm);
        record.Add(step, _idRecL1, diff1 / _d.n);
        if (_components)
            for (int i = 0; i < _d.n; i++) { record.Add(step, _idRe, _a[i].Real, i); record.Add(step, _idIm, _a[i].Imaginary, i); }
    }

    public bool IsFinite()
    {
        foreach (var c in _a) if (!double.IsFinite(c.Real) || !double.IsFinite(c.Imaginary)) return false;
        return true;
    }

    /// <summary>Step-size bound 2/(lambda_max(X^H X) + beta2) and the reference's least-squares point: X^H (X X^H)^{-1} y
    /// for beta2 = 0, else pinv(X^H X + beta2) X^H y with beta2 added to every entry (spec B.0.5).</summary>
    public static (double Bound, Complex[] LeastSquares) Theory(ComplexSparseData d, double beta2)
    {
        double lmax = ComplexLinearAlgebra.LambdaMaxGram(d.X, d.N, d.n);
        if (beta2 != 0) return (2 / (lmax + beta2), ComplexLinearAlgebra.ReferenceDiagnostic(d.X, d.N, d.n, d.Y, beta2));
        var pinv = ComplexLinearAlgebra.RightPseudoInverse(d.X, d.N, d.n);
        var ls = new Complex[d.n];
        for (int j = 0; j < d.n; j++)
            for (int k = 0; k < d.N; k++) ls[j] += pinv[j * d.N + k] * d.Y[k];
        return (2 / (lmax + beta2), ls);
    }
}
