using Grokking.Numerics;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// B subgradient runs sharing X, stepped together: the parameters are the columns of one aligned matrix, so
/// every step is two register-tiled GEMMs (R = X A - Y, G = X^T R) instead of 2B GEMVs. Per-run alpha,
/// beta1, beta2. Each run reads its column through a <see cref="Column"/> view.
/// </summary>
internal sealed class BatchedSubgradient
{
    private readonly PaddedBatch<double> _batch;
    private readonly int _n;

    public BatchedSubgradient(SparseRecoveryData d, IReadOnlyList<double[]> inits, double[] alpha, double[] beta1, double[] beta2)
    {
        _n = d.n;
        _batch = new PaddedBatch<double>(d.X, d.N, d.n, inits.Count);
        for (int j = 0; j < inits.Count; j++)
            _batch.SetRun(j, d.Y, inits[j], alpha[j], alpha[j] * beta1[j], alpha[j] * beta2[j]);
    }

    public int Count => _batch.Batch;

    public void Advance(long steps)
    {
        for (; steps > 0; steps -= int.MaxValue)
            _batch.StepL1((int)Math.Min(steps, int.MaxValue));
    }

    public SparseStepper Column(int j) => new ColumnView(this, j);

    /// <summary>Run j of the batch, seen as a single run; stepping goes through the batch.</summary>
    private sealed class ColumnView(BatchedSubgradient owner, int j) : SparseStepper
    {
        private readonly double[] _column = new double[owner._n];

        public override ReadOnlySpan<double> A
        {
            get
            {
                owner._batch.GetParameters(j, _column);
                return _column;
            }
        }

        public override void Advance(long steps) =>
            throw new InvalidOperationException("a batched run advances with its batch");

        public override bool IsFinite() => Kernels.AllFinite<double>(A);
    }
}
