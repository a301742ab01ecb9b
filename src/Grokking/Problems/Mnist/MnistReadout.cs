using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grokking.Problems.Mnist;

/// <summary>
/// The MNIST network's second layer (hidden -> 10 classes) and its ReLU, row by row, where the general GEMM would
/// pad the 10 outputs to its 32-column micro-tile and the ReLU and its mask would each be one more pass over the
/// n x hidden activations (2 MB at n = 1,000, h = 500): here each row of activations is read once, while it is in L1,
/// and any range of rows can run on its own thread (the same bits whichever split).
/// </summary>
internal static class MnistReadout
{
    /// <summary>
    /// For rows r in [from, to): hidden[r] = ReLU(pre[r]) (<paramref name="hidden"/> may be <paramref name="pre"/>:
    /// in place), then logits[r, c] = hidden[r] . B[c] for the <paramref name="classes"/> rows of B (classes x h).
    /// </summary>
    /// <remarks>The dot products run five classes at a time (five accumulators, the row's vector loaded once for
    /// five multiply-adds): MNIST's 10 classes read the row twice, not ten times. Each is summed in 16 lanes, then
    /// across them, then the last h mod 16 values: equal to another order of the sum to float rounding.</remarks>
    public static void Forward(float[] pre, float[] hidden, ReadOnlySpan<float> b, float[] logits, int h, int classes, int from, int to)
    {
        ref float b0 = ref MemoryMarshal.GetReference(b);
        for (int r = from; r < to; r++)
        {
            var row = hidden.AsSpan(r * h, h);
            Relu(pre.AsSpan(r * h, h), row);
            ref float x = ref MemoryMarshal.GetReference(row);
            ref float y = ref logits[r * classes];
            int c = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; c + 5 <= classes; c += 5)
                {
                    ref float w0 = ref Unsafe.Add(ref b0, c * h);
                    ref float w1 = ref Unsafe.Add(ref w0, h);
                    ref float w2 = ref Unsafe.Add(ref w1, h);
                    ref float w3 = ref Unsafe.Add(ref w2, h);
                    ref float w4 = ref Unsafe.Add(ref w3, h);
                    Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default;
                    int j = 0;
                    for (; j + 16 <= h; j += 16)
                    {
                        var v = Vector512.LoadUnsafe(ref x, (nuint)j);
                        s0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w0, (nuint)j), s0);
                        s1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w1, (nuint)j), s1);
                        s2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w2, (nuint)j), s2);
                        s3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w3, (nuint)j), s3);
                        s4 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w4, (nuint)j), s4);
                    }
                    float t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3), t4 = Vector512.Sum(s4);
                    for (; j < h; j++)
                    {
                        float v = Unsafe.Add(ref x, j);
                        t0 = MathF.FusedMultiplyAdd(v, Unsafe.Add(ref w0, j), t0);
                        t1 = MathF.FusedMultiplyAdd(v, Unsafe.Add(ref w1, j), t1);
                        t2 = MathF.FusedMultiplyAdd(v, Unsafe.Add(ref w2, j), t2);
                        t3 = MathF.FusedMultiplyAdd(v, Unsafe.Add(ref w3, j), t3);
                        t4 = MathF.FusedMultiplyAdd(v, Unsafe.Add(ref w4, j), t4);
                    }
                    (Unsafe.Add(ref y, c), Unsafe.Add(ref y, c + 1), Unsafe.Add(ref y, c + 2), Unsafe.Add(ref y, c + 3), Unsafe.Add(ref y, c + 4)) = (t0, t1, t2, t3, t4);
                }
            for (; c < classes; c++) Unsafe.Add(ref y, c) = TensorPrimitives.Dot(row, b.Slice(c * h, h));
        }
    }

    /// <summary>
    /// For rows r in [from, to): dHidden[r] = sum_c dLogits[r, c] B[c], zero where pre[r] &lt;= 0 (the ReLU's mask),
    /// the sum over the classes in order by fused multiply-adds from zero.
    /// </summary>
    public static void HiddenGradient(float[] dLogits, ReadOnlySpan<float> b, float[] pre, float[] dHidden, int h, int classes, int from, int to)
    {
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float p0 = ref MemoryMarshal.GetArrayDataReference(pre);
        ref float dh0 = ref MemoryMarshal.GetArrayDataReference(dHidden);
        for (int r = from; r < to; r++)
        {
            ref float dy = ref dLogits[r * classes];
            ref float p = ref Unsafe.Add(ref p0, r * h);
            ref float dh = ref Unsafe.Add(ref dh0, r * h);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= h; j += 16)
                {
                    var sum = Vector512<float>.Zero;
                    for (int c = 0; c < classes; c++)
                        sum = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref dy, c)), Vector512.LoadUnsafe(ref Unsafe.Add(ref b0, c * h + j)), sum);
                    var positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref p, (nuint)j), Vector512<float>.Zero);
                    Vector512.ConditionalSelect(positive, sum, Vector512<float>.Zero).StoreUnsafe(ref dh, (nuint)j);
                }
            else if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= h; j += 8)
                {
                    var sum = Vector256<float>.Zero;
                    for (int c = 0; c < classes; c++)
                        sum = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref dy, c)), Vector256.LoadUnsafe(ref Unsafe.Add(ref b0, c * h + j)), sum);
                    var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref p, (nuint)j), Vector256<float>.Zero);
                    Vector256.ConditionalSelect(positive, sum, Vector256<float>.Zero).StoreUnsafe(ref dh, (nuint)j);
                }
            for (; j < h; j++)
            {
                float sum = 0f;
                for (int c = 0; c < classes; c++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref dy, c), Unsafe.Add(ref b0, c * h + j), sum);
                Unsafe.Add(ref dh, j) = Unsafe.Add(ref p, j) > 0f ? sum : 0f;
            }
        }
    }

    /// <summary>y = max(x, 0) as <see cref="Grokking.Nn.Relu.Forward{T}"/> gives it, bit for bit (NaN stays NaN, -0
    /// becomes +0), by one compare and select per vector.</summary>
    private static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref x0, (nuint)i);
                Vector512.ConditionalSelect(Vector512.LessThanOrEqual(v, Vector512<float>.Zero), Vector512<float>.Zero, v).StoreUnsafe(ref y0, (nuint)i);
            }
        for (; i < x.Length; i++) Unsafe.Add(ref y0, i) = Unsafe.Add(ref x0, i) <= 0f ? 0f : Unsafe.Add(ref x0, i);
    }
}
