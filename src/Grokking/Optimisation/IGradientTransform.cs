using System.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// A gradient transform in the style of optax: <see cref="Init"/> builds the transform's state (every buffer it
/// will need) for a parameter layout, and <see cref="Update"/> rewrites <c>updates</c> in place, given that state
/// and the current parameters. Transforms compose with <see cref="Chain{T}"/>.
/// </summary>
/// <remarks>
/// <para>Sign convention (optax's): <c>updates</c> holds the gradient when the chain starts and the displacement
/// when it ends, and the caller applies <c>params += updates</c> (<see cref="Optimiser{T}.Step"/>). Every transform
/// before <see cref="ScaleByLearningRate{T}"/> works on gradient-like quantities (descent direction = minus them);
/// that transform multiplies by <c>-lr</c>. The proximal transforms come after it, because they act on the
/// displacement.</para>
/// <para><see cref="Update"/> never allocates: a test measures it.</para>
/// </remarks>
public interface IGradientTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    TransformState Init(ParameterLayout layout);

    /// <summary>Transforms <paramref name="updates"/> in place (length = layout size).</summary>
    void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters);
}

/// <summary>The state of one transform (moments, step count, scratch). Owned by the caller, like optax's.</summary>
public abstract class TransformState
{
    /// <summary>The layout the state was built for; Update checks buffer lengths against it.</summary>
    public required ParameterLayout Layout { get; init; }

    internal void CheckLengths(int updates, int parameters)
    {
        if (updates != Layout.Size || parameters != Layout.Size)
            throw new ArgumentException($"updates ({updates}) and parameters ({parameters}) must both have the layout's size {Layout.Size}");
    }
}

/// <summary>The state of a transform that keeps nothing between steps but the groups it applies to.</summary>
public sealed class GroupsState : TransformState
{
    public required ParameterGroup[] Groups { get; init; }
}

/// <summary>Applies transforms one after the other (optax.chain).</summary>
public sealed class Chain<T>(params IGradientTransform<T>[] transforms) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public IReadOnlyList<IGradientTransform<T>> Transforms => transforms;

    public TransformState Init(ParameterLayout layout) =>
        new ChainState { Layout = layout, States = Array.ConvertAll(transforms, t => t.Init(layout)) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        var states = ((ChainState)state).States;
        for (int i = 0; i < transforms.Length; i++) transforms[i].Update(updates, states[i], parameters);
    }

    private sealed class ChainState : TransformState
    {
        public required TransformState[] States { get; init; }
    }
}
