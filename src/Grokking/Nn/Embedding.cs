using System.Numerics;
using Grokking.Optimisation;

namespace Grokking.Nn;

/// <summary>
/// The reference's <c>Linear(vocab -> dim, bias=False)</c> applied to one-hot rows, computed as what it is: a lookup.
/// The weight keeps PyTorch's layout (dim x vocab), so the embedding of token t is column t of E, and its
/// gradient is a scatter-add into that column (repeated tokens add up).
/// </summary>
public sealed class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> _parameters;

    public Embedding(ParameterSet<T> parameters, string weight, int vocabulary, int dimension)
    {
        _parameters = parameters;
        Weight = parameters[weight];
        if (Weight.Rows != dimension || Weight.Cols != vocabulary)
            throw new ArgumentException($"group '{weight}' is {Weight.Rows} x {Weight.Cols}, the embedding needs {dimension} x {vocabulary}");
        Vocabulary = vocabulary;
        Dimension = dimension;
    }

    public int Vocabulary { get; }
    public int Dimension { get; }
    public ParameterGroup Weight { get; }

    /// <summary>y[i, :] = E[:, tokens[i]] (batch x dim).</summary>
    public unsafe void Forward(ReadOnlySpan<int> tokens, Span<T> y, int batch)
    {
        ReadOnlySpan<T> e = _parameters.Value(Weight);
        int vocab = Vocabulary, dim = Dimension;
        CheckBatch(tokens, y.Length, batch);
        // E (dim x vocab) is small and stays in L1; each token reads one column of it, a strided gather
        fixed (T* pe = e, py = y)
            for (int i = 0; i < batch; i++)
            {
                T* col = pe + tokens[i], row = py + (nint)i * dim;
                for (int j = 0; j < dim; j++) row[j] = col[(nint)j * vocab];
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

    /// <summary>dE[:, tokens[i]] += dy[i, :].</summary>
    public unsafe void Backward(ReadOnlySpan<int> tokens, ReadOnlySpan<T> dy, int batch)
    {
        var de = _parameters.Gradient(Weight);
        int vocab = Vocabulary, dim = Dimension;
        CheckBatch(tokens, dy.Length, batch);
        fixed (T* pde = de, pdy = dy)
            for (int i = 0; i < batch; i++)
            {
                T* col = pde + tokens[i], row = pdy + (nint)i * dim;
                for (int j = 0; j < dim; j++) col[(nint)j * vocab] += row[j];
            }
    }
}
