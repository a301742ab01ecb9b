using System.Numerics;
using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Nn;

/// <summary>
/// Adam on a loss plus a <see cref="WeightPenalty{T}"/>: the step of the reference networks, equal bit for bit to
/// the chain <c>penalty.Gradient() -&gt; Adam(lr)</c> for none, l1 and l2 (tests check it), with the chain's scalar
/// passes replaced by <see cref="FusedAdam{T}"/>: the l1 sign fused into Adam's vectorised pass when the penalty
/// covers every parameter; the l2 and nuclear (sub)gradients added by their transform first. The nuclear U V^T comes
/// from <see cref="NewtonSchulzPolar{T}"/> when <paramref name="newtonSchulz"/> (equal to the Jacobi SVD's factor to
/// float accuracy; once the iteration stalls, from the double Gram matrix's eigen-decomposition,
/// <see cref="GramPolar{T}"/>, with the Jacobi SVD deciding for singular values below float32's noise floor),
/// otherwise from the Jacobi SVD.
/// Allocates nothing per step.
/// </summary>
public sealed class PenalisedAdam<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FusedAdam<T> _adam;
    private readonly IGradientTransform<T>? _penaltyGradient;
    private readonly TransformState? _penaltyState;

    public PenalisedAdam(WeightPenalty<T> penalty, ParameterLayout layout, T lr, bool newtonSchulz = false, Gemm? gemm = null)
    {
        int covered = layout.Select(penalty.Groups).Sum(g => g.Length);
        bool fuseL1 = penalty.Kind == PenaltyKind.L1 && covered == layout.Size;
        _adam = new FusedAdam<T>(layout.Size, lr, fuseL1 ? penalty.Beta : T.Zero);
        if (penalty.Kind == PenaltyKind.None || fuseL1 || penalty.Beta == T.Zero) return;
        _penaltyGradient = penalty.Kind == PenaltyKind.Nuclear && newtonSchulz
            ? new AddNuclearSubgradientNewtonSchulz<T>(penalty.Beta, penalty.Groups, gemm)
            {
                MaxIterations = NewtonSchulzIterations,
                StayOnFallback = true,
                GramFallback = true,
            }
            : penalty.Gradient();
        _penaltyState = _penaltyGradient.Init(layout);
    }

    /// <summary>The Newton-Schulz iterations before a matrix goes to the Jacobi SVD for good: from a nuclear-penalised
    /// run's init the iteration converges in about 10; as the penalty drives singular values toward 0 it needs
    /// ever more, and past ~16 it costs more than the Gram route that takes over.</summary>
    public const int NewtonSchulzIterations = 16;

    /// <summary>The penalty's transform state (diagnostics: the Newton-Schulz iterations); null when fused or none.</summary>
    internal TransformState? PenaltyState => _penaltyState;

    /// <summary>One step: <paramref name="gradient"/> (the loss's) is overwritten with the update, as the chain does.</summary>
    public void Step(Span<T> parameters, Span<T> gradient)
    {
        _penaltyGradient?.Update(gradient, _penaltyState!, parameters);
        _adam.Step(parameters, gradient);
    }
}
