using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Grokking.Nn;

/// <summary>ReLU, elementwise. Backward passes dy where the input was positive (PyTorch's choice at 0: gradient 0).</summary>
public static class Relu
{
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Max(x, T.Zero, y);

    /// <summary>dx = dy where x &gt; 0, else 0 (x may be the layer's input or its output: same sign pattern). dx may alias dy.</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != dy.Length || dx.Length != dy.Length) throw new ArgumentException("x, dy and dx must have the same length");
        // a mask, not a branch: the signs of pre-activations are random, so a branch mispredicts half the time
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var dys = MemoryMarshal.Cast<T, Vector<T>>(dy);
            var dxs = MemoryMarshal.Cast<T, Vector<T>>(dx);
            for (int v = 0; v < xs.Length; v++)
                dxs[v] = Vector.ConditionalSelect(Vector.GreaterThan(xs[v], Vector<T>.Zero), dys[v], Vector<T>.Zero);
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < dx.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : T.Zero;
    }
}
