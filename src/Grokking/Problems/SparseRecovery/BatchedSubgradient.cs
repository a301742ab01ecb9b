using Grokking.Numerics;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// B subgradient runs sharing X, stepped together: the parameters are the columns of A (n x B, row-major with
/// stride ld), so every step is two GEMMs (R = X A - Y, G = X^T R) instead of 2B GEMVs. Per-run alpha,
/// beta1, beta2. Each run reads its column through a <see cref="Column"/> view.
/// </summary>
internal sealed class BatchedSubgradient
{
    private readonly SparseRecoveryData _d;
    private readonly int _b, _ld;
    private readonly double[] _a, _y, _r, _alpha, _ab1, _ab2;

    public BatchedSubgradient(SparseRecoveryData d, IReadOnlyList<double[]> inits, double[] alpha, double[] beta1, double[] beta2)
    {
        _d = d;
        _b = inits.Count;
        _ld = _b;
        _a = new double[d.n * _ld];
        _y = new double[d.N * _ld];
        _r = new double[d.N * _ld];
        for (int j = 0; j < _b; j++)
        {
            for (int i = 0; i < d.n; i++) _a[i * _ld + j] = inits[j][i];
            for (int i = 0; i < d.N; i++) _y[i * _ld + j] = d.Y[i];
        }
        _alpha = alpha;
        _ab1 = alpha.Zip(beta1, (a, b) => a * b).ToArray();
        _ab2 = alpha.Zip(beta2, (a, b) => a * b).ToArray();
    }

    public int Count => _b;

    public void Advance(long steps)
    {
        for (; steps > 0; steps -= int.MaxValue)
            SubgradientStep.L1Batched<double>(_d.X, _d.N, _d.n, _b, _ld, _y, _a, _r, Span<double>.Empty,
                _alpha, _ab1, _ab2, (int)Math.Min(steps, int.MaxValue));
    }

    public SparseStepper Column(int j) => new ColumnView(this, j);

    /// <summary>Run j of the batch, seen as a single run; stepping goes through the batch.</summary>
    private sealed class ColumnView(BatchedSubgradient batch, int j) : SparseStepper
    {
        private readonly double[] _column = new double[batch._d.n];

        public override ReadOnlySpan<double> A
        {
            get
            {
                for (int i = 0; i < _column.Length; i++) _column[i] = batch._a[i * batch._ld + j];
                return _column;
            }
        }

        public override void Advance(long steps) =>
            throw new InvalidOperationException("a batched run advances with its batch");

        public override bool IsFinite() => Kernels.AllFinite<double>(A);
    }
}
