using System.Numerics;
using Grokking.Experiments;
using Grokking.Numerics;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The little Hermitian algebra the complex path needs, through the real embedding of an N x N Hermitian H,
/// [[Re H, -Im H], [Im H, Re H]] (symmetric, each eigenvalue of H twice), so our real Jacobi solver serves.
/// Setup-time only: speed does not matter here.
/// </summary>
internal static class ComplexLinearAlgebra
{
    /// <summary>G = X X^H (N x N Hermitian).</summary>
    private static Complex[] GramRows(Complex[] x, int N, int n)
    {
        var g = new Complex[N * N];
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++)
            {
                Complex acc = 0;
                for (int j = 0; j < n; j++) acc += x[i * n + j] * Complex.Conjugate(x[k * n + j]);
                g[i * N + k] = acc;
            }
        return g;
    }

    private static double[] Embed(Complex[] h, int N)
    {
        int m = 2 * N;
        var e = new double[m * m];
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++)
            {
                var v = h[i * N + k];
                e[i * m + k] = v.Real;
                e[(i + N) * m + k + N] = v.Real;
                e[i * m + k + N] = -v.Imaginary;
                e[(i + N) * m + k] = v.Imaginary;
            }
        return e;
    }

    /// <summary>
    /// The reference's <c>a_LS = pinv(X^H X + beta2) X^H y</c> with the scalar beta2 added to EVERY entry of the
    /// n x n Gram (spec B.0.5), numpy's pinv cutoff (|lambda| &lt;= rcond * max|lambda| dropped). The embedding of
    /// the Hermitian Gram is real symmetric and its pseudo-inverse is the embedding of the complex one.
    /// </summary>
    public static Complex[] ReferenceDiagnostic(Complex[] x, int N, int n, Complex[] y, double beta2,
        double rcond = LeastSquares.DefaultRcond)
    {
        var gram = new Complex[n * n];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < n; j++)
            {
                var xij = Complex.Conjugate(x[i * n + j]);
                for (int k = 0; k < n; k++) gram[j * n + k] += xij * x[i * n + k];
            }
        for (int i = 0; i < gram.Length; i++) gram[i] += beta2;
        int m = 2 * n;
        var pinv = new double[m * m];
        LeastSquares.PseudoInverseSymmetric(Embed(gram, n), m, pinv, rcond);
        var xhy = new Complex[n];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < n; j++) xhy[j] += Complex.Conjugate(x[i * n + j]) * y[i];
        var result = new Complex[n];
        for (int j = 0; j < n; j++)
        {
            Complex acc = 0;
            for (int k = 0; k < n; k++) acc += new Complex(pinv[j * m + k], pinv[(j + n) * m + k]) * xhy[k];
            result[j] = acc;
        }
        return result;
    }

    /// <summary>lambda_max(X^H X) = lambda_max(X X^H).</summary>
    public static double LambdaMaxGram(Complex[] x, int N, int n) =>
        SymmetricEigen.Decompose(Embed(GramRows(x, N, n), N), 2 * N).Values[0];

    /// <summary>X^H (X X^H)^{-1} (n x N), for N &lt;= n and X of full row rank.</summary>
    public static Complex[] RightPseudoInverse(Complex[] x, int N, int n)
    {
        if (N > n) throw new SpecException($"the complex least-squares/projection needs N <= n (got N = {N}, n = {n})");
        var (w, v) = SymmetricEigen.Decompose(Embed(GramRows(x, N, n), N), 2 * N);
        int m = 2 * N;
        if (!(w[m - 1] > w[0] * 1e-12)) throw new SpecException("X X^H is singular: X must have full row rank");
        // inverse of the embedding = embedding of the inverse: read the complex inverse off its blocks
        var inv = new Complex[N * N];
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++)
            {
                double re = 0, im = 0;
                for (int q = 0; q < m; q++)
                {
                    re += v[i * m + q] * v[k * m + q] / w[q];
                    im += v[(i + N) * m + q] * v[k * m + q] / w[q];
                }
                inv[i * N + k] = new Complex(re, im);
            }
        var p = new Complex[n * N];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < N; k++)
            {
                Complex acc = 0;
                for (int i = 0; i < N; i++) acc += Complex.Conjugate(x[i * n + j]) * inv[i * N + k];
                p[j * N + k] = acc;
            }
        return p;
    }
}
