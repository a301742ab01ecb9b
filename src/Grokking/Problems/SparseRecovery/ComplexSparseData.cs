using System.Numerics;
using Grokking.Problems.Sensing;
using Grokking.Experiments;
using Grokking.Random;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// Compressed sensing in the complex Fourier basis Phi = fft(I)/sqrt(n), Phi_jk = exp(-2 pi i jk/n)/sqrt(n)
/// (spec B.0.2): a* is real and sparse in Phi, M = randn(N, n) + i randn(N, n) (real block first, as numpy
/// evaluates the expression), scaled by sqrt(variance); X = M Phi; y* = X a* + xi with the real noise of B.0.4.
/// The reference implements these paths though no figure uses them.
/// </summary>
public sealed class ComplexSparseData
{
    public required int n { get; init; }
    public required int N { get; init; }
    /// <summary>N x n, row-major.</summary>
    public required Complex[] X { get; init; }
    public required Complex[] AStar { get; init; }
    public required Complex[] Y { get; init; }
    public required int[] Support { get; init; }

    public static Complex[] FourierBasis(int n)
    {
        var phi = new Complex[n * n];
        double scale = 1 / Math.Sqrt(n);
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
            {
                // reduce jk mod n first: exact angles, so Phi is symmetric and unitary to rounding
                double angle = -2 * Math.PI * ((long)j * k % n) / n;
                phi[j * n + k] = new Complex(Math.Cos(angle) * scale, Math.Sin(angle) * scale);
            }
        return phi;
    }

    public static ComplexSparseData Create(RunSpec spec)
    {
        int n = checked((int)spec.Int("n")), s = checked((int)spec.Int("s")), N = checked((int)spec.Int("N"));
        double variance = spec.Text("variance") == "1/N" ? 1.0 / N : 1.0 / n;
        double tau = spec.Real("tau");
        var phi = FourierBasis(n);
        var signal = SparseSignal.Create(n, s, checked((int)spec.Int("signal-seed")));

        var rng = new NumpyRandomState((uint)spec.Int("data-seed"));
        var m = new Complex[N * n];
        int coherent = 0;
        if (tau != 0)
        {
            coherent = (int)(tau * N);
            var columns = Measurements.SelectColumns(rng, n, coherent);
            for (int r = 0; r < coherent; r++)
                for (int k = 0; k < n; k++) m[r * n + k] = phi[k * n + columns[r]] / Math.Sqrt(variance);
        }
        int rest = (N - coherent) * n;
        var re = rng.StandardNormal(rest);
        var im = rng.StandardNormal(rest);
        for (int k = 0; k < rest; k++) m[coherent * n + k] = new Complex(re[k], im[k]);
        double scale = Math.Sqrt(variance);
        for (int k = 0; k < m.Length; k++) m[k] *= scale;

        var x = new Complex[N * n];
        for (int i = 0; i < N; i++)
            for (int k = 0; k < n; k++)
            {
                Complex acc = 0;
                for (int j = 0; j < n; j++) acc += m[i * n + j] * phi[j * n + k];
                x[i * n + k] = acc;
            }
        double snr = spec.Real("snr");
        var xi = Noise.Create(N, double.IsPositiveInfinity(snr) ? null : snr, n, s, checked((int)spec.Int("noise-seed")));
        var aStar = signal.A.Select(v => new Complex(v, 0)).ToArray();
        var y = new Complex[N];
        for (int i = 0; i < N; i++)
        {
            Complex acc = 0;
            for (int j = 0; j < n; j++) acc += x[i * n + j] * aStar[j];
            y[i] = acc + xi[i];
        }
        return new ComplexSparseData { n = n, N = N, X = x, AStar = aStar, Y = y, Support = signal.Support };
    }
}
