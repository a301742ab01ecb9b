using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>
/// <c>u += wd p</c> on the selected groups: weight decay as a gradient term, i.e. the gradient of the squared-l2
/// penalty <c>(wd/2) ||p||²</c> (the convention of the convex problems, spec F.3: <c>½ beta2 ||a||²</c>). Before the
/// lr scaling it is PyTorch's coupled weight_decay; after an Adam direction it makes AdamW.
/// </summary>
public sealed class AddDecayedWeights<T>(T weightDecay, GroupSelector? groups = null) : GroupwiseTransform<T>(groups ?? GroupSelector.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T WeightDecay { get; } = NonNegative(weightDecay, nameof(weightDecay));

    protected override bool IsIdentity => WeightDecay == T.Zero;

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p) => TensorPrimitives.MultiplyAdd(p, WeightDecay, u, u);
}

/// <summary><c>u += beta sign(p)</c> with sign(0) = 0: the subgradient of <c>beta ||p||_1</c> the reference code uses.</summary>
public sealed class AddL1Subgradient<T>(T beta, GroupSelector? groups = null) : GroupwiseTransform<T>(groups ?? GroupSelector.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta { get; } = NonNegative(beta, nameof(beta));

    protected override bool IsIdentity => Beta == T.Zero;

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p)
    {
        T beta = Beta;
        for (int i = 0; i < p.Length; i++)
            u[i] += p[i] > T.Zero ? beta : p[i] < T.Zero ? -beta : T.Zero;
    }
}

/// <summary>
/// <c>u_W += beta W / ||W||_F</c> per selected group (0 where W = 0): the gradient of the UNSQUARED Frobenius norm
/// <c>beta ||W||_F</c>, which is what the reference networks' "l2" regulariser is (spec F.3, <c>torch.norm(W, 2)</c>).
/// </summary>
public sealed class AddL2NormGradient<T>(T beta, GroupSelector? groups = null) : GroupwiseTransform<T>(groups ?? GroupSelector.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta { get; } = NonNegative(beta, nameof(beta));

    protected override bool IsIdentity => Beta == T.Zero;

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p)
    {
        T norm = TensorPrimitives.Norm(p);
        if (norm != T.Zero) TensorPrimitives.MultiplyAdd(p, Beta / norm, u, u);
    }
}

/// <summary>
/// <c>u_W += beta U V^T</c> per selected matrix group, from the thin SVD <c>W = U S V^T</c> with all min(rows, cols)
/// singular vectors (spec F.3): the nuclear-norm subgradient as the reference computes it. The SVD is the lab's
/// Jacobi, warm-started from the previous step (see <see cref="GroupSvd{T}"/>).
/// </summary>
public sealed class AddNuclearSubgradient<T>(T beta, GroupSelector? groups = null) : SvdGroupTransform<T>(groups ?? GroupSelector.Matrices)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Beta { get; } = beta >= T.Zero ? beta : throw new ArgumentOutOfRangeException(nameof(beta));

    protected override bool IsIdentity => Beta == T.Zero;

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p, GroupSvd<T> svd)
    {
        svd.Decompose(p, warmStart: true);
        svd.AddPolarFactor(u, Beta);
    }
}
