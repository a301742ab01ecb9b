using System.Numerics;

namespace Grokking.Numerics;

/// <summary>
/// Plain scalar reference implementations (used by the tests and by <see cref="LeastSquares"/>).
/// Same semantics as the SIMD kernels; summation orders are sequential FMA chains, which is exactly the
/// SIMD order for <c>A^T x</c> and the batched kernels, but not for <c>A x</c> (the SIMD path sums 8/16 lanes
/// separately, then a fixed tree).
/// </summary>
internal static class Portable
{
    internal static T DotSeq<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int i = 0; i < x.Length; i++) s = T.FusedMultiplyAdd(x[i], y[i], s);
        return s;
    }

    /// <summary>y = A x (+ biasScale * bias when <paramref name="hasBias"/>); bias may alias y.</summary>
    internal static void Rows<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> bias, T biasScale, bool hasBias) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            T s = DotSeq(A.Slice(i * cols, cols), x);
            y[i] = hasBias ? T.FusedMultiplyAdd(biasScale, bias[i], s) : s;
        }
    }

    /// <summary>dst[j] = sum_i A[i,j] x[i] as a sequential FMA chain over i (dst must not alias A or x).</summary>
    internal static void ColumnSums<T>(ReadOnlySpan<T> A, int rows, int cols, ReadOnlySpan<T> x, Span<T> dst)
        where T : IFloatingPointIeee754<T>
    {
        dst.Slice(0, cols).Clear();
        for (int i = 0; i < rows; i++)
        {
            var row = A.Slice(i * cols, cols);
            T xi = x[i];
            for (int j = 0; j < cols; j++) dst[j] = T.FusedMultiplyAdd(row[j], xi, dst[j]);
        }
    }

    /// <summary>a_new = a - fma(alpha, g, fma(ab2, a, ab1 * sign(a))), the update used by every L1 kernel.</summary>
    internal static T L1Update<T>(T a, T g, T alpha, T ab1, T ab2) where T : IFloatingPointIeee754<T>
    {
        T s = T.IsZero(a) ? T.Zero : (T.IsNegative(a) ? -ab1 : ab1);
        return a - T.FusedMultiplyAdd(alpha, g, T.FusedMultiplyAdd(ab2, a, s));
    }

    internal static void L1StepBatched<T>(ReadOnlySpan<T> X, int N, int n, int B, int ld, ReadOnlySpan<T> Y,
        Span<T> A, Span<T> R, Span<T> G, ReadOnlySpan<T> alpha, ReadOnlySpan<T> ab1, ReadOnlySpan<T> ab2)
        where T : IFloatingPointIeee754<T>
    {
        for (int b = 0; b < B; b++)
        {
            for (int i = 0; i < N; i++)
            {
                T s = T.Zero;
                for (int j = 0; j < n; j++) s = T.FusedMultiplyAdd(X[i * n + j], A[j * ld + b], s);
                R[i * ld + b] = s - Y[i * ld + b];
            }
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int i = 0; i < N; i++) s = T.FusedMultiplyAdd(X[i * n + j], R[i * ld + b], s);
                if (!G.IsEmpty) G[j * ld + b] = s;
                A[j * ld + b] = L1Update(A[j * ld + b], s, alpha[b], ab1[b], ab2[b]);
            }
        }
    }
}
