using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grokking.Nn;

/// <summary>
/// The 8 x 8 float products of the matrix-product aggregation, one row of a matrix per Vector256: z = x y with the
/// eight rows of y held in registers and each row of z a chain of eight FMAs. Per example this replaces 64 calls on
/// 8-element spans (whose call overhead, not arithmetic, dominated the generic path at batch 2048).
/// </summary>
internal static unsafe class SquareProduct8
{
    /// <summary>z = x y, or with <paramref name="transposeX"/> z = x^T y (all 8 x 8 row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(float* x, float* y, float* z, bool transposeX)
    {
        var y0 = Vector256.Load(y); var y1 = Vector256.Load(y + 8); var y2 = Vector256.Load(y + 16); var y3 = Vector256.Load(y + 24);
        var y4 = Vector256.Load(y + 32); var y5 = Vector256.Load(y + 40); var y6 = Vector256.Load(y + 48); var y7 = Vector256.Load(y + 56);
        nint rs = transposeX ? 1 : 8, cs = transposeX ? 8 : 1;
        for (int r = 0; r < 8; r++)
        {
            float* xr = x + r * rs;
            var acc = Vector256.Create(xr[0]) * y0;
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[cs]), y1, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[2 * cs]), y2, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[3 * cs]), y3, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[4 * cs]), y4, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[5 * cs]), y5, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[6 * cs]), y6, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[7 * cs]), y7, acc);
            acc.Store(z + r * 8);
        }
    }

    /// <summary>8 x 8 transpose through memory (64 moves; cheap beside the products it feeds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(float* x, float* xt)
    {
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++) xt[c * 8 + r] = x[r * 8 + c];
    }

    /// <summary>Forward over a batch: z_i = R(e1_i) R(e2_i).</summary>
    public static void Forward(float* e1, float* e2, float* z, int batch)
    {
        for (int i = 0; i < batch; i++) Multiply(e1 + i * 64, e2 + i * 64, z + i * 64, transposeX: false);
    }

    /// <summary>Backward over a batch: dA = dZ B^T (= dZ times the transpose of B), dB = A^T dZ.</summary>
    public static void Backward(float* e1, float* e2, float* dz, float* de1, float* de2, int batch)
    {
        float* bt = stackalloc float[64];
        for (int i = 0; i < batch; i++)
        {
            nint o = i * 64;
            Transpose(e2 + o, bt);
            Multiply(dz + o, bt, de1 + o, transposeX: false);
            Multiply(e1 + o, dz + o, de2 + o, transposeX: true);
        }
    }
}
