using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Numerics;

/// <summary>
/// <c>C = alpha op(A) op(B) + beta C</c> in plain loops for any float type: the float64 path of the layers'
/// gradient checks (correct and simple, not fast). Row i of C is built as a sum of rows of op(B) when B is read
/// as stored (contiguous axpys), else as dot products.
/// </summary>
public static class GemmReference
{
    public static void Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmShape.Check(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else if (beta != T.One) TensorPrimitives.Multiply(row, beta, row);
            if (alpha == T.Zero) continue;
            if (opB == MatrixOp.None)
            {
                for (int p = 0; p < k; p++)
                {
                    T aip = alpha * (opA == MatrixOp.None ? a[i * lda + p] : a[p * lda + i]);
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), aip, row, row);
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    for (int p = 0; p < k; p++)
                        sum += (opA == MatrixOp.None ? a[i * lda + p] : a[p * lda + i]) * b[j * ldb + p];
                    row[j] += alpha * sum;
                }
            }
        }
    }
}
