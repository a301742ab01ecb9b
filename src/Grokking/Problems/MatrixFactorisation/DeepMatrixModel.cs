using Grokking.Numerics;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// Deep factorisation <c>A = A_1 A_2 ... A_L</c> (A_1: n1 x d, A_k: d x d, A_L: d x n2, d = max(n1, n2)),
/// trained by synchronous (sub)gradient descent on every factor from the same old values:
/// <c>A_i &lt;- A_i - alpha (P_{i-1}^T G(A) S_{i+1}^T + beta2 A_i + beta1 sign(A_i) + beta* U_i V_i^T)</c>,
/// with <c>P_{i-1} = A_1 ... A_{i-1}</c>, <c>S_{i+1} = A_{i+1} ... A_L</c> (identity when empty) and
/// <c>G(A) = unvec(X^T (X vec A - y*))</c>: the exact chain rule of <c>½||X vec(A_1 ... A_L) - y*||²</c> plus the
/// regularisers applied to each factor.
/// </summary>
/// <remarks>
/// The reference's <c>deep_subgradient_descent_matrix_factorization</c> is unused by any figure and wrong
/// (it multiplies factors element-wise and regularises with a row of the product; spec B.0.8, F.7), so it is
/// not ported; only its initialisation is kept: identity = zeta * eye (rectangular cuts), random =
/// zeta * N(0,1) / sqrt(rows cols) for the outer factors and zeta * N(0,1) / d for the middle ones.
/// </remarks>
internal sealed class DeepMatrixModel : ITrainable
{
    private readonly MatrixData _d;
    private readonly DataFit _fit;
    private readonly double _alpha, _betaStar, _beta1, _beta2;
    private readonly PaddedMatrix[] _factors, _grads, _prefix, _suffix, _temp;
    private readonly JacobiSvd[] _svds;
    private readonly PaddedMatrix _product, _gA;
    private readonly MatrixRecorder _recorder;

    public DeepMatrixModel(MatrixData data, int depth, double alpha, double betaStar, double beta1, double beta2,
        bool randomInit, double initScale, uint initSeed, bool spectrum)
    {
        if (depth < 2) throw new ArgumentOutOfRangeException(nameof(depth), "use MatrixModel for depth 1");
        _d = data;
        (_alpha, _betaStar, _beta1, _beta2) = (alpha, betaStar, beta1, beta2);
        _fit = new DataFit(data, projection: false);
        int d = Math.Max(data.N1, data.N2);
        _factors = new PaddedMatrix[depth];
        for (int k = 0; k < depth; k++)
            _factors[k] = new PaddedMatrix(k == 0 ? data.N1 : d, k == depth - 1 ? data.N2 : d);
        Initialise(randomInit, initScale, initSeed, d);
        _grads = _factors.Select(f => new PaddedMatrix(f.Rows, f.Cols)).ToArray();
        _prefix = _factors.Select(f => new PaddedMatrix(data.N1, f.Cols)).ToArray();
        _suffix = _factors.Select(f => new PaddedMatrix(f.Rows, data.N2)).ToArray();
        _temp = _factors.Select(f => new PaddedMatrix(f.Rows, data.N2)).ToArray();
        _svds = _factors.Select(f => new JacobiSvd(f.Rows, f.Cols)).ToArray();
        _product = new PaddedMatrix(data.N1, data.N2);
        _gA = new PaddedMatrix(data.N1, data.N2);
        _recorder = new MatrixRecorder(data, _fit, betaStar, spectrum);
        Products();
    }

    public IReadOnlyList<PaddedMatrix> Factors => _factors;
    public PaddedMatrix Product => _product;
    public IReadOnlyList<string> HeadlineMetrics { get; } = [MatrixRecorder.TrainError, MatrixRecorder.RecoveryError];
    public int RowsPerRecord => _recorder.RowsPerRecord;
    public void RegisterMetrics(MetricRecord record) => _recorder.Register(record);

    /// <summary>For depth >= 2 the recorded sigma are those of the current product A^(t).</summary>
    public void Record(long step, MetricRecord record) => _recorder.Record(step, record, _product, default);

    public bool IsFinite() => Kernels.AllFinite<double>(_product.Data) && _factors.All(f => Kernels.AllFinite<double>(f.Data));

    private void Initialise(bool random, double scale, uint seed, int d)
    {
        var rng = random ? new NumpyRandomState(seed) : null;
        int last = _factors.Length - 1;
        for (int k = 0; k <= last; k++)
        {
            var f = _factors[k];
            double norm = k == 0 || k == last ? Math.Sqrt((double)f.Rows * f.Cols) : d;
            for (int i = 0; i < f.Rows; i++)          // row-major draws, as numpy fills randn(rows, cols)
                for (int j = 0; j < f.Cols; j++)
                    f[i, j] = rng is null ? (i == j ? scale : 0) : scale * rng.StandardNormal() / norm;
        }
    }

    /// <summary>Prefix products P_k = A_1..A_k (n1 x cols_k) and suffix products S_k = A_k..A_L (rows_k x n2).</summary>
    private void Products()
    {
        int L = _factors.Length;
        Copy(_factors[0], _prefix[0]);
        for (int k = 1; k < L; k++) Multiply(_prefix[k - 1], false, _factors[k], false, _prefix[k]);
        Copy(_factors[L - 1], _suffix[L - 1]);
        for (int k = L - 2; k >= 0; k--) Multiply(_factors[k], false, _suffix[k + 1], false, _suffix[k]);
        Copy(_prefix[L - 1], _product);
    }

    public void Advance(long steps)
    {
        int L = _factors.Length;
        for (long t = 0; t < steps; t++)
        {
            _fit.Gradient(_product.Data, _gA.Data);
            for (int k = 0; k < L; k++)
            {
                // temp = P_{k-1}^T G (rows_k x n2), grad_k = temp S_{k+1}^T (rows_k x cols_k)
                if (k == 0) Copy(_gA, _temp[0]); else Multiply(_prefix[k - 1], true, _gA, false, _temp[k]);
                if (k == L - 1) Copy(_temp[k], _grads[k]); else Multiply(_temp[k], false, _suffix[k + 1], true, _grads[k]);
                var f = _factors[k];
                if (_betaStar != 0)
                {
                    _svds[k].Decompose(f.Data, f.Ld, warmStart: true);
                    _svds[k].AddPolarFactor(_grads[k].Data, _grads[k].Ld, _betaStar);
                }
            }
            for (int k = 0; k < L; k++) MatrixStep.Descend(_factors[k].Data, _grads[k].Data, _alpha, _beta1, _beta2);
            Products();
        }
    }

    private static void Copy(PaddedMatrix src, PaddedMatrix dst) => src.Data.AsSpan().CopyTo(dst.Data);

    /// <summary>c = op(a) op(b) on padded column-major storage (small matrices; plain loops).</summary>
    internal static void Multiply(PaddedMatrix a, bool ta, PaddedMatrix b, bool tb, PaddedMatrix c)
    {
        int m = ta ? a.Cols : a.Rows, inner = ta ? a.Rows : a.Cols, n = tb ? b.Rows : b.Cols;
        if ((tb ? b.Cols : b.Rows) != inner || c.Rows != m || c.Cols != n)
            throw new ArgumentException("matrix sizes do not match");
        var ad = a.Data; var bd = b.Data; var cd = c.Data;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                double s = 0;
                for (int l = 0; l < inner; l++)
                    s += (ta ? ad[i * a.Ld + l] : ad[l * a.Ld + i]) * (tb ? bd[l * b.Ld + j] : bd[j * b.Ld + l]);
                cd[j * c.Ld + i] = s;
            }
    }
}
