using System.Numerics;
using Grokking.Optimisation;

namespace Grokking.Nn;

/// <summary>The regulariser of the reference networks: beta times a norm summed over the weight matrices (spec C).</summary>
public enum PenaltyKind
{
    None,
    /// <summary>sum |w|.</summary>
    L1,
    /// <summary>||W||_F, unsquared (the reference's torch.norm(W, 2)).</summary>
    L2,
    /// <summary>||W||_*, the sum of singular values.</summary>
    Nuclear,
}

/// <summary>
/// <c>beta sum_W ||W||</c> over the selected groups (the weight matrices by default): its value for objectives and
/// metrics, and its gradient as the existing gradient transform, to chain in front of the optimiser.
/// </summary>
public sealed class WeightPenalty<T>(PenaltyKind kind, T beta, GroupSelector? groups = null) where T : unmanaged, IFloatingPointIeee754<T>
{
    public PenaltyKind Kind { get; } = kind;
    public T Beta { get; } = beta;
    public GroupSelector Groups { get; } = groups ?? GroupSelector.Matrices;

    /// <summary>The value at <paramref name="parameters"/> (allocates an SVD workspace for the nuclear norm: not for a step).</summary>
    public double Value(ParameterLayout layout, ReadOnlySpan<T> parameters)
    {
        double sum = 0;
        foreach (var g in layout.Select(Groups))
        {
            var w = g.Of(parameters);
            sum += Kind switch
            {
                PenaltyKind.L1 => double.CreateTruncating(Norms.L1(w)),
                PenaltyKind.L2 => double.CreateTruncating(Norms.L2(w)),
                PenaltyKind.Nuclear => Norms.Nuclear(w, g.Rows, g.Cols),
                _ => 0,
            };
        }
        return double.CreateTruncating(Beta) * sum;
    }

    /// <summary>The transform that adds the (sub)gradient to the updates: l1 sign, W/||W||_F, U V^T.</summary>
    public IGradientTransform<T> Gradient() => Kind switch
    {
        PenaltyKind.L1 => new AddL1Subgradient<T>(Beta, Groups),
        PenaltyKind.L2 => new AddL2NormGradient<T>(Beta, Groups),
        PenaltyKind.Nuclear => new AddNuclearSubgradient<T>(Beta, Groups),
        _ => new Chain<T>(),
    };
}
