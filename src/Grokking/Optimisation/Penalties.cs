using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>
/// <c>u += wd p</c> on the selected groups: weight decay as a gradient term, i.e. the gradient of the squared-l2
/// penalty <c>(wd/2) ||p||²</c> (the convention of the convex problems, spec F.3: <c>½ beta2 ||a||²</c>). Before the
/// lr scaling it is PyTorch's coupled weight_decay; after an Adam direction it makes AdamW.
/// </summary>
public sealed class AddDecayedWeights<T>(T weightDecay, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T WeightDecay { get; } = weightDecay >= T.Zero ? weightDecay : throw new ArgumentOutOfRangeException(nameof(weightDecay));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.All;

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = layout.Select(Groups) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (WeightDecay == T.Zero) return;
        foreach (var g in ((GroupsState)state).Groups)
            TensorPrimitives.MultiplyAdd(g.Of(parameters), WeightDecay, g.Of<T>(updates), g.Of(updates));
    }
}

/// <summary><c>u += beta sign(p)</c> with sign(0) = 0: the subgradient of <c>beta ||p||_1</c> the reference code uses.</summary>
public sealed class AddL1Subgradient<T>(T beta, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta { get; } = beta >= T.Zero ? beta : throw new ArgumentOutOfRangeException(nameof(beta));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.All;

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = layout.Select(Groups) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (Beta == T.Zero) return;
        T beta = Beta;
        foreach (var g in ((GroupsState)state).Groups)
        {
            var p = g.Of(parameters);
            var u = g.Of(updates);
            for (int i = 0; i < p.Length; i++)
                u[i] += p[i] > T.Zero ? beta : p[i] < T.Zero ? -beta : T.Zero;
        }
    }
}

/// <summary>
/// <c>u_W += beta W / ||W||_F</c> per selected group (0 where W = 0): the gradient of the UNSQUARED Frobenius norm
/// <c>beta ||W||_F</c>, which is what the reference networks' "l2" regulariser is (spec F.3, <c>torch.norm(W, 2)</c>).
/// </summary>
public sealed class AddL2NormGradient<T>(T beta, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta { get; } = beta >= T.Zero ? beta : throw new ArgumentOutOfRangeException(nameof(beta));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.All;

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = layout.Select(Groups) };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (Beta == T.Zero) return;
        foreach (var g in ((GroupsState)state).Groups)
        {
            var p = g.Of(parameters);
            T norm = TensorPrimitives.Norm(p);
            if (norm == T.Zero) continue;
            TensorPrimitives.MultiplyAdd(p, Beta / norm, g.Of<T>(updates), g.Of(updates));
        }
    }
}

/// <summary>
/// <c>u_W += beta U V^T</c> per selected matrix group, from the thin SVD <c>W = U S V^T</c> with all min(rows, cols)
/// singular vectors (spec F.3): the nuclear-norm subgradient as the reference computes it. The SVD is the lab's
/// Jacobi, warm-started from the previous step (see <see cref="GroupSvd{T}"/>).
/// </summary>
public sealed class AddNuclearSubgradient<T>(T beta, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta { get; } = beta >= T.Zero ? beta : throw new ArgumentOutOfRangeException(nameof(beta));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.Matrices;

    public TransformState Init(ParameterLayout layout)
    {
        var groups = layout.Select(Groups);
        return new GroupSvdState<T> { Layout = layout, Groups = groups, Svds = Array.ConvertAll(groups, g => new GroupSvd<T>(g)) };
    }

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (Beta == T.Zero) return;
        var s = (GroupSvdState<T>)state;
        for (int k = 0; k < s.Groups.Length; k++)
        {
            var svd = s.Svds[k];
            svd.Decompose(s.Groups[k].Of(parameters), warmStart: true);
            svd.AddPolarFactor(s.Groups[k].Of(updates), Beta);
        }
    }
}

/// <summary>Groups with one SVD workspace each (nuclear subgradient, singular value thresholding).</summary>
internal sealed class GroupSvdState<T> : TransformState where T : unmanaged, IFloatingPointIeee754<T>
{
    public required ParameterGroup[] Groups { get; init; }
    public required GroupSvd<T>[] Svds { get; init; }
}
