namespace Grokking.Numerics;

/// <summary>How a basis-pursuit solve ended.</summary>
public enum BasisPursuitStatus
{
    /// <summary>The certificate holds: primal residual, dual infeasibility and duality gap are all within tolerance.</summary>
    Optimal,

    /// <summary>y is not in the range of X (a dependent row of X disagrees with y): no a satisfies X a = y.</summary>
    Infeasible,

    /// <summary>The interior-point iterations stopped without meeting the tolerances; the certificate says how far off.</summary>
    MaxIterations,
}

/// <summary>Tolerances of <see cref="BasisPursuitSolver"/>.</summary>
/// <param name="Tolerance">Interior-point stopping rule: relative primal residual, dual residual and relative gap.</param>
/// <param name="CertifyTolerance">The returned point is <see cref="BasisPursuitStatus.Optimal"/> when its relative primal
/// residual, dual infeasibility and relative duality gap (measured on the original X, y) are all at most this; a dependent
/// row of X whose equation misses y by more than this (relative to ||y||) makes the problem <see cref="BasisPursuitStatus.Infeasible"/>.</param>
/// <param name="MaxIterations">Interior-point iteration cap (Mehrotra typically needs 15-30).</param>
/// <param name="Polish">After the interior point, re-solve exactly on the identified support and keep that point when
/// its certificate is at least as good (it is the vertex the iterates converge to, to rounding).</param>
/// <param name="RankTolerance">A row of X whose component orthogonal to the previous rows is at most this times the
/// largest row norm is treated as dependent (its equation must then agree with y, else the problem is infeasible).</param>
public sealed record BasisPursuitOptions(
    double Tolerance = 1e-10,
    double CertifyTolerance = 1e-8,
    int MaxIterations = 100,
    bool Polish = true,
    double RankTolerance = 1e-10)
{
    public static BasisPursuitOptions Default { get; } = new();
}

/// <summary>
/// The answer of <c>min ||a||_1 s.t. X a = y</c> with its optimality certificate, all measured on the caller's X and y:
/// <see cref="PrimalResidual"/> = ||X a - y||_2, <see cref="DualInfeasibility"/> = max(0, ||X^T lambda||_inf - 1) of the
/// raw interior-point multiplier, and <see cref="DualityGap"/> = ||a||_1 - y^T lambda where <see cref="Lambda"/> has been
/// scaled to be exactly dual feasible (so y^T lambda is a true lower bound on the optimum, and the gap bounds the
/// sub-optimality of a up to its primal residual).
/// </summary>
public sealed record BasisPursuitResult(
    BasisPursuitStatus Status,
    double[] A,
    double[] Lambda,
    int Iterations,
    int Rank,
    bool Polished,
    double PrimalResidual,
    double RelativePrimalResidual,
    double DualInfeasibility,
    double Objective,
    double DualObjective,
    double DualityGap,
    double RelativeGap,
    double Inconsistency)
{
    /// <summary>One line for logs and error messages.</summary>
    public override string ToString() =>
        $"{Status}: ||a||_1 = {Objective:G10}, ||Xa - y|| = {PrimalResidual:E2} (rel {RelativePrimalResidual:E2}), " +
        $"dual infeasibility {DualInfeasibility:E2}, gap {DualityGap:E2} (rel {RelativeGap:E2}), {Iterations} iterations, " +
        $"rank {Rank}{(Polished ? ", polished" : "")}";
}
