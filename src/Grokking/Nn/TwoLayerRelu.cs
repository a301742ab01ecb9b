using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;

namespace Grokking.Nn;

/// <summary>
/// A two-layer ReLU network without biases, <c>y = B ReLU(A x)</c>: A is hidden x inputs (group "A"), B is
/// outputs x hidden (group "B"), PyTorch's <c>Linear(bias=False)</c> layouts, in one <see cref="ParameterSet{T}"/>.
/// The reference's teacher-student student (100 -> 500 -> 2) and the MNIST MLP (784 -> h -> 10) are this network.
/// </summary>
/// <remarks>
/// llm.c style: the pre-activations, the hidden activations, the outputs and the hidden gradient are allocated once for
/// <see cref="MaxBatch"/> rows. <see cref="Forward"/> keeps the input (a reference, not a copy) and the activations for
/// <see cref="Backward"/>; the loss is the caller's (MSE, cross-entropy, ...), which hands back d loss / d y. Neither
/// call allocates.
/// </remarks>
public sealed class TwoLayerRelu<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Linear<T> _first, _second;
    private readonly T[] _preActivation, _hidden, _output, _dHidden;
    private ReadOnlyMemory<T> _input;
    private int _batch;

    public TwoLayerRelu(int inputs, int hidden, int outputs, int maxBatch, Gemm? gemm = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Inputs = inputs;
        Hidden = hidden;
        Outputs = outputs;
        MaxBatch = maxBatch;
        Parameters = new ParameterSet<T>(new ParameterLayout(("A", hidden, inputs), ("B", outputs, hidden)));
        Gemm = gemm ?? new Gemm();
        _first = new Linear<T>(Parameters, Gemm, "A", null, inputs, hidden);
        _second = new Linear<T>(Parameters, Gemm, "B", null, hidden, outputs);
        _preActivation = new T[maxBatch * hidden];
        _hidden = new T[maxBatch * hidden];
        _dHidden = new T[maxBatch * hidden];
        _output = new T[maxBatch * outputs];
    }

    public int Inputs { get; }
    public int Hidden { get; }
    public int Outputs { get; }
    public int MaxBatch { get; }
    public ParameterSet<T> Parameters { get; }

    /// <summary>The GEMM context of both layers (its thread budget is the run's).</summary>
    public Gemm Gemm { get; }

    /// <summary>The groups, looked up once (the layout's lookup by name allocates a closure: not for a step).</summary>
    public ParameterGroup A => _first.Weight;
    public ParameterGroup B => _second.Weight;

    /// <summary>A x of the last forward, batch x hidden (its signs are the ReLU masks D_i).</summary>
    public ReadOnlySpan<T> PreActivation => _preActivation.AsSpan(0, _batch * Hidden);

    /// <summary>ReLU(A x) of the last forward, batch x hidden.</summary>
    public ReadOnlySpan<T> HiddenActivation => _hidden.AsSpan(0, _batch * Hidden);

    /// <summary>
    /// The reference's "normal" init (spec B.12, G.1): every weight ~ N(0, 1/out_features), i.e. std 1/sqrt(rows of
    /// the weight); A first, then B, each in row-major order, from <paramref name="rng"/>.
    /// </summary>
    public void Initialise(NumpyRandomState rng, double scale = 1)
    {
        foreach (var g in Parameters.Layout.Groups)
        {
            var values = Parameters.Value(g);
            double std = scale / Math.Sqrt(g.Rows);
            for (int i = 0; i < values.Length; i++) values[i] = T.CreateTruncating(std * rng.StandardNormal());
        }
    }

    /// <summary>
    /// y (batch x outputs) = ReLU(x A^T) B^T for the rows of <paramref name="x"/> (batch x inputs). The input is kept
    /// by reference for <see cref="Backward"/>: it must not change in between.
    /// </summary>
    public ReadOnlySpan<T> Forward(ReadOnlyMemory<T> x, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        if (x.Length < batch * Inputs) throw new ArgumentException($"{x.Length} inputs do not hold {batch} rows of {Inputs}");
        _input = x;
        _batch = batch;
        int h = batch * Hidden;
        _first.Forward(x.Span, _preActivation, batch);
        ReluForward(_preActivation.AsSpan(0, h), _hidden.AsSpan(0, h));
        if (Outputs <= NarrowOutputs) NarrowSecondLayer(batch);
        else _second.Forward(_hidden, _output, batch);
        return _output.AsSpan(0, batch * Outputs);
    }

    /// <summary>Up to this many outputs the second layer runs as dot products (see <see cref="NarrowSecondLayer"/>).</summary>
    private const int NarrowOutputs = 4;

    /// <summary>
    /// y[i, c] = H[i, :] . B[c, :]: for a readout of a few outputs (the teacher-student student's 2) the GEMM's
    /// 32-column micro-tile would compute 16 times the needed columns (measured ~30 us of a ~200 us step); the dot
    /// products stream H once. The sums run in another order than the GEMM's: equal to float rounding.
    /// </summary>
    private void NarrowSecondLayer(int batch)
    {
        int hidden = Hidden, outputs = Outputs;
        ReadOnlySpan<T> b = Parameters.Value(B);
        for (int i = 0; i < batch; i++)
        {
            var row = _hidden.AsSpan(i * hidden, hidden);
            for (int c = 0; c < outputs; c++) _output[i * outputs + c] = TensorPrimitives.Dot<T>(row, b.Slice(c * hidden, hidden));
        }
    }

    /// <summary>
    /// The second layer's backward for a few outputs, without the GEMM's mostly empty micro-tiles: dB[c, :] =
    /// sum_i dY[i, c] H[i, :], and dH[i, :] = sum_c dY[i, c] B[c, :] masked by A x_i &gt; 0 in the same pass (no
    /// separate ReLU pass). Each sum is the GEMM's: in order, by fused multiply-adds, from zero (bit for bit in float
    /// at the batches up to its k-block of 256).
    /// </summary>
    private void NarrowSecondBackward(ReadOnlySpan<T> dY, int batch)
    {
        int hidden = Hidden, outputs = Outputs;
        ref T h = ref MemoryMarshal.GetArrayDataReference(_hidden);
        ref T pre = ref MemoryMarshal.GetArrayDataReference(_preActivation);
        ref T dh = ref MemoryMarshal.GetArrayDataReference(_dHidden);
        ref T b = ref MemoryMarshal.GetReference(Parameters.Value(B));
        ref T dB = ref MemoryMarshal.GetReference(Parameters.Gradient(B));
        ref T dy = ref MemoryMarshal.GetReference(dY);
        int width = Vector.IsHardwareAccelerated && Vector<T>.IsSupported ? Vector<T>.Count : 0;
        // dB: four column vectors at a time per output, so four independent chains of multiply-adds run over the rows
        int block = 4 * width, blockEnd = width > 0 ? hidden / block * block : 0;
        for (int c = 0; c < outputs; c++)
        {
            int j = 0;
            for (; j < blockEnd; j += block)
            {
                Vector<T> s0 = Vector<T>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int i = 0; i < batch; i++)
                {
                    var d = new Vector<T>(Unsafe.Add(ref dy, i * outputs + c));
                    nuint at = (nuint)(i * hidden + j);
                    s0 = MultiplyAdd(d, Vector.LoadUnsafe(ref h, at), s0);
                    s1 = MultiplyAdd(d, Vector.LoadUnsafe(ref h, at + (nuint)width), s1);
                    s2 = MultiplyAdd(d, Vector.LoadUnsafe(ref h, at + (nuint)(2 * width)), s2);
                    s3 = MultiplyAdd(d, Vector.LoadUnsafe(ref h, at + (nuint)(3 * width)), s3);
                }
                // + 0 as the GEMM's store into zeroed gradients (a -0 sum becomes +0)
                nuint o = (nuint)(c * hidden + j);
                (s0 + Vector<T>.Zero).StoreUnsafe(ref dB, o);
                (s1 + Vector<T>.Zero).StoreUnsafe(ref dB, o + (nuint)width);
                (s2 + Vector<T>.Zero).StoreUnsafe(ref dB, o + (nuint)(2 * width));
                (s3 + Vector<T>.Zero).StoreUnsafe(ref dB, o + (nuint)(3 * width));
            }
            for (; j < hidden; j++)
            {
                T sum = T.Zero;
                for (int i = 0; i < batch; i++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref dy, i * outputs + c), Unsafe.Add(ref h, i * hidden + j), sum);
                Unsafe.Add(ref dB, c * hidden + j) = sum + T.Zero;
            }
        }
        // dH = (dY B) masked by the pre-activations' signs
        int vectorEnd = width > 0 ? hidden / width * width : 0;
        for (int i = 0; i < batch; i++)
        {
            int row = i * hidden;
            int j = 0;
            for (; j < vectorEnd; j += width)
            {
                var sum = Vector<T>.Zero;
                for (int c = 0; c < outputs; c++)
                    sum = MultiplyAdd(new Vector<T>(Unsafe.Add(ref dy, i * outputs + c)), Vector.LoadUnsafe(ref b, (nuint)(c * hidden + j)), sum);
                var positive = Vector.GreaterThan(Vector.LoadUnsafe(ref pre, (nuint)(row + j)), Vector<T>.Zero);
                Vector.ConditionalSelect(positive, sum, Vector<T>.Zero).StoreUnsafe(ref dh, (nuint)(row + j));
            }
            for (; j < hidden; j++)
            {
                T sum = T.Zero;
                for (int c = 0; c < outputs; c++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref dy, i * outputs + c), Unsafe.Add(ref b, c * hidden + j), sum);
                Unsafe.Add(ref dh, row + j) = Unsafe.Add(ref pre, row + j) > T.Zero ? sum : T.Zero;
            }
        }
    }

    /// <summary>a b + c fused (one rounding, as the GEMM's kernels) for float and double.</summary>
    private static Vector<T> MultiplyAdd(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    /// <summary>
    /// y = max(x, 0) as <see cref="Relu.Forward{T}"/> gives it, bit for bit (NaN stays NaN, -0 becomes +0), by one
    /// compare and select per vector: TensorPrimitives.Max's NaN and signed-zero handling cost ~30 us on 50,000 floats.
    /// </summary>
    private static void ReluForward(ReadOnlySpan<T> x, Span<T> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var ys = MemoryMarshal.Cast<T, Vector<T>>(y);
            for (int v = 0; v < xs.Length; v++)
                ys[v] = Vector.ConditionalSelect(Vector.LessThanOrEqual(xs[v], Vector<T>.Zero), Vector<T>.Zero, xs[v]);
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < y.Length; i++) y[i] = x[i] <= T.Zero ? T.Zero : x[i];
    }

    /// <summary>
    /// Parameters.Gradients = d loss / d (A, B) of the last <see cref="Forward"/> given <paramref name="dY"/> =
    /// d loss / d y (batch x outputs): dB = dY^T H, dA = (dY B masked by A x &gt; 0)^T x. Overwrites the gradients; a
    /// penalty adds its own afterwards.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dY)
    {
        int batch = _batch, h = batch * Hidden;
        if (Outputs <= NarrowOutputs)
        {
            // both groups are overwritten (dB by the pass, dA by beta = 0): no zeroing pass over 50,000 gradients
            NarrowSecondBackward(dY, batch);
            Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, Hidden, Inputs, batch, T.One, _dHidden, Hidden,
                _input.Span, Inputs, T.Zero, Parameters.Gradient(A), Inputs);
            return;
        }
        Parameters.ZeroGradients();
        _second.Backward(_hidden, dY, _dHidden, batch);
        Relu.Backward<T>(_preActivation.AsSpan(0, h), _dHidden.AsSpan(0, h), _dHidden.AsSpan(0, h));
        _first.Backward(_input.Span, _dHidden, Span<T>.Empty, batch);
    }
}
