using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Grokking.Numerics;

/// <summary>
/// Kernels for machines without AVX-512, vectorised with <see cref="Vector{T}"/> (256-bit on AVX2 machines).
/// Same semantics as the AVX-512 paths and the SAME per-element summation order wherever that order is
/// documented (A^T x, the batched kernels: sequential FMA chains), so batched runs are bit-identical across
/// the two code paths. Dot products (A x) use <see cref="TensorPrimitives.Dot{T}"/>, whose order differs.
/// Simpler than the AVX-512 kernels (one accumulator per vector, no register tiling): several times faster
/// than scalar code, a few times slower than the AVX-512 path.
/// </summary>
internal static unsafe class Fallback
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (typeof(T) == typeof(double))
            return Vector.As<double, T>(Vector.FusedMultiplyAdd(Vector.As<T, double>(a), Vector.As<T, double>(b), Vector.As<T, double>(c)));
        return Vector.As<float, T>(Vector.FusedMultiplyAdd(Vector.As<T, float>(a), Vector.As<T, float>(b), Vector.As<T, float>(c)));
    }

    /// <summary>y[i] = dot(A_i, x) (+ biasScale * bias[i] as one FMA). bias may alias y.</summary>
    internal static void Rows<T>(T* A, int rows, int cols, nint lda, T* x, T* y, T* bias, T biasScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xs = new ReadOnlySpan<T>(x, cols);
        for (int i = 0; i < rows; i++)
        {
            T s = cols == 0 ? T.Zero : TensorPrimitives.Dot(new ReadOnlySpan<T>(A + i * lda, cols), xs);
            y[i] = bias != null ? T.FusedMultiplyAdd(biasScale, bias[i], s) : s;
        }
    }

    /// <summary>
    /// For every output column j: acc_j = sequential FMA chain over rows of A[i, j] * x[i]; then
    /// <paramref name="ep"/> consumes it (vectorised across columns, scalar tail).
    /// </summary>
    internal static void ColumnSums<T, TEp>(T* A, int rows, int cols, nint lda, T* x, ref TEp ep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEp : struct, IScalarColumnEpilogue<T>
    {
        int W = Vector<T>.Count;
        int j = 0;
        for (; j + 4 * W <= cols; j += 4 * W) // four independent chains hide the FMA latency
        {
            Vector<T> c0 = Vector<T>.Zero, c1 = Vector<T>.Zero, c2 = Vector<T>.Zero, c3 = Vector<T>.Zero;
            T* p = A + j;
            for (int i = 0; i < rows; i++, p += lda)
            {
                var xb = new Vector<T>(x[i]);
                c0 = Fma(Vector.Load(p), xb, c0);
                c1 = Fma(Vector.Load(p + W), xb, c1);
                c2 = Fma(Vector.Load(p + 2 * W), xb, c2);
                c3 = Fma(Vector.Load(p + 3 * W), xb, c3);
            }
            for (int l = 0; l < W; l++)
            {
                ep.Apply(j + l, c0[l]);
                ep.Apply(j + W + l, c1[l]);
                ep.Apply(j + 2 * W + l, c2[l]);
                ep.Apply(j + 3 * W + l, c3[l]);
            }
        }
        for (; j + W <= cols; j += W)
        {
            var acc = Vector<T>.Zero;
            T* p = A + j;
            for (int i = 0; i < rows; i++, p += lda)
                acc = Fma(Vector.Load(p), new Vector<T>(x[i]), acc);
            for (int l = 0; l < W; l++) ep.Apply(j + l, acc[l]);
        }
        for (; j < cols; j++)
        {
            T acc = T.Zero;
            T* p = A + j;
            for (int i = 0; i < rows; i++, p += lda)
                acc = T.FusedMultiplyAdd(*p, x[i], acc);
            ep.Apply(j, acc);
        }
    }

    internal static void L1Step<T>(T* X, int N, int n, nint ldx, T* y, T* a, T* r, T* g, T alpha, T ab1, T ab2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Rows(X, N, n, ldx, a, r, y, -T.One);
        var ep = new L1ScalarEpilogue<T>(a, g, alpha, ab1, ab2);
        ColumnSums(X, N, n, ldx, r, ref ep);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateChunk<T>(T* aj, T* gj, int b, Vector<T> acc, T* alpha, T* ab1, T* ab2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gj != null) acc.Store(gj + b);
        for (int l = 0; l < Vector<T>.Count; l++)
            aj[b + l] = Portable.L1Update(aj[b + l], acc[l], alpha[b + l], ab1[b + l], ab2[b + l]);
    }

    /// <summary>Batched step, vectorised across runs; per element exactly <see cref="Portable.L1StepBatched{T}"/>.</summary>
    internal static void L1StepBatched<T>(T* X, int N, int n, int B, nint ld, T* Y, T* A, T* R, T* G,
        T* alpha, T* ab1, T* ab2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int W = Vector<T>.Count;
        // R = X A - Y
        for (int i = 0; i < N; i++)
        {
            T* xi = X + (nint)i * n;
            int b = 0;
            for (; b + 4 * W <= B; b += 4 * W)
            {
                Vector<T> c0 = Vector<T>.Zero, c1 = Vector<T>.Zero, c2 = Vector<T>.Zero, c3 = Vector<T>.Zero;
                T* pa = A + b;
                for (int j = 0; j < n; j++, pa += ld)
                {
                    var xb = new Vector<T>(xi[j]);
                    c0 = Fma(xb, Vector.Load(pa), c0);
                    c1 = Fma(xb, Vector.Load(pa + W), c1);
                    c2 = Fma(xb, Vector.Load(pa + 2 * W), c2);
                    c3 = Fma(xb, Vector.Load(pa + 3 * W), c3);
                }
                T* yi = Y + i * ld + b;
                T* ri = R + i * ld + b;
                (c0 - Vector.Load(yi)).Store(ri);
                (c1 - Vector.Load(yi + W)).Store(ri + W);
                (c2 - Vector.Load(yi + 2 * W)).Store(ri + 2 * W);
                (c3 - Vector.Load(yi + 3 * W)).Store(ri + 3 * W);
            }
            for (; b + W <= B; b += W)
            {
                var acc = Vector<T>.Zero;
                T* pa = A + b;
                for (int j = 0; j < n; j++, pa += ld)
                    acc = Fma(new Vector<T>(xi[j]), Vector.Load(pa), acc);
                (acc - Vector.Load(Y + i * ld + b)).Store(R + i * ld + b);
            }
            for (; b < B; b++)
            {
                T acc = T.Zero;
                for (int j = 0; j < n; j++) acc = T.FusedMultiplyAdd(xi[j], A[j * ld + b], acc);
                R[i * ld + b] = acc - Y[i * ld + b];
            }
        }
        // G = X^T R; A -= ...
        for (int j = 0; j < n; j++)
        {
            T* aj = A + j * ld;
            int b = 0;
            for (; b + 4 * W <= B; b += 4 * W)
            {
                Vector<T> c0 = Vector<T>.Zero, c1 = Vector<T>.Zero, c2 = Vector<T>.Zero, c3 = Vector<T>.Zero;
                T* pr = R + b;
                for (int i = 0; i < N; i++, pr += ld)
                {
                    var xb = new Vector<T>(X[(nint)i * n + j]);
                    c0 = Fma(xb, Vector.Load(pr), c0);
                    c1 = Fma(xb, Vector.Load(pr + W), c1);
                    c2 = Fma(xb, Vector.Load(pr + 2 * W), c2);
                    c3 = Fma(xb, Vector.Load(pr + 3 * W), c3);
                }
                UpdateChunk(aj, G == null ? null : G + j * ld, b, c0, alpha, ab1, ab2);
                UpdateChunk(aj, G == null ? null : G + j * ld, b + W, c1, alpha, ab1, ab2);
                UpdateChunk(aj, G == null ? null : G + j * ld, b + 2 * W, c2, alpha, ab1, ab2);
                UpdateChunk(aj, G == null ? null : G + j * ld, b + 3 * W, c3, alpha, ab1, ab2);
            }
            for (; b + W <= B; b += W)
            {
                var acc = Vector<T>.Zero;
                T* pr = R + b;
                for (int i = 0; i < N; i++, pr += ld)
                    acc = Fma(new Vector<T>(X[(nint)i * n + j]), Vector.Load(pr), acc);
                UpdateChunk(aj, G == null ? null : G + j * ld, b, acc, alpha, ab1, ab2);
            }
            for (; b < B; b++)
            {
                T acc = T.Zero;
                for (int i = 0; i < N; i++) acc = T.FusedMultiplyAdd(X[(nint)i * n + j], R[i * ld + b], acc);
                if (G != null) G[j * ld + b] = acc;
                aj[b] = Portable.L1Update(aj[b], acc, alpha[b], ab1[b], ab2[b]);
            }
        }
    }
}

/// <summary>Scalar counterpart of <see cref="IColumnEpilogue{T}"/> for the fallback paths.</summary>
internal interface IScalarColumnEpilogue<T>
{
    void Apply(int col, T acc);
}

internal unsafe struct ScalarStoreEpilogue<T>(T* y, T beta, bool accumulate) : IScalarColumnEpilogue<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Apply(int col, T acc) => y[col] = accumulate ? T.FusedMultiplyAdd(beta, y[col], acc) : acc;
}

internal unsafe struct L1ScalarEpilogue<T>(T* a, T* g, T alpha, T ab1, T ab2) : IScalarColumnEpilogue<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Apply(int col, T acc)
    {
        if (g != null) g[col] = acc;
        a[col] = Portable.L1Update(a[col], acc, alpha, ab1, ab2);
    }
}
