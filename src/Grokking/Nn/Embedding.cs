using System.Numerics;
using System.Numerics.Tensors;
using Grokking.Optimisation;

namespace Grokking.Nn;

/// <summary>
/// The reference's <c>Linear(vocab -> dim, bias=False)</c> applied to one-hot rows, computed as what it is: a lookup.
/// The weight keeps PyTorch's layout (dim x vocab), so the embedding of token t is column t of E, and its
/// gradient is a scatter-add into that column (repeated tokens add up).
/// </summary>
/// <remarks>
/// A column of E is strided; a batch reads one per example. So each call first transposes E (small: it stays in
/// L1) and then copies contiguous rows of E^T, and the backward adds rows into a transposed gradient that is folded
/// into dE at the end: two dim x vocab transposes per call instead of batch x dim strided accesses.
/// </remarks>
public sealed class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> _parameters;
    private readonly T[] _transposed, _gradientTransposed;

    public Embedding(ParameterSet<T> parameters, string weight, int vocabulary, int dimension)
    {
        _parameters = parameters;
        Weight = parameters[weight];
        if (Weight.Rows != dimension || Weight.Cols != vocabulary)
            throw new ArgumentException($"group '{weight}' is {Weight.Rows} x {Weight.Cols}, the embedding needs {dimension} x {vocabulary}");
        Vocabulary = vocabulary;
        Dimension = dimension;
        _transposed = new T[vocabulary * dimension];
        _gradientTransposed = new T[vocabulary * dimension];
    }

    public int Vocabulary { get; }
    public int Dimension { get; }
    public ParameterGroup Weight { get; }

    /// <summary>y[i, :] = E[:, tokens[i]] (batch x dim).</summary>
    public void Forward(ReadOnlySpan<int> tokens, Span<T> y, int batch)
    {
        CheckBatch(tokens, y.Length, batch);
        int dim = Dimension;
        Transpose(_parameters.Value(Weight), _transposed, dim, Vocabulary);
        ReadOnlySpan<T> et = _transposed;
        for (int i = 0; i < batch; i++) et.Slice(tokens[i] * dim, dim).CopyTo(y.Slice(i * dim, dim));
    }

    /// <summary>dE[:, tokens[i]] += dy[i, :].</summary>
    public void Backward(ReadOnlySpan<int> tokens, ReadOnlySpan<T> dy, int batch)
    {
        CheckBatch(tokens, dy.Length, batch);
        int dim = Dimension, vocab = Vocabulary;
        Span<T> gt = _gradientTransposed;
        gt.Clear();
        for (int i = 0; i < batch; i++)
        {
            var row = gt.Slice(tokens[i] * dim, dim);
            TensorPrimitives.Add(row, dy.Slice(i * dim, dim), row);
        }
        var de = _parameters.Gradient(Weight);
        for (int t = 0; t < vocab; t++)
            for (int j = 0; j < dim; j++) de[j * vocab + t] += gt[t * dim + j];
    }

    /// <summary>dst (cols x rows) = src (rows x cols)^T.</summary>
    private static void Transpose(ReadOnlySpan<T> src, Span<T> dst, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = src.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) dst[c * rows + r] = row[c];
        }
    }

    private void CheckBatch(ReadOnlySpan<int> tokens, int rowsLength, int batch)
    {
        if (tokens.Length < batch || rowsLength < batch * Dimension)
            throw new ArgumentException($"a batch of {batch} needs {batch} tokens and {batch * Dimension} activations");
        for (int i = 0; i < batch; i++)
            if ((uint)tokens[i] >= (uint)Vocabulary)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"token {tokens[i]} is outside [0, {Vocabulary})");
    }
}
