using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.SparseRecovery;

/// <summary>Measurement noise of the compressed-sensing experiments (B.0.4).</summary>
public static class Noise
{
    /// <summary>Number of signals averaged per unit of n by the reference (<c>range(n * 10**2)</c>).</summary>
    public const int SignalsPerDimension = 100;

    /// <summary>
    /// <c>create_noise_from_scratch(N, SNR, n, s, seed=seed)</c>: SNR null or +inf gives zeros; SNR = 0
    /// gives <c>randn(N) * inf</c> from the global stream (the reference does not seed that branch);
    /// otherwise sigma = sqrt(m2 / (N SNR)) with m2 = <see cref="MeanSquaredSignalNorm"/>, and
    /// xi = sigma * randn(N) from a fresh stream seeded <paramref name="seed"/> (global stream if null).
    /// </summary>
    /// <exception cref="ArgumentException">N &lt;= 0, SNR negative or NaN, invalid n / s, a seed outside
    /// numpy's range, or a needed global stream missing.</exception>
    public static double[] Create(
        int N,
        double? snr,
        int n,
        int s,
        int? seed,
        NumpyRandomState? globalStream = null,
        SignalDistribution distribution = SignalDistribution.Normal)
    {
        if (ValidateAndHandleDegenerate(N, snr, globalStream) is { } degenerate)
        {
            return degenerate;
        }
        double m2 = MeanSquaredSignalNorm(n, s, seed, globalStream, distribution);
        return CreateFromMeanNorm(N, snr!.Value, m2, seed, globalStream);
    }

    /// <summary>
    /// <c>create_noise_from_mean_norm_signal(N, SNR, m2, seed)</c>: the same noise with a known m2.
    /// </summary>
    public static double[] CreateFromMeanNorm(int N, double? snr, double meanSquaredNorm, int? seed, NumpyRandomState? globalStream = null)
    {
        if (ValidateAndHandleDegenerate(N, snr, globalStream) is { } degenerate)
        {
            return degenerate;
        }
        double sigma = StandardDeviation(meanSquaredNorm, N, snr!.Value);
        double[] xi = RandomStreams.Resolve(seed, globalStream, "create_noise").StandardNormal(N);
        for (int k = 0; k < xi.Length; k++)
        {
            xi[k] = sigma * xi[k];
        }
        return xi;
    }

    /// <summary>sigma_xi = sqrt(m2 / (N SNR)), the reference's definition SNR = E||a*||^2 / (N sigma^2).</summary>
    public static double StandardDeviation(double meanSquaredNorm, int N, double snr) => Math.Sqrt(meanSquaredNorm / (N * snr));

    /// <summary>
    /// m2 = mean over i = 0 .. 100n - 1 of ||create_signal(n, s, seed = i * seed)||^2. With an integer
    /// seed, i = 0 seeds with 0 (numpy treats 0 as a seed, only None as "unseeded"); with a null seed
    /// the 100n signals are consecutive draws from <paramref name="globalStream"/>. Each term is
    /// <c>np.linalg.norm(a)**2</c> (sqrt of the dot product, squared) and the mean uses numpy's
    /// pairwise summation, so m2 agrees with numpy to the last bit or within an ulp or two (the BLAS
    /// dot product may group the s squares differently).
    /// </summary>
    public static double MeanSquaredSignalNorm(
        int n,
        int s,
        int? seed,
        NumpyRandomState? globalStream = null,
        SignalDistribution distribution = SignalDistribution.Normal)
    {
        SparseSignal.Validate(n, s);
        int count = checked(SignalsPerDimension * n);
        if (seed is int baseSeed)
        {
            // Fail before drawing, as numpy would on the first seed out of range.
            RandomStreams.ToNumpySeed((long)(count - 1) * baseSeed);
        }
        NumpyRandomState rng = seed is null
            ? RandomStreams.Resolve(null, globalStream, "create_noise_from_scratch")
            : new NumpyRandomState(0);

        var squaredNorms = new double[count];
        var a = new double[n];
        var permutation = new int[n];
        for (int i = 0; i < count; i++)
        {
            if (seed is int value)
            {
                rng.Seed(RandomStreams.ToNumpySeed((long)i * value));
            }
            SparseSignal.Draw(rng, s, distribution, a, permutation);
            double dot = 0.0;
            for (int k = 0; k < a.Length; k++)
            {
                dot += a[k] * a[k];
            }
            double norm = Math.Sqrt(dot);
            squaredNorms[i] = norm * norm;
        }
        return NumpySum.Mean(squaredNorms);
    }

    /// <summary>Validates N and SNR; returns the output of the SNR = null / inf / 0 branches, else null.</summary>
    private static double[]? ValidateAndHandleDegenerate(int N, double? snr, NumpyRandomState? globalStream)
    {
        if (N <= 0)
        {
            throw new ArgumentException($"The noise length N must be positive, got {N}.", nameof(N));
        }
        if (snr is not double value || double.IsPositiveInfinity(value))
        {
            return new double[N];
        }
        if (!(value >= 0.0))
        {
            throw new ArgumentException($"SNR must be >= 0 (or null / +inf for no noise), got {value}.", nameof(snr));
        }
        if (value == 0.0)
        {
            double[] pureNoise = RandomStreams.Resolve(null, globalStream, "create_noise (SNR = 0)").StandardNormal(N);
            for (int k = 0; k < pureNoise.Length; k++)
            {
                pureNoise[k] *= double.PositiveInfinity;
            }
            return pureNoise;
        }
        return null;
    }
}
