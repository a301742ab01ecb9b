using System.Numerics;
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

    public ParameterGroup A => Parameters["A"];
    public ParameterGroup B => Parameters["B"];

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
        Relu.Forward<T>(_preActivation.AsSpan(0, h), _hidden.AsSpan(0, h));
        _second.Forward(_hidden, _output, batch);
        return _output.AsSpan(0, batch * Outputs);
    }

    /// <summary>
    /// Parameters.Gradients = d loss / d (A, B) of the last <see cref="Forward"/> given <paramref name="dY"/> =
    /// d loss / d y (batch x outputs): dB = dY^T H, dA = (dY B masked by A x &gt; 0)^T x. Overwrites the gradients; a
    /// penalty adds its own afterwards.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dY)
    {
        int batch = _batch, h = batch * Hidden;
        Parameters.ZeroGradients();
        _second.Backward(_hidden, dY, _dHidden, batch);
        Relu.Backward<T>(_preActivation.AsSpan(0, h), _dHidden.AsSpan(0, h), _dHidden.AsSpan(0, h));
        _first.Backward(_input.Span, _dHidden, Span<T>.Empty, batch);
    }
}
