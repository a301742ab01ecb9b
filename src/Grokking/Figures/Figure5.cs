using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// Figure 5 of paper 1 (spec B.9): nuclear-norm subgradient matrix completion, (n1, n2, r, N, alpha, beta*) =
/// (10, 10, 2, 80, 0.1, 1e-4), init 1e-6 I, records below 1000 then every 1e4, t1/t2 at 1e-4. The spec's numpy
/// surrogate (A* from numpy seed 0 = our matrix-seed 0) gives t1 = 90, t2 = 370,000, final error 2.0e-5.
/// </summary>
public sealed class Figure5 : MatrixDynamicsFigure
{
    public override string Id => "5";
    protected override string ChartTitle => "nuclear-norm subgradient completion: t1 ~ 90, t2 ~ 4e5";
    public override string Title => "nuclear-norm subgradient completion: t1 ~ 90, t2 ~ 4e5 (paper 1, Fig 5)";
    protected override (string Name, object Value)[] Overrides => [];
    protected override string Setting(bool quick) =>
        "Setting (the code's values): n1 = n2 = 10, rank 2, N = 80 observed entries (paper text: 70), completion with " +
        "`np.random.seed(0); permutation(100)[:80]`, A* = U Vᵀ/√r rescaled to ||A*||_F = 10 (U, V from numpy seed = matrix-seed), " +
        "`A <- A - α(P∘(A − A*) + β* U Vᵀ)`, α = 0.1, β* = 1e-4, init 1e-6·I; t1/t2 = first recorded train/recovery error ≤ 1e-4.";

    protected override IEnumerable<Claim> ReferenceChecks(RunResult main)
    {
        var s = main.Summary;
        yield return new Claim("t1 (train ≤ 1e-4), seed 0", Steps(s.T1), "90", s.T1 == 90);
        yield return new Claim("t2 (recovery ≤ 1e-4), seed 0", Steps(s.T2), "370,000", s.T2 == 370_000);
        yield return Near("recovery error of Â (LS, 0 off Ω)", s.Theory["ls_recovery_error"], 0.268, 0.005);
        yield return Near("||Â − A*||_2", s.Theory["ls_spectral_error"], 1.765, 0.001);
        yield return Near("σ1(A*), σ2(A*)", s.Theory["sigma_star_0"], 8.1699, 1e-4, $"{G(s.Theory["sigma_star_0"], 5)}, {G(s.Theory["sigma_star_1"], 5)}", "8.1699, 5.7665");
        yield return Near("final recovery error", s.Final["recovery_error"], 2.0e-5, 0.1);
        yield return Near("final σ1, σ2", s.Final["sigma_0"], 8.1698, 1e-4, $"{G(s.Final["sigma_0"], 5)}, {G(s.Final["sigma_1"], 5)}", "8.1698, 5.7664");
        double spurious = s.Final.GetValueOrDefault("sigma_2", double.NaN);
        yield return new Claim("largest spurious σ3 at the end", G(spurious, 3), "≈ αβ = 1e-5", spurious is > 1e-7 and < 5e-5);
    }

    private static Claim Near(string claim, double v, double expected, double rel, string? shown = null, string? expectedText = null) =>
        new(claim, shown ?? G(v), expectedText ?? G(expected), Math.Abs(v - expected) <= rel * Math.Abs(expected));
}

/// <summary>Figure 14 (spec B.9, D.2): projected subgradient on matrix sensing, N = 70 (zero train error after one step).</summary>
public sealed class Figure14 : MatrixDynamicsFigure
{
    public override string Id => "14";
    protected override string ChartTitle => "projected subgradient, matrix sensing (N = 70)";
    public override string Title => "projected subgradient, matrix sensing (N = 70) (paper 1, Fig 14)";
    protected override (string Name, object Value)[] Overrides => [("problem", "sensing"), ("N", 70L), ("method", "proj-subgradient")];
    protected override string Setting(bool quick) =>
        "Setting (paper 1, App. D.2): (n1, n2, r, N, ζ, α, β*) = (10, 10, 2, 70, 1e-6, 0.1, 1e-4), matrix sensing " +
        "(X1 = M1 U*, X2 = M2 V*, M ~ N(0, 1/N), seed 0; X = X2 • X1), `A <- Π(A − α(G + β* U Vᵀ))` with Π the projection onto " +
        "{X vec A = y*}.";
}

/// <summary>Figure 15 (spec B.9, D.2): proximal gradient (singular value thresholding) on matrix sensing, N = 70.</summary>
public sealed class Figure15 : MatrixDynamicsFigure
{
    public override string Id => "15";
    protected override string ChartTitle => "proximal gradient (SVT), matrix sensing (N = 70)";
    public override string Title => "proximal gradient (SVT), matrix sensing (N = 70) (paper 1, Fig 15)";
    protected override (string Name, object Value)[] Overrides => [("problem", "sensing"), ("N", 70L), ("method", "ista")];
    protected override string Setting(bool quick) =>
        "Setting (paper 1, App. D.2): (n1, n2, r, N, ζ, α, β*) = (10, 10, 2, 70, 1e-6, 0.1, 1e-4), matrix sensing as Fig 14, " +
        "`A <- SVT_{αβ*}(A − α G)`, SVT(B) = U max(Σ − αβ*, 0) Vᵀ; σ recorded = σ(A − αG) before thresholding (reference).";
}
