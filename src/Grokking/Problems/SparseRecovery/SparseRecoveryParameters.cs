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
        Parameter.Int("depth", 1, "L: a = a_1 * ... * a_L (element-wise), all factors trained (L = 1: the plain model)", min: 1, max: 64),
        Parameter.Real("alpha", 0.1, "learning rate (must be below 2/(sigma_max(X^T X) + beta2))", min: 0, minExclusive: true),
        Parameter.Real("beta1", 1e-5, "l1 strength (subgradient sign(a), sign(0) = 0)", min: 0),
        Parameter.Real("beta2", 0, "squared-l2 strength (gradient beta2 a)", min: 0),
        Parameter.Choice("init", "identity", "initialisation (of every factor when depth > 1): identity = init-scale * ones (reference), random = init-scale * N(0, 1/n) (paper text), least-squares = init-scale * a_LS", "identity", "random", "least-squares"),
        Parameter.Real("init-scale", 1e-6, "initialisation scale zeta", min: 0),
        Parameter.Int("init-seed", 0, "numpy seed of the random initialisation", min: 0, max: int.MaxValue),
        Parameter.Int("steps", 1_000_000, "number of (sub)gradient steps", min: 1, max: 10_000_000_000),
        Parameter.Int("eval-first", 1000, "record every step below this", min: 0),
        Parameter.Int("eval-every", 1000, "then record every this many steps", min: 1),
        Parameter.Int("eval-log-after", 0, "from this step on, record log-spaced (eval-per-decade per decade, on multiples of eval-every); 0 = never", min: 0),
        Parameter.Int("eval-per-decade", 100, "records per decade after eval-log-after", min: 1, max: 10_000),
        Parameter.Real("train-threshold", 1e-3, "t1 = first recorded step with relative train error <= this", min: 0, minExclusive: true),
        Parameter.Real("test-threshold", 1e-3, "t2 = first recorded step with relative recovery error <= this", min: 0, minExclusive: true),
        Parameter.Choice("t2-rule", "threshold", "t2 detector: threshold (first step <= test-threshold) or plateau (reference's stable-plateau rule, K=3, 5 %, M=2)", "threshold", "plateau"),
        Parameter.Bool("components", true, "record every component a_i (for component plots)"),
    ]).Check(spec =>
    {
        if (spec.Text("basis") == "fourier" && spec.Int("depth") > 1)
            throw new SpecException($"basis fourier is complex, and depth {spec.Int("depth")} (the deep diagonal model) is real-only");
        if (spec.Int("depth") > 1 && spec.Text("method") != "subgradient")
            throw new SpecException($"depth {spec.Int("depth")} runs use method subgradient (the reference's deep solver applies no projection or prox)");
        // X is N x n doubles (the measurement draw holds a second copy while X = M Phi is formed)
        MemoryBudget.Check($"the measurement matrix X (N x n = {spec.Int("N")} x {spec.Int("n")})",
            (double)spec.Int("N") * spec.Int("n"), sizeof(double), "use fewer measurements N or a smaller n", copies: 2);
        if (spec.Int("s") > spec.Int("n"))
            throw new SpecException($"s = {spec.Int("s")} is larger than n = {spec.Int("n")}: a* cannot have more non-zeros than entries");
    });
}
