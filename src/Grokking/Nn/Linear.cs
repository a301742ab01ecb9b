using System.Numerics;
using System.Numerics.Tensors;
using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Nn;

/// <summary>
/// <c>y = x W^T + b</c> over a batch of rows (PyTorch's Linear: W is out x in, row-major; the bias is optional).
/// Forward and backward are GEMMs on the model's <see cref="Gemm"/> context.
/// </summary>
public sealed class Linear<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> _parameters;
    private readonly Gemm _gemm;

    /// <param name="weight">Group of <paramref name="outputs"/> x <paramref name="inputs"/>.</param>
    /// <param name="bias">Group of <paramref name="outputs"/> x 1, or null for no bias.</param>
    public Linear(ParameterSet<T> parameters, Gemm gemm, string weight, string? bias, int inputs, int outputs)
    {
        _parameters = parameters;
        _gemm = gemm;
        Weight = parameters[weight];
        if (Weight.Rows != outputs || Weight.Cols != inputs)
            throw new ArgumentException($"group '{weight}' is {Weight.Rows} x {Weight.Cols}, the layer needs {outputs} x {inputs}");
        if (bias != null)
        {
            Bias = parameters[bias];
            if (Bias.Value.Length != outputs) throw new ArgumentException($"group '{bias}' has {Bias.Value.Length} entries, the layer needs {outputs}");
        }
        Inputs = inputs;
        Outputs = outputs;
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public ParameterGroup Weight { get; }
    public ParameterGroup? Bias { get; }

    /// <summary>y (batch x out) = x (batch x in) W^T + b.</summary>
    public void Forward(ReadOnlySpan<T> x, Span<T> y, int batch)
    {
        _gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, batch, Outputs, Inputs, T.One, x, Inputs,
            _parameters.Value(Weight), Inputs, T.Zero, y, Outputs);
        if (Bias is { } b)
        {
            ReadOnlySpan<T> bias = _parameters.Value(b);
            for (int i = 0; i < batch; i++)
            {
                var row = y.Slice(i * Outputs, Outputs);
                TensorPrimitives.Add(row, bias, row);
            }
        }
    }

    /// <summary>
    /// Given dy = d loss / d y: dW += dy^T x, db += column sums of dy, and dx = dy W (overwritten; skipped when
    /// <paramref name="dx"/> is empty, as for a first layer).
    /// </summary>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, int batch)
    {
        _gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, Outputs, Inputs, batch, T.One, dy, Outputs, x, Inputs,
            T.One, _parameters.Gradient(Weight), Inputs);
        if (Bias is { } b)
        {
            var db = _parameters.Gradient(b);
            for (int i = 0; i < batch; i++) TensorPrimitives.Add(db, dy.Slice(i * Outputs, Outputs), db);
        }
        if (!dx.IsEmpty)
            _gemm.Multiply(MatrixOp.None, MatrixOp.None, batch, Inputs, Outputs, T.One, dy, Outputs,
                _parameters.Value(Weight), Inputs, T.Zero, dx, Inputs);
    }
}
