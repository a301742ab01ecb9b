using System.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// The l1 proximal step (ISTA), as a transform on the DISPLACEMENT: it goes after <see cref="ScaleByLearningRate{T}"/>
/// and maps u to <c>S_t(p + u) - p</c>, S_t the soft threshold <c>sign(x) max(|x| - t, 0)</c>, so that
/// <c>p += u</c> lands on <c>prox_{t ||.||_1}(p + u)</c>. For the reference's ISTA, t = lr * beta1.
/// </summary>
public sealed class SoftThreshold<T>(T threshold, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Threshold { get; } = threshold >= T.Zero ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.All;

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = layout.Select(Groups) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        T t = Threshold;
        foreach (var g in ((GroupsState)state).Groups)
        {
            var p = g.Of(parameters);
            var u = g.Of(updates);
            for (int i = 0; i < p.Length; i++)
            {
                T x = p[i] + u[i];
                T m = T.Abs(x) - t;
                u[i] = (m > T.Zero ? T.CopySign(m, x) : T.Zero) - p[i];
            }
        }
    }
}

/// <summary>
/// The proximal step of the unsquared l2 norm <c>t ||W||_F</c> per group (block soft threshold), on the
/// displacement as <see cref="SoftThreshold{T}"/>: with <c>x = p + u</c>, <c>u = max(1 - t / ||x||, 0) x - p</c>.
/// </summary>
public sealed class BlockSoftThreshold<T>(T threshold, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Threshold { get; } = threshold >= T.Zero ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.All;

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = layout.Select(Groups) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        foreach (var g in ((GroupsState)state).Groups)
        {
            var p = g.Of(parameters);
            var u = g.Of(updates);
            T sumSquares = T.Zero;
            for (int i = 0; i < p.Length; i++) sumSquares += (p[i] + u[i]) * (p[i] + u[i]);
            T norm = T.Sqrt(sumSquares);
            T keep = norm > Threshold ? T.One - Threshold / norm : T.Zero;
            for (int i = 0; i < p.Length; i++) u[i] = keep * (p[i] + u[i]) - p[i];
        }
    }
}

/// <summary>
/// Singular value thresholding, the proximal step of <c>t ||W||_*</c> per matrix group, on the displacement as
/// <see cref="SoftThreshold{T}"/>: <c>u = U max(S - t, 0) V^T - p</c> with <c>U S V^T</c> the SVD of <c>p + u</c>.
/// For the reference's proximal method, t = lr * beta*.
/// </summary>
public sealed class SingularValueThreshold<T>(double threshold, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Threshold { get; } = threshold >= 0 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.Matrices;

    public TransformState Init(ParameterLayout layout)
    {
        var groups = layout.Select(Groups);
        return new GroupSvdState<T> { Layout = layout, Groups = groups, Svds = Array.ConvertAll(groups, g => new GroupSvd<T>(g)) };
    }

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        var s = (GroupSvdState<T>)state;
        for (int k = 0; k < s.Groups.Length; k++)
        {
            var p = s.Groups[k].Of(parameters);
            var u = s.Groups[k].Of(updates);
            s.Svds[k].DecomposeSum(p, u, warmStart: true);
            s.Svds[k].Threshold(u, Threshold);
            for (int i = 0; i < u.Length; i++) u[i] -= p[i];
        }
    }
}
