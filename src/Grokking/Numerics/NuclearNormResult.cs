namespace Grokking.Numerics;

/// <summary>How a nuclear-norm solve ended.</summary>
public enum NuclearNormStatus
{
    /// <summary>The certificate holds: relative duality gap and relative residual of the SVT iterate within tolerance.</summary>
    Optimal,

    /// <summary>The iterations stopped first; the certificate (still valid as bounds) says how far off.</summary>
    MaxIterations,
}

/// <summary>Settings of <see cref="NuclearNormSolver"/>. The defaults were chosen on the 5000 completions of the full E3.6
/// grid (10 x 10, r = 1..5, N = 5..100, five tau): plain Douglas-Rachford needed 13.9 M iterations in all and left 60
/// solves at a 1e5 cap; Anderson memory 5 / 10 / 15 / 20 needed 3.4 / 1.6 / 1.2 / 1.1 M and left 13 / 5 / 2 / 2, with the
/// same recovered / failed verdict for every solve. With acceleration, relaxation 1 ... 1.8 and step scale 0.3 ... 3
/// changed the total by less than 50 %.</summary>
/// <param name="Tolerance">Stop when the relative duality gap and the relative distance of the low-rank (SVT) iterate to
/// the constraint set are both at most this.</param>
/// <param name="MaxIterations">Douglas-Rachford iteration cap.</param>
/// <param name="CheckEvery">Iterations between two certificate evaluations (two extra SVDs each); after
/// 20 CheckEvery iterations the period grows to 5 % of the iterations done, so long solves spend little on checks.</param>
/// <param name="Relaxation">Over-relaxation rho in (0, 2) of the Douglas-Rachford update W += rho (Z - A) (1.8 was the
/// fastest of 1, 1.5, 1.8 without acceleration).</param>
/// <param name="StepScale">The SVT threshold t is this times the rms of the measured values (1 was the fastest of
/// 0.03 ... 3 without acceleration).</param>
/// <param name="AndersonMemory">Pairs kept by the Anderson extrapolation of the Douglas-Rachford map (0 = plain
/// Douglas-Rachford). An extrapolated point whose fixed-point residual grew is replaced by the plain step.</param>
public sealed record NuclearNormOptions(
    double Tolerance = 1e-9,
    int MaxIterations = 100_000,
    int CheckEvery = 20,
    double Relaxation = 1.8,
    double StepScale = 1.0,
    int AndersonMemory = 15)
{
    public static NuclearNormOptions Default { get; } = new();
}

/// <summary>
/// The answer of <c>min ||A||_* s.t. P(A) = b</c> and its certificate. <see cref="A"/> is feasible by construction (the
/// low-rank iterate projected onto the constraint set); <see cref="Y"/> = P^*(lambda), scaled to spectral norm 1 (or 0
/// when the iterate's multiplier gives no positive bound), is dual feasible, so <see cref="LowerBound"/> = b^T lambda = &lt;Y, A'&gt; &lt;= ||A'||_* for every feasible A'.
/// Hence <c>LowerBound &lt;= optimum &lt;= Objective</c>, whatever the iterations did.
/// </summary>
/// <param name="A">The solution, rows x cols (row-major).</param>
/// <param name="Lambda">The dual vector (one entry per observation / measurement), scaled to be dual feasible.</param>
/// <param name="Y">The dual matrix P^*(lambda), rows x cols (supported on the observed entries for completion).</param>
/// <param name="DualNorm">Spectral norm of the iterate's P^*(-mu/t) before the scaling (1 to rounding once converged:
/// the distance from 1 shows how far the raw multiplier was from dual feasible).</param>
/// <param name="Objective">||A||_*.</param>
/// <param name="RelativeGap">(Objective - LowerBound) / Objective (0 when b = 0).</param>
/// <param name="Residual">||P(A) - b|| / ||b|| of the returned A (rounding level: A is projected).</param>
/// <param name="IterateResidual">Distance of the SVT iterate to the constraint set over ||b||: how close the low-rank
/// iterate is to feasibility, the primal half of the stopping rule.</param>
public sealed record NuclearNormResult(
    NuclearNormStatus Status,
    DenseMatrix A,
    double[] Lambda,
    DenseMatrix Y,
    int Iterations,
    double Objective,
    double LowerBound,
    double RelativeGap,
    double DualNorm,
    double Residual,
    double IterateResidual)
{
    /// <summary>One line for logs and error messages.</summary>
    public override string ToString() =>
        $"{Status}: ||A||_* = {Objective:G12}, lower bound {LowerBound:G12} (rel gap {RelativeGap:E2}), ||Y||_2 = {DualNorm:G10} before scaling, " +
        $"residual {Residual:E2}, iterate residual {IterateResidual:E2}, {Iterations} iterations";
}
