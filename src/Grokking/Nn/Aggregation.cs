using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Grokking.Nn;

/// <summary>How the reference's encoder-decoder combines the embeddings of its two inputs (spec C).</summary>
public enum AggregationMode
{
    /// <summary>z = e1 + e2 (dim d).</summary>
    Sum,
    /// <summary>z = [e1, e2] (dim 2d).</summary>
    Concatenation,
    /// <summary>z = e1 * e2 elementwise (dim d).</summary>
    Hadamard,
    /// <summary>Each d-vector reshaped row-major to s x s (d = s^2), z = vec(R(e1) R(e2)) row-major (dim d).</summary>
    MatrixProduct,
}

/// <summary>Forward and backward of an <see cref="AggregationMode"/> over a batch of embedding pairs (batch x d each).</summary>
public sealed class Aggregation
{
    private readonly int _side;

    public Aggregation(AggregationMode mode, int dimension)
    {
        Mode = mode;
        Dimension = dimension;
        if (mode == AggregationMode.MatrixProduct)
        {
            _side = (int)Math.Round(Math.Sqrt(dimension));
            if (_side * _side != dimension) throw new ArgumentException($"the matrix product needs a square dimension, not {dimension}");
        }
    }

    public AggregationMode Mode { get; }
    public int Dimension { get; }

    /// <summary>Width of z: 2d for the concatenation, else d.</summary>
    public int Outputs => Mode == AggregationMode.Concatenation ? 2 * Dimension : Dimension;

    public void Forward<T>(ReadOnlySpan<T> e1, ReadOnlySpan<T> e2, Span<T> z, int batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = Dimension, n = batch * d;
        switch (Mode)
        {
            case AggregationMode.Sum: TensorPrimitives.Add(e1[..n], e2[..n], z[..n]); break;
            case AggregationMode.Hadamard: TensorPrimitives.Multiply(e1[..n], e2[..n], z[..n]); break;
            case AggregationMode.Concatenation:
                for (int i = 0; i < batch; i++)
                {
                    e1.Slice(i * d, d).CopyTo(z.Slice(2 * i * d, d));
                    e2.Slice(i * d, d).CopyTo(z.Slice(2 * i * d + d, d));
                }
                break;
            default:
                if (Fast8<T>())
                {
                    unsafe
                    {
                        fixed (T* a = e1, b = e2, c = z)
                        {
                            if (Math.Min(Math.Min(e1.Length, e2.Length), z.Length) < n) throw new ArgumentException("spans shorter than batch x d");
                            SquareProduct8.Forward((float*)a, (float*)b, (float*)c, batch);
                        }
                    }
                    break;
                }
                for (int i = 0; i < batch; i++)
                    SquareProduct(e1.Slice(i * d, d), e2.Slice(i * d, d), z.Slice(i * d, d), _side);
                break;
        }
    }

    /// <summary>de1, de2 (overwritten) from dz = d loss / d z.</summary>
    public void Backward<T>(ReadOnlySpan<T> e1, ReadOnlySpan<T> e2, ReadOnlySpan<T> dz, Span<T> de1, Span<T> de2, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = Dimension, n = batch * d;
        switch (Mode)
        {
            case AggregationMode.Sum:
                dz[..n].CopyTo(de1);
                dz[..n].CopyTo(de2);
                break;
            case AggregationMode.Hadamard:
                TensorPrimitives.Multiply(dz[..n], e2[..n], de1[..n]);
                TensorPrimitives.Multiply(dz[..n], e1[..n], de2[..n]);
                break;
            case AggregationMode.Concatenation:
                for (int i = 0; i < batch; i++)
                {
                    dz.Slice(2 * i * d, d).CopyTo(de1.Slice(i * d, d));
                    dz.Slice(2 * i * d + d, d).CopyTo(de2.Slice(i * d, d));
                }
                break;
            default:
                // Z = A B: dA = dZ B^T, dB = A^T dZ
                if (Fast8<T>())
                {
                    unsafe
                    {
                        fixed (T* a = e1, b = e2, g = dz, da = de1, db = de2)
                        {
                            if (Math.Min(Math.Min(Math.Min(e1.Length, e2.Length), Math.Min(de1.Length, de2.Length)), dz.Length) < n)
                                throw new ArgumentException("spans shorter than batch x d");
                            SquareProduct8.Backward((float*)a, (float*)b, (float*)g, (float*)da, (float*)db, batch);
                        }
                    }
                    break;
                }
                int s = _side;
                for (int i = 0; i < batch; i++)
                {
                    var a = e1.Slice(i * d, d);
                    var b = e2.Slice(i * d, d);
                    var g = dz.Slice(i * d, d);
                    var da = de1.Slice(i * d, d);
                    var db = de2.Slice(i * d, d);
                    for (int r = 0; r < s; r++)
                        for (int c = 0; c < s; c++)
                        {
                            T sumA = T.Zero, sumB = T.Zero;
                            for (int k = 0; k < s; k++)
                            {
                                sumA += g[r * s + k] * b[c * s + k];
                                sumB += a[k * s + r] * g[k * s + c];
                            }
                            da[r * s + c] = sumA;
                            db[r * s + c] = sumB;
                        }
                }
                break;
        }
    }

    /// <summary>The vectorised 8 x 8 float path (the reference's shape), else the generic loops (float64 checks).</summary>
    private bool Fast8<T>() => typeof(T) == typeof(float) && _side == 8 && Vector256.IsHardwareAccelerated;

    /// <summary>z = a b for s x s row-major matrices: rows of z as sums of rows of b (contiguous).</summary>
    private static void SquareProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> z, int s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < s; r++)
        {
            var row = z.Slice(r * s, s);
            TensorPrimitives.Multiply(b[..s], a[r * s], row);
            for (int k = 1; k < s; k++) TensorPrimitives.MultiplyAdd(b.Slice(k * s, s), a[r * s + k], row, row);
        }
    }
}
