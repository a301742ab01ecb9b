using Grokking.Experiments;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// The parameters of a matrix completion / sensing run, named and defaulted as the reference solver
/// <c>subgradient_descent_matrix_factorization</c> and Figure 5 of paper 1 (spec B.0.7-B.0.8, B.9): 10 x 10,
/// rank 2, N = 80 observed entries, alpha = 0.1, beta* = 1e-4, init 1e-6 I, records every step below 1000 then
/// every 1e4, t1/t2 at 1e-4.
/// </summary>
public static class MatrixFactorisationParameters
{
    public static ParameterSchema Schema { get; } = new ParameterSchema(
    [
        Parameter.Choice("problem", "completion", "completion (observe N entries of A*) or sensing (y_q = X1_q^T A* X2_q, Gaussian X1 = M1 U*, X2 = M2 V*)", "completion", "sensing"),
        Parameter.Int("n1", 10, "rows of A*", min: 1, max: 64),
        Parameter.Int("n2", 10, "columns of A*", min: 1, max: 64),
        Parameter.Int("rank", 2, "rank r of A* (r <= min(n1, n2))", min: 1),
        Parameter.Int("N", 80, "number of observations (N <= n1 n2)", min: 1),
        Parameter.Real("tau", 0, "completion: fraction int(tau N) of the observed entries taken by decreasing local coherence mu_i + nu_j (the rest uniform); sensing: coherent rows of X1, X2", min: 0, max: 1),
        Parameter.Int("matrix-seed", 0, "numpy seed of A* = U V^T (U, V Gaussian; the reference draws them from an unseeded torch RNG)", min: 0, max: uint.MaxValue),
        Parameter.Int("data-seed", 0, "numpy seed of the observed entries (completion) or of M1 = M2 (sensing), as the figures' seed = 0", min: 0, max: uint.MaxValue),
        Parameter.Choice("sensing-seeds", "independent", "sensing: M2 drawn with data-seed + 1 (independent, default) or with data-seed like M1 (the reference code when a seed is passed: M1 = M2 for n1 = n2, so X spans only the n(n+1)/2 'symmetric' measurements U*^T S V* and X X^T is singular)", "independent", "same"),
        Parameter.Choice("variance", "1/N", "sensing: variance of the Gaussian measurements, 1/N (notebooks) or 1/n", "1/N", "1/n"),
        Parameter.Choice("method", "subgradient", "subgradient A <- A - alpha(G + beta* U V^T), proj-subgradient (then project onto X vec A = y) or ista (singular value thresholding)", "subgradient", "proj-subgradient", "ista"),
        Parameter.Real("alpha", 0.1, "learning rate (must be below 2/(sigma_max(X^T X) + beta2): 2/(1 + beta2) for completion)", min: 0, minExclusive: true),
        Parameter.Real("beta-star", 1e-4, "nuclear-norm strength beta* (subgradient U V^T from the thin SVD)", min: 0),
        Parameter.Real("beta1", 0, "l1 strength (subgradient sign(A), sign(0) = 0)", min: 0),
        Parameter.Real("beta2", 0, "squared-Frobenius strength (gradient beta2 A)", min: 0),
        Parameter.Int("depth", 1, "factors L of A = A_1 ... A_L (1 = A itself; L >= 2: subgradient only, regularisers act on each factor)", min: 1, max: 8),
        Parameter.Choice("init", "identity", "identity = init-scale * eye (reference default), random = init-scale * N(0, 1/(rows cols)) per factor", "identity", "random"),
        Parameter.Real("init-scale", 1e-6, "initialisation scale zeta", min: 0),
        .. TrainingParameters.Group(new TrainingDefaults
        {
            Steps = 1_000_000, EvalFirst = 1000, EvalEvery = 10_000, T1RuleChoice = true,
            TrainThreshold = 1e-4, TestThreshold = 1e-4, TrainLabel = "relative train error", TestLabel = "relative recovery error",
        }),
        Parameter.Bool("spectrum", true, "record the singular values sigma_i at every record"),
    ]).Check(spec =>
    {
        long n1 = spec.Int("n1"), n2 = spec.Int("n2"), r = spec.Int("rank"), N = spec.Int("N");
        if (r > Math.Min(n1, n2))
            throw new SpecException($"rank = {r} is larger than min(n1, n2) = {Math.Min(n1, n2)}: A* cannot have that rank");
        if (N > n1 * n2)
            throw new SpecException($"N = {N} is larger than n1 n2 = {n1 * n2}: there are only {n1 * n2} entries to observe");
        if (spec.Int("depth") > 1 && spec.Text("method") != "subgradient")
            throw new SpecException($"depth = {spec.Int("depth")} supports only --method subgradient (the reference has no deep projected or proximal solver)");
    });
}
