using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Grokking.Numerics;

/// <summary>
/// Copies blocks of op(A) and op(B) into the layouts the micro-kernels stream: A in micro-panels of MR rows
/// (for each k, the MR values of a column, contiguous), B in micro-panels of NR columns (for each k, NR values of a
/// row, contiguous). Panels are zero-padded to full MR / NR, so the kernels never branch on the edge.
/// An operand is addressed by strides: element (i, p) of op(A) is <c>a[i rs + p cs]</c>, which covers both the
/// stored and the transposed reading of a row-major matrix.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Rows [0, mc) x columns [0, kc) of op(A) (already offset to the block) into MR-row panels.</summary>
    public static void PackA(float* a, nint rs, nint cs, int mc, int kc, int mr, float* dst)
    {
        for (int i0 = 0; i0 < mc; i0 += mr)
        {
            int rows = Math.Min(mr, mc - i0);
            float* panel = dst + (nint)i0 * kc;
            float* src = a + i0 * rs;
            if (cs == 1)
            {
                // rows of op(A) are contiguous: read each row in order, write it down the panel's column
                for (int r = 0; r < rows; r++)
                {
                    float* s = src + r * rs;
                    float* d = panel + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = s[p];
                }
            }
            else if (rs == 1)
            {
                // columns of op(A) are contiguous: one short copy per k
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * cs;
                    float* d = panel + p * mr;
                    for (int r = 0; r < rows; r++) d[r] = s[r];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                    for (int r = 0; r < rows; r++) panel[p * mr + r] = src[r * rs + p * cs];
            }
            if (rows < mr)
                for (int p = 0; p < kc; p++)
                    for (int r = rows; r < mr; r++) panel[p * mr + r] = 0f;
        }
    }

    /// <summary>Rows [0, kc) x columns [0, nc) of op(B) (already offset to the block) into NR-column panels.</summary>
    public static void PackB(float* b, nint rs, nint cs, int kc, int nc, int nr, float* dst)
    {
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            int cols = Math.Min(nr, nc - j0);
            float* panel = dst + (nint)j0 * kc;
            float* src = b + j0 * cs;
            if (cs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * rs;
                    float* d = panel + p * nr;
                    if (cols == nr)
                        new ReadOnlySpan<float>(s, nr).CopyTo(new Span<float>(d, nr));
                    else
                        for (int c = 0; c < cols; c++) d[c] = s[c];
                }
            }
            else
            {
                int c0 = 0;
                if (rs == 1 && Avx.IsSupported)
                {
                    // B stored transposed: its rows are the panel's columns. Move 8 x 8 blocks through registers
                    // instead of writing each value 4 * nr bytes from the last (a store per float, each in another line)
                    int fullP = kc / 8 * 8;
                    for (; c0 + 8 <= cols; c0 += 8)
                    {
                        for (int p = 0; p < fullP; p += 8) Transpose8x8(src + c0 * cs + p, cs, panel + p * nr + c0, nr);
                        for (int c = c0; c < c0 + 8; c++)
                            for (int p = fullP; p < kc; p++) panel[p * nr + c] = src[c * cs + p];
                    }
                }
                for (int c = c0; c < cols; c++)
                {
                    float* s = src + c * cs;
                    float* d = panel + c;
                    for (int p = 0; p < kc; p++) d[p * nr] = s[p * rs];
                }
            }
            if (cols < nr)
                for (int p = 0; p < kc; p++)
                    for (int c = cols; c < nr; c++) panel[p * nr + c] = 0f;
        }
    }

    /// <summary>dst[j * ldd + i] = src[i * lds + j] for an 8 x 8 block (the classic unpack / shuffle / permute transpose).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint lds, float* dst, nint ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds); var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds); var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds); var r7 = Avx.LoadVector256(src + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
