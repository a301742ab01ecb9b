using System.Numerics;
using Grokking.Optimisation;

namespace Grokking.Nn;

/// <summary>
/// A model's parameters: one contiguous value buffer and one gradient buffer of the same layout, with named groups
/// (<see cref="ParameterLayout"/>) that layers read and write and that optimiser transforms and penalties address by
/// name. Layers ACCUMULATE into the gradient buffer (llm.c's convention), so a step clears it first.
/// </summary>
public sealed class ParameterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ParameterSet(ParameterLayout layout)
    {
        Layout = layout;
        Values = new T[layout.Size];
        Gradients = new T[layout.Size];
    }

    public ParameterLayout Layout { get; }

    /// <summary>All parameters, groups end to end in layout order.</summary>
    public T[] Values { get; }

    /// <summary>d loss / d parameters, same layout.</summary>
    public T[] Gradients { get; }

    public ParameterGroup this[string name] => Layout[name];

    public Span<T> Value(ParameterGroup group) => group.Of(Values.AsSpan());
    public Span<T> Gradient(ParameterGroup group) => group.Of(Gradients.AsSpan());

    public void ZeroGradients() => Array.Clear(Gradients);
}
