using System.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// The l1 proximal step (ISTA), as a transform on the DISPLACEMENT: it goes after <see cref="ScaleByLearningRate{T}"/>
/// and maps u to <c>S_t(p + u) - p</c>, S_t the soft threshold <c>sign(x) max(|x| - t, 0)</c>, so that
/// <c>p += u</c> lands on <c>prox_{t ||.||_1}(p + u)</c>. For the reference's ISTA, t = lr * beta1.
/// </summary>
public sealed class SoftThreshold<T>(T threshold, GroupSelector? groups = null) : GroupwiseTransform<T>(groups ?? GroupSelector.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Threshold { get; } = NonNegative(threshold, nameof(threshold));

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p)
    {
        T t = Threshold;
        for (int i = 0; i < p.Length; i++)
        {
            T x = p[i] + u[i];
            T m = T.Abs(x) - t;
            u[i] = (m > T.Zero ? T.CopySign(m, x) : T.Zero) - p[i];
        }
    }
}

/// <summary>
/// The proximal step of the unsquared l2 norm <c>t ||W||_F</c> per group (block soft threshold), on the
/// displacement as <see cref="SoftThreshold{T}"/>: with <c>x = p + u</c>, <c>u = max(1 - t / ||x||, 0) x - p</c>.
/// </summary>
public sealed class BlockSoftThreshold<T>(T threshold, GroupSelector? groups = null) : GroupwiseTransform<T>(groups ?? GroupSelector.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Threshold { get; } = NonNegative(threshold, nameof(threshold));

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p)
    {
        T sumSquares = T.Zero;
        for (int i = 0; i < p.Length; i++) sumSquares += (p[i] + u[i]) * (p[i] + u[i]);
        T norm = T.Sqrt(sumSquares);
        T keep = norm > Threshold ? T.One - Threshold / norm : T.Zero;
        for (int i = 0; i < p.Length; i++) u[i] = keep * (p[i] + u[i]) - p[i];
    }
}

/// <summary>
/// Singular value thresholding, the proximal step of <c>t ||W||_*</c> per matrix group, on the displacement as
/// <see cref="SoftThreshold{T}"/>: <c>u = U max(S - t, 0) V^T - p</c> with <c>U S V^T</c> the SVD of <c>p + u</c>.
/// For the reference's proximal method, t = lr * beta*.
/// </summary>
public sealed class SingularValueThreshold<T>(double threshold, GroupSelector? groups = null) : SvdGroupTransform<T>(groups ?? GroupSelector.Matrices)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Threshold { get; } = threshold >= 0 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));

    protected override void UpdateGroup(Span<T> u, ReadOnlySpan<T> p, GroupSvd<T> svd)
    {
        svd.DecomposeSum(p, u, warmStart: true);
        svd.Threshold(u, Threshold);
        for (int i = 0; i < u.Length; i++) u[i] -= p[i];
    }
}
