namespace Grokking.Numerics;

/// <summary>
/// Least-squares helpers built on <see cref="SymmetricEigen"/>. They allocate (they run once per problem).
/// </summary>
public static class LeastSquares
{
    /// <summary>numpy's legacy default cutoff for <c>pinv</c>: singular values <= rcond * max are dropped.</summary>
    public const double DefaultRcond = 1e-15;

    /// <summary>
    /// Min-norm least-squares solution <c>â = pinv(X^T X) X^T y = pinv(X) y</c> for X (N x n, row-major).
    /// Computed through the eigen-decomposition of the SMALLER Gram matrix: for N &lt;= n,
    /// <c>â = X^T pinv(X X^T) y</c>; otherwise <c>pinv(X^T X) (X^T y)</c>.
    /// </summary>
    /// <remarks>
    /// The cutoff follows numpy's <c>pinv(M, rcond)</c> applied to the Gram matrix M as in the reference code:
    /// eigenvalues with |λ| &lt;= rcond * max|λ| are treated as zero. The nonzero eigenvalues of X X^T and X^T X
    /// coincide, so this equals the reference's <c>pinv(X^T X) X^T y</c> (beta_2 = 0) up to rounding, except in
    /// the pathological case where the reference's numerically-zero eigenvalues of the n x n Gram exceed the
    /// cutoff (never for the spec's well-conditioned data: λ_min>0 = 0.73 vs cutoff ~7e-15).
    /// </remarks>
    public static double[] MinNorm(ReadOnlySpan<double> X, int N, int n, ReadOnlySpan<double> y, double rcond = DefaultRcond)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        Kernels.SameLength(N, y.Length, nameof(y));
        var result = new double[n];
        if (N == 0 || n == 0) return result;
        if (N <= n)
        {
            var gram = GramRows(X, N, n);                 // X X^T, N x N
            var pinv = new double[N * N];
            PseudoInverseSymmetric(gram, N, pinv, rcond);
            var c = new double[N];
            Kernels.Gemv<double>(pinv, N, N, y, c);       // c = pinv(X X^T) y
            Kernels.GemvT<double>(X, N, n, c, result);    // â = X^T c
        }
        else
        {
            var gram = GramCols(X, N, n);                 // X^T X, n x n
            var pinv = new double[n * n];
            PseudoInverseSymmetric(gram, n, pinv, rcond);
            var xty = new double[n];
            Kernels.GemvT<double>(X, N, n, y, xty);
            Kernels.Gemv<double>(pinv, n, n, xty, result);
        }
        return result;
    }

    /// <summary>
    /// The reference code's diagnostic <c>a_LS = pinv(X^T X + beta_2) X^T y</c>, where <c>+ beta_2</c> adds the
    /// scalar to EVERY entry of X^T X (spec B.0.5 / F.7; with beta_2 = 0 it is the min-norm solution, computed
    /// here through the n x n Gram exactly as the reference does).
    /// </summary>
    public static double[] ReferenceDiagnostic(ReadOnlySpan<double> X, int N, int n, ReadOnlySpan<double> y, double beta2,
        double rcond = DefaultRcond)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        Kernels.SameLength(N, y.Length, nameof(y));
        var gram = GramCols(X, N, n);
        for (int i = 0; i < gram.Length; i++) gram[i] += beta2;
        var pinv = new double[n * n];
        PseudoInverseSymmetric(gram, n, pinv, rcond);
        var xty = new double[n];
        Kernels.GemvT<double>(X, N, n, y, xty);
        var result = new double[n];
        Kernels.Gemv<double>(pinv, n, n, xty, result);
        return result;
    }

    /// <summary>
    /// Moore-Penrose pseudo-inverse of symmetric M (n x n): <c>V diag(1/λ) V^T</c> over the eigenvalues with
    /// |λ| > rcond * max|λ| (the singular values of a symmetric matrix are |λ|, so this is numpy's pinv cutoff).
    /// </summary>
    public static void PseudoInverseSymmetric(ReadOnlySpan<double> M, int n, Span<double> dst, double rcond = DefaultRcond)
    {
        Kernels.CheckMatrix(M.Length, n, n);
        Kernels.SameLength(n * n, dst.Length, nameof(dst));
        dst.Clear();
        if (n == 0) return;
        var (w, v) = SymmetricEigen.Decompose(M, n);
        double maxAbs = 0;
        foreach (double l in w) maxAbs = Math.Max(maxAbs, Math.Abs(l));
        double cutoff = rcond * maxAbs;
        for (int k = 0; k < n; k++)
        {
            if (!(Math.Abs(w[k]) > cutoff)) continue;
            double inv = 1.0 / w[k];
            for (int i = 0; i < n; i++)
            {
                double vik = v[i * n + k] * inv;
                if (vik == 0) continue;
                for (int j = 0; j < n; j++) dst[i * n + j] += vik * v[j * n + k];
            }
        }
    }

    /// <summary>X X^T (N x N) for X N x n row-major.</summary>
    public static double[] GramRows(ReadOnlySpan<double> X, int N, int n)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        var g = new double[N * N];
        for (int i = 0; i < N; i++)
            for (int k = i; k < N; k++)
                g[i * N + k] = g[k * N + i] = Portable.DotSeq(X.Slice(i * n, n), X.Slice(k * n, n));
        return g;
    }

    /// <summary>X^T X (n x n) for X N x n row-major.</summary>
    public static double[] GramCols(ReadOnlySpan<double> X, int N, int n)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        var g = new double[n * n];
        for (int i = 0; i < N; i++)
        {
            var row = X.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                double xj = row[j];
                if (xj == 0) continue;
                Kernels.Axpy(xj, row, g.AsSpan(j * n, n));
            }
        }
        // symmetric by construction up to FMA rounding order, which is the same for (j, k) and (k, j)
        return g;
    }
}

/// <summary>Step-size bounds (spec B.0.5, F.5).</summary>
public static class StepSize
{
    /// <summary>Largest eigenvalue of X^T X (= sigma_max(X)^2), via the smaller Gram matrix.</summary>
    public static double LambdaMax(ReadOnlySpan<double> X, int N, int n)
    {
        Kernels.CheckMatrix(X.Length, N, n);
        if (N == 0 || n == 0) return 0;
        var gram = N <= n ? LeastSquares.GramRows(X, N, n) : LeastSquares.GramCols(X, N, n);
        int m = Math.Min(N, n);
        return SymmetricEigen.Decompose(gram, m).Values[0];
    }

    /// <summary>
    /// <c>2 / (lambda_max(X^T X) + beta2)</c>: the reference solvers assert <c>0 &lt; alpha &lt;</c> this value
    /// (0.28092 for the spec's N = 30, n = 100, seed-1 data with beta2 = 0).
    /// </summary>
    public static double MaxStable(ReadOnlySpan<double> X, int N, int n, double beta2 = 0) =>
        2.0 / (LambdaMax(X, N, n) + beta2);

    /// <summary>True when <c>0 &lt; alpha &lt; MaxStable</c>, the reference's assertion.</summary>
    public static bool IsStable(double alpha, ReadOnlySpan<double> X, int N, int n, double beta2 = 0) =>
        alpha > 0 && alpha < MaxStable(X, N, n, beta2);
}
