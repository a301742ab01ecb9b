using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grokking.Numerics;

/// <summary>
/// C = op(A) B for small row-major double matrices (the Gram route of the nuclear penalty: k = 64-wide rows), where
/// op(A) is A or A^T through its strides: c[i, :] = sum_p a(i, p) b[p, :], a(i, p) = A[i aRow + p aCol]. Each row of
/// C is accumulated in registers, 16 doubles at a time (four 256-bit accumulators: the FMAs' latency hidden), one
/// broadcast of a(i, p) per row of B: no packing, no allocation. The generic Gemm runs double through its
/// reference loops; this is ~10x faster at 97 x 64 x 64.
/// </summary>
public static class DoubleRowProduct
{
    /// <summary>c[i * ldc + j] = sum_p a[i * aRow + p * aCol] b[p * ldb + j] for i &lt; m, j &lt; n, p &lt; k (overwrites C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int m, int n, int k, ReadOnlySpan<double> a, int aRow, int aCol,
        ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (a.Length < (long)(m - 1) * aRow + (long)(k - 1) * aCol + 1 || b.Length < (long)(k - 1) * ldb + n || c.Length < (long)(m - 1) * ldc + n)
            throw new ArgumentException("spans too short for the product");
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref MemoryMarshal.GetReference(b);
        ref double c0 = ref MemoryMarshal.GetReference(c);
        for (int i = 0; i < m; i++)
        {
            ref double ai = ref Unsafe.Add(ref a0, (nint)i * aRow);
            ref double ci = ref Unsafe.Add(ref c0, (nint)i * ldc);
            int j = 0;
            for (; j <= n - 16; j += 16)
            {
                var (s0, s1, s2, s3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
                ref double bj = ref Unsafe.Add(ref b0, j);
                for (int p = 0; p < k; p++)
                {
                    var x = Vector256.Create(Unsafe.Add(ref ai, (nint)p * aCol));
                    ref double bp = ref Unsafe.Add(ref bj, (nint)p * ldb);
                    s0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref bp), s0);
                    s1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref bp, 4), s1);
                    s2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref bp, 8), s2);
                    s3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref bp, 12), s3);
                }
                ref double cij = ref Unsafe.Add(ref ci, j);
                s0.StoreUnsafe(ref cij);
                s1.StoreUnsafe(ref cij, 4);
                s2.StoreUnsafe(ref cij, 8);
                s3.StoreUnsafe(ref cij, 12);
            }
            for (; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s = Math.FusedMultiplyAdd(Unsafe.Add(ref ai, (nint)p * aCol), Unsafe.Add(ref b0, (nint)p * ldb + j), s);
                Unsafe.Add(ref ci, j) = s;
            }
        }
    }
}
