using Grokking.Problems.Sensing;
using Grokking.Experiments;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The data of one compressed-sensing run, built exactly as the reference code builds it (spec B.0, F.2):
/// a* = create_signal(n, s, signal-seed), X = get_measures(N, Phi, tau, variance, data-seed),
/// xi = create_noise_from_scratch(N, snr, n, s, noise-seed), y* = X a* + xi. Row-major float64.
/// </summary>
public sealed class SparseRecoveryData
{
    public required int n { get; init; }
    public required int N { get; init; }
    /// <summary>N x n design, row-major.</summary>
    public required double[] X { get; init; }
    public required double[] AStar { get; init; }
    public required double[] Xi { get; init; }
    public required double[] Y { get; init; }
    public required int[] Support { get; init; }

    public static SparseRecoveryData Create(RunSpec spec)
    {
        int n = checked((int)spec.Int("n")), s = checked((int)spec.Int("s")), N = checked((int)spec.Int("N"));
        try
        {
            var basis = spec.Text("basis") switch
            {
                "identity" => Basis.Identity(n),
                "orthonormal" => Basis.Orthonormal(n, checked((int)spec.Int("basis-seed"))),
                "gaussian" => Basis.Gaussian(n, checked((int)spec.Int("basis-seed"))),
                var other => throw new SpecException($"unknown basis '{other}'"),
            };
            var signal = SparseSignal.Create(n, s, checked((int)spec.Int("signal-seed")), basis: basis);
            double variance = spec.Text("variance") == "1/N" ? 1.0 / N : 1.0 / n;
            var measures = Measurements.Create(N, basis, spec.Real("tau"), variance, checked((int)spec.Int("data-seed")));
            double snr = spec.Real("snr");
            var xi = Noise.Create(N, double.IsPositiveInfinity(snr) ? null : snr, n, s, checked((int)spec.Int("noise-seed")));
            var X = measures.X.Data;
            var y = new double[N];
            for (int i = 0; i < N; i++)
            {
                double acc = 0;
                for (int j = 0; j < n; j++) acc += X[i * n + j] * signal.A[j];
                y[i] = acc + xi[i];
            }
            return new SparseRecoveryData { n = n, N = N, X = X, AStar = signal.A, Xi = xi, Y = y, Support = signal.Support };
        }
        catch (ArgumentException e)
        {
            throw SpecException.From(e);
        }
    }
}
