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
                for (int c = 0; c < cols; c++)
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
}
