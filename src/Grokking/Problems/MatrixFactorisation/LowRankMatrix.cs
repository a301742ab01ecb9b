using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// A column-major matrix whose columns are padded to <see cref="Ld"/> rows (padding kept at zero), the layout
/// of every matrix the solvers touch, so the SVD and the update run whole SIMD vectors.
/// </summary>
public sealed class PaddedMatrix
{
    public PaddedMatrix(int rows, int cols)
    {
        (Rows, Cols, Ld) = (rows, cols, JacobiSvd.PaddedRows(rows));
        Data = new double[Ld * cols];
    }

    public int Rows { get; }
    public int Cols { get; }
    public int Ld { get; }
    public double[] Data { get; }

    public double this[int i, int j]
    {
        get => Data[j * Ld + i];
        set => Data[j * Ld + i] = value;
    }

    public PaddedMatrix Clone()
    {
        var c = new PaddedMatrix(Rows, Cols);
        Data.CopyTo(c.Data, 0);
        return c;
    }

    /// <summary>Frobenius norm (padding is zero).</summary>
    public double FrobeniusNorm() => Kernels.Norm2<double>(Data);

    /// <summary>Thin SVD (allocating; for set-up and analysis, not for the step loop).</summary>
    public JacobiSvd Svd()
    {
        var svd = new JacobiSvd(Rows, Cols);
        svd.Decompose(Data, Ld);
        return svd;
    }
}

/// <summary>
/// The ground truth of the matrix figures (spec B.0.7, <c>get_matrices_UV</c>): <c>U ~ randn(n1, r)</c>,
/// <c>V ~ randn(n2, r)</c>, <c>A* = U V^T / sqrt(r)</c> rescaled to <c>||A*||_F = sqrt(n1 n2)</c>. The reference
/// draws U and V from torch's global RNG left unseeded (<c>seed = 0</c> is falsy), so A* is not reproducible;
/// we draw them from numpy's legacy stream seeded with <c>matrix-seed</c> (U first, then V, row-major) and
/// compare statistically over seeds. Seed 0 gives the spec's numpy surrogate: sigma(A*) = (8.1699, 5.7665).
/// </summary>
public static class LowRankMatrix
{
    public static PaddedMatrix Create(int n1, int n2, int rank, uint seed)
    {
        var rng = new NumpyRandomState(seed);
        var u = rng.StandardNormal(n1 * rank);
        var v = rng.StandardNormal(n2 * rank);
        var a = new PaddedMatrix(n1, n2);
        double scale = 1 / Math.Sqrt(rank);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                double s = 0;
                for (int k = 0; k < rank; k++) s += u[i * rank + k] * v[j * rank + k];
                a[i, j] = s * scale;
            }
        double target = Math.Sqrt((double)n1 * n2) / a.FrobeniusNorm();
        for (int i = 0; i < a.Data.Length; i++) a.Data[i] *= target;
        return a;
    }

    /// <summary>
    /// Local coherences of the compact SVD (r = numerical rank): <c>mu_i = (n1/r) ||U_{i,:}||^2</c>,
    /// <c>nu_j = (n2/r) ||V_{j,:}||^2</c> (spec B.0.7, <c>calculate_local_coherence</c>).
    /// </summary>
    public static (double[] Mu, double[] Nu, int Rank) LocalCoherence(PaddedMatrix a)
    {
        var svd = a.Svd();
        var s = svd.SingularValues;
        int r = 0;
        // numpy's compact SVD keeps the values above a rounding-level cut-off; A* has exact rank r
        while (r < s.Length && s[r] > 1e-10 * s[0]) r++;
        var mu = new double[a.Rows];
        var nu = new double[a.Cols];
        for (int i = 0; i < a.Rows; i++)
        {
            for (int k = 0; k < r; k++) mu[i] += svd.U(i, k) * svd.U(i, k);
            mu[i] *= (double)a.Rows / r;
        }
        for (int j = 0; j < a.Cols; j++)
        {
            for (int k = 0; k < r; k++) nu[j] += svd.V(j, k) * svd.V(j, k);
            nu[j] *= (double)a.Cols / r;
        }
        return (mu, nu, r);
    }
}
