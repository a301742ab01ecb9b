using Grokking.Problems.Sensing;
using Grokking.Experiments;
using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// The data of one matrix run (spec B.0.7): A*, and either the observed entries (completion: X has one-hot
/// face-splitting rows, so <c>X vec A = (A_{i_q j_q})_q</c>) or a Gaussian face-splitting design (sensing:
/// <c>y_q = X1_q^T A* X2_q</c>). vec is column-major as in the reference; matrices are <see cref="PaddedMatrix"/>.
/// </summary>
public sealed class MatrixData
{
    public required int N1 { get; init; }
    public required int N2 { get; init; }
    public required int Rank { get; init; }
    public required int N { get; init; }
    public required bool Completion { get; init; }
    public required PaddedMatrix AStar { get; init; }
    public required double[] SigmaStar { get; init; }
    public required double[] Y { get; init; }
    /// <summary>Completion: observed flat indices k = i n2 + j (row-major, in selection order).</summary>
    public required int[] Observed { get; init; }
    /// <summary>Completion: 1 on observed entries, 0 elsewhere (and in the padding).</summary>
    public required PaddedMatrix Mask { get; init; }
    /// <summary>Sensing: N x (ld n2) row-major design acting on the padded column-major storage; empty for completion.</summary>
    public required double[] X { get; init; }
    /// <summary>Local coherences of A* (mu_i rows, nu_j columns).</summary>
    public required double[] Mu { get; init; }
    public required double[] Nu { get; init; }

    /// <summary>Columns of <see cref="X"/>: ld n2 (the padded vec length).</summary>
    public int VecLength => AStar.Ld * N2;

    public static MatrixData Create(RunSpec spec)
    {
        int n1 = (int)spec.Int("n1"), n2 = (int)spec.Int("n2"), r = (int)spec.Int("rank"), N = (int)spec.Int("N");
        var aStar = LowRankMatrix.Create(n1, n2, r, (uint)spec.Int("matrix-seed"));
        var svd = aStar.Svd();
        var (mu, nu, _) = LowRankMatrix.LocalCoherence(aStar);
        uint seed = (uint)spec.Int("data-seed");
        double tau = spec.Real("tau");
        bool completion = spec.Text("problem") == "completion";
        var mask = new PaddedMatrix(n1, n2);
        var y = new double[N];
        int[] observed = [];
        double[] x = [];
        if (completion)
        {
            observed = SelectEntries(n1, n2, N, tau, mu, nu, seed);
            for (int q = 0; q < N; q++)
            {
                int i = observed[q] / n2, j = observed[q] % n2;
                mask[i, j] = 1;
                y[q] = aStar[i, j];
            }
        }
        else
        {
            double variance = spec.Text("variance") == "1/N" ? 1.0 / N : 1.0 / (n1 * n2);
            uint seed2 = spec.Text("sensing-seeds") == "same" ? seed : seed + 1;
            x = SensingDesign(svd, n1, n2, N, tau, variance, seed, seed2);
            int n = aStar.Ld * n2;
            Kernels.Gemv<double>(x, N, n, aStar.Data, y);
        }
        return new MatrixData
        {
            N1 = n1, N2 = n2, Rank = r, N = N, Completion = completion, AStar = aStar,
            SigmaStar = svd.SingularValues.ToArray(), Y = y, Observed = observed, Mask = mask, X = x, Mu = mu, Nu = nu,
        };
    }

    /// <summary>
    /// <c>get_measures_matrix_completion</c> (spec B.0.7), with <c>np.random.seed(seed)</c>: tau = 0 takes
    /// <c>permutation(n1 n2)[:N]</c>; tau &gt; 0 takes the int(tau N) entries of largest <c>mu_i + nu_j</c>
    /// (<c>argsort(P)[::-1]</c>: descending, ties by larger flat index first) and then
    /// <c>choice(remaining, N - int(tau N), replace=False)</c> = remaining[permutation(len)[:k]].
    /// Flat index k = i n2 + j (row-major enumeration of the entries).
    /// </summary>
    public static int[] SelectEntries(int n1, int n2, int N, double tau, double[] mu, double[] nu, uint seed)
    {
        var rng = new NumpyRandomState(seed);
        int n = n1 * n2;
        if (tau == 0) return rng.Permutation(n)[..N];
        var order = Enumerable.Range(0, n)
            .OrderByDescending(k => mu[k / n2] + nu[k % n2]).ThenByDescending(k => k).ToArray();
        int top = (int)(tau * N);
        var selected = new int[N];
        Array.Copy(order, selected, top);
        int rest = N - top;
        if (rest > 0)
        {
            var remaining = order[top..];
            var pick = rng.Choice(remaining.Length, rest);
            for (int q = 0; q < rest; q++) selected[top + q] = remaining[pick[q]];
        }
        return selected;
    }

    /// <summary>
    /// <c>get_measures_matrix_sensing</c>: X1 = get_measures(N, U*, tau, variance, seed1).X = M1 U*, X2 = M2 V*,
    /// X = X2 • X1 (row q = kron(X2_q, X1_q)), laid out on the padded column-major storage: column j ld + i holds
    /// X1[q, i] X2[q, j]. The reference passes the same seed twice, so M1 = M2 when n1 = n2: then every measurement
    /// is U*^T (m m^T) V*, X has rank n(n+1)/2 = 55 for 10 x 10, X X^T is singular for N &gt; 55 (the reference's
    /// projection with np.linalg.inv diverges; numpy check in docs/REPRODUCTION.md, matrix section) and A* is not
    /// recoverable. The published Figs 14/15 recover, so they cannot have used equal seeds; seed2 = seed + 1 is the default.
    /// </summary>
    private static double[] SensingDesign(JacobiSvd svd, int n1, int n2, int N, double tau, double variance, uint seed1, uint seed2)
    {
        var x1 = Measurements.Create(N, Basis.FromMatrix(FullBasis(svd, n1, left: true)), tau, variance, (int)seed1).X;
        var x2 = Measurements.Create(N, Basis.FromMatrix(FullBasis(svd, n2, left: false)), tau, variance, (int)seed2).X;
        int ld = JacobiSvd.PaddedRows(n1), n = ld * n2;
        var x = new double[N * n];
        for (int q = 0; q < N; q++)
            for (int j = 0; j < n2; j++)
                for (int i = 0; i < n1; i++) x[q * n + j * ld + i] = x1[q, i] * x2[q, j];
        return x;
    }

    /// <summary>U* (n1 x n1) or V* (n2 x n2) of the full SVD: the thin vectors completed to an orthonormal basis.</summary>
    private static DenseMatrix FullBasis(JacobiSvd svd, int size, bool left)
    {
        var b = new DenseMatrix(size, size);
        int k = svd.Count;
        for (int c = 0; c < k; c++)
            for (int i = 0; i < size; i++) b[i, c] = left ? svd.U(i, c) : svd.V(i, c);
        for (int c = k, e = 0; c < size; c++)
        {
            while (true)
            {
                var col = new double[size];
                col[e++] = 1;
                for (int pass = 0; pass < 2; pass++)
                    for (int p = 0; p < c; p++)
                    {
                        double d = 0;
                        for (int i = 0; i < size; i++) d += b[i, p] * col[i];
                        for (int i = 0; i < size; i++) col[i] -= d * b[i, p];
                    }
                double norm = Math.Sqrt(col.Sum(v => v * v));
                if (norm < 0.5) continue;
                for (int i = 0; i < size; i++) b[i, c] = col[i] / norm;
                break;
            }
        }
        return b;
    }

    /// <summary>The largest eigenvalue of X^T X: 1 for completion (a 0/1 diagonal), computed for sensing.</summary>
    public double LambdaMax() => Completion ? 1.0 : StepSize.LambdaMax(X, N, VecLength);

    /// <summary>
    /// The memorisation (least-squares) solution Â: for completion the observed entries and 0 elsewhere; for
    /// sensing the min-norm solution <c>pinv(X) y</c>, unvec'd (the padding columns of X are zero, so it stays 0).
    /// </summary>
    public PaddedMatrix LeastSquaresSolution()
    {
        var a = new PaddedMatrix(N1, N2);
        if (Completion)
        {
            for (int i = 0; i < a.Data.Length; i++) a.Data[i] = Mask.Data[i] * AStar.Data[i];
            return a;
        }
        LeastSquares.MinNorm(X, N, VecLength, Y).CopyTo(a.Data, 0);
        return a;
    }
}
