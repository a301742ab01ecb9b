using Grokking.Experiments;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The parameters of a compressed-sensing run, named and defaulted as in the reference code (spec B.0-B.1):
/// the defaults are Figure 3 of paper 1. Where the paper text and the code differ (spec F.6) the default
/// follows the code and a choice gives the paper's variant.
/// </summary>
public static class SparseRecoveryParameters
{
    public static ParameterSchema Schema { get; } = new ParameterSchema(
    [
        Parameter.Int("n", 100, "signal dimension", min: 1, max: 100_000),
        Parameter.Int("s", 5, "non-zeros of a* (s <= n)", min: 0),
        Parameter.Int("N", 30, "number of measurements (rows of X)", min: 1, max: 1_000_000),
        Parameter.Int("signal-seed", 1, "numpy seed of a* (create_signal)", min: 0, max: int.MaxValue),
        Parameter.Int("data-seed", 1, "numpy seed of the measurement matrix (get_measures)", min: 0, max: int.MaxValue),
        Parameter.Int("noise-seed", 1, "numpy seed of the noise (create_noise_from_scratch)", min: 0, max: int.MaxValue),
        Parameter.Real("snr", 1e8, "signal-to-noise ratio E||a*||^2/(N sigma^2); inf = noiseless", min: 0, minExclusive: true, allowInfinity: true),
        Parameter.Choice("variance", "1/N", "variance of the Gaussian measurements: 1/N (reference code) or 1/n (paper text)", "1/N", "1/n"),
        Parameter.Choice("basis", "identity", "sparsity basis Phi: identity (every figure of the reference code), orthonormal (QR of a Gaussian matrix, paper text), gaussian, or fourier (complex: fft(I)/sqrt(n), complex measurements and solver)", "identity", "orthonormal", "gaussian", "fourier"),
        Parameter.Int("basis-seed", 0, "numpy seed of a random basis", min: 0, max: int.MaxValue),
        Parameter.Real("tau", 0, "coherence: fraction of rows taken from columns of the basis", min: 0, max: 1),
        Parameter.Choice("method", "subgradient", "update rule: subgradient a <- a - alpha(G + beta1 sign(a) + beta2 a); proj_subgradient (then project onto Xa = y); ista (soft threshold alpha*beta1 after the gradient step)", "subgradient", "proj_subgradient", "ista"),
        // optimiser and momentum came later: at their defaults they stay out of the run id (older runs keep theirs)
        Parameter.Choice("optimiser", "gd", "how the (sub)gradient G + beta1 sign(a) + beta2 a becomes a step: gd (a <- a - alpha * it, the fused kernels of every figure), sgd-momentum or nesterov (torch.optim.SGD with --momentum, lr = alpha), adam (torch.optim.Adam, lr = alpha, betas 0.9/0.999, eps 1e-8); all but gd need method subgradient and depth 1", "gd", "sgd-momentum", "nesterov", "adam") with { OmittedAtDefault = true },
        Parameter.Real("momentum", 0.9, "momentum of the sgd-momentum and nesterov optimisers", min: 0, max: 1) with { OmittedAtDefault = true },
        Parameter.Int("depth", 1, "L: a = a_1 * ... * a_L (element-wise), all factors trained (L = 1: the plain model)", min: 1, max: 64),
        Parameter.Real("alpha", 0.1, "learning rate (must be below 2/(sigma_max(X^T X) + beta2))", min: 0, minExclusive: true),
        Parameter.Real("beta1", 1e-5, "l1 strength (subgradient sign(a), sign(0) = 0)", min: 0),
        Parameter.Real("beta2", 0, "squared-l2 strength (gradient beta2 a)", min: 0),
        Parameter.Choice("init", "identity", "initialisation (of every factor when depth > 1): identity = init-scale * ones (reference), random = init-scale * N(0, 1/n) (paper text), least-squares = init-scale * a_LS", "identity", "random", "least-squares"),
        Parameter.Real("init-scale", 1e-6, "initialisation scale zeta", min: 0),
        .. TrainingParameters.Group(new TrainingDefaults
        {
            Steps = 1_000_000, EvalFirst = 1000, EvalEvery = 1000, LogSpacedTail = true,
            TrainThreshold = 1e-3, TestThreshold = 1e-3, TrainLabel = "relative train error", TestLabel = "relative recovery error",
            MaxInitSeed = int.MaxValue,
        }),
        Parameter.Bool("components", true, "record every component a_i (for component plots)"),
    ]).Check(spec =>
    {
        if (spec.Text("basis") == "fourier" && spec.Int("depth") > 1)
            throw new SpecException($"basis fourier is complex, and depth {spec.Int("depth")} (the deep diagonal model) is real-only");
        if (spec.Int("depth") > 1 && spec.Text("method") != "subgradient")
            throw new SpecException($"depth {spec.Int("depth")} runs use method subgradient (the reference's deep solver applies no projection or prox)");
        if (spec.Text("optimiser") != "gd" && (spec.Text("method") != "subgradient" || spec.Int("depth") > 1 || spec.Text("basis") == "fourier"))
            throw new SpecException($"optimiser {spec.Text("optimiser")} runs the real, depth-1 subgradient method only (got method {spec.Text("method")}, depth {spec.Int("depth")}, basis {spec.Text("basis")})");
        if (spec.Int("s") > spec.Int("n"))
            throw new SpecException($"s = {spec.Int("s")} is larger than n = {spec.Int("n")}: a* cannot have more non-zeros than entries");
    });
}
