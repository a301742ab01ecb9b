using System.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// A transform that keeps nothing between steps and acts on each selected group alone (penalty terms, proximal steps,
/// OrthoGrad): the base owns the group selection, the state and the length checks, a subclass says what one group's
/// update becomes.
/// </summary>
public abstract class GroupwiseTransform<T>(GroupSelector groups) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public GroupSelector Groups { get; } = groups;

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = layout.Select(Groups) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (IsIdentity) return;
        foreach (var g in ((GroupsState)state).Groups) UpdateGroup(g.Of(updates), g.Of(parameters));
    }

    /// <summary>True when the transform leaves every update as it is (a zero strength): the groups are not visited.</summary>
    protected virtual bool IsIdentity => false;

    /// <summary>Rewrites one group's <paramref name="u"/> given its parameters <paramref name="p"/>.</summary>
    protected abstract void UpdateGroup(Span<T> u, ReadOnlySpan<T> p);

    /// <summary>A strength or threshold, which must not be negative.</summary>
    protected static TValue NonNegative<TValue>(TValue value, string name) where TValue : INumber<TValue> =>
        value >= TValue.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "must be >= 0");
}

/// <summary>A groupwise transform that needs one SVD workspace per selected matrix group (nuclear subgradient, singular
/// value thresholding), warm-started from the previous step.</summary>
public abstract class SvdGroupTransform<T>(GroupSelector groups) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public GroupSelector Groups { get; } = groups;

    public TransformState Init(ParameterLayout layout)
    {
        var selected = layout.Select(Groups);
        return new GroupSvdState<T> { Layout = layout, Groups = selected, Svds = Array.ConvertAll(selected, g => new GroupSvd<T>(g)) };
    }

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (IsIdentity) return;
        var s = (GroupSvdState<T>)state;
        for (int k = 0; k < s.Groups.Length; k++) UpdateGroup(s.Groups[k].Of(updates), s.Groups[k].Of(parameters), s.Svds[k]);
    }

    protected virtual bool IsIdentity => false;

    protected abstract void UpdateGroup(Span<T> u, ReadOnlySpan<T> p, GroupSvd<T> svd);
}

/// <summary>Groups with one SVD workspace each.</summary>
internal sealed class GroupSvdState<T> : TransformState where T : unmanaged, IFloatingPointIeee754<T>
{
    public required ParameterGroup[] Groups { get; init; }
    public required GroupSvd<T>[] Svds { get; init; }
}
