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
    public void Forward(ReadOnlySpan<int> tokens, Span<T> y, int batch)
    {
        ReadOnlySpan<T> e = _parameters.Value(Weight);
        int vocab = Vocabulary, dim = Dimension;
        for (int i = 0; i < batch; i++)
        {
            int t = tokens[i];
            if ((uint)t >= (uint)vocab) throw new ArgumentOutOfRangeException(nameof(tokens), $"token {t} is outside [0, {vocab})");
            var row = y.Slice(i * dim, dim);
            for (int j = 0; j < dim; j++) row[j] = e[j * vocab + t];
        }
    }

    /// <summary>dE[:, tokens[i]] += dy[i, :].</summary>
    public void Backward(ReadOnlySpan<int> tokens, ReadOnlySpan<T> dy, int batch)
    {
        var de = _parameters.Gradient(Weight);
        int vocab = Vocabulary, dim = Dimension;
        for (int i = 0; i < batch; i++)
        {
            int t = tokens[i];
            var row = dy.Slice(i * dim, dim);
            for (int j = 0; j < dim; j++) de[j * vocab + t] += row[j];
        }
    }
}
