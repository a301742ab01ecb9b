using Grokking.Numerics;

namespace Grokking.Tests.Numerics;

/// <summary>
/// Cross-checks against the spec's [RUN] numbers for the sparse-recovery data (B.0.1, B.0.3, B.1): the data
/// is rebuilt with a minimal test-only copy of numpy's legacy MT19937 stream (spec F.1). The library's own
/// numpy-compatible RNG lives in Random/ (another module); this copy exists only so that these numerics tests
/// do not depend on it.
/// </summary>
public class SpecDataTests
{
    /// <summary>numpy RandomState (legacy MT19937): seed, random_sample, legacy gauss, permutation.</summary>
    private sealed class LegacyMt
    {
        private readonly uint[] _mt = new uint[624];
        private int _mti;
        private double? _gauss;

        public LegacyMt(uint seed)
        {
            _mt[0] = seed;
            for (int i = 1; i < 624; i++) _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
            _mti = 624;
        }

        private uint NextUInt()
        {
            if (_mti >= 624)
            {
                for (int k = 0; k < 624; k++)
                {
                    uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % 624] & 0x7fffffffu);
                    _mt[k] = _mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
                }
                _mti = 0;
            }
            uint v = _mt[_mti++];
            v ^= v >> 11;
            v ^= (v << 7) & 0x9d2c5680u;
            v ^= (v << 15) & 0xefc60000u;
            v ^= v >> 18;
            return v;
        }

        private double NextDouble()
        {
            uint a = NextUInt() >> 5, b = NextUInt() >> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }

        public double Gauss()
        {
            if (_gauss is double g)
            {
                _gauss = null;
                return g;
            }
            double x1, x2, r2;
            do
            {
                x1 = 2 * NextDouble() - 1;
                x2 = 2 * NextDouble() - 1;
                r2 = x1 * x1 + x2 * x2;
            } while (r2 >= 1.0 || r2 == 0.0);
            double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
            _gauss = f * x1;
            return f * x2;
        }

        public int[] Permutation(int n)
        {
            var p = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i >= 1; i--)
            {
                uint max = (uint)i, mask = max;
                mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
                uint v;
                do v = NextUInt() & mask; while (v > max);
                (p[i], p[(int)v]) = (p[(int)v], p[i]);
            }
            return p;
        }
    }

    private const int N = 30, n = 100;

    /// <summary>X = get_measures(30, I, tau=0, variance=1/30, seed=1); a* = create_signal(100, 5, seed=1).</summary>
    private static (double[] X, double[] aStar) SpecData()
    {
        var rx = new LegacyMt(1);
        var X = new double[N * n];
        double sd = Math.Sqrt(1.0 / N);
        for (int i = 0; i < X.Length; i++) X[i] = rx.Gauss() * sd;
        var ra = new LegacyMt(1);
        var idx = ra.Permutation(n).Take(5).ToArray();
        var aStar = new double[n];
        foreach (int j in idx) aStar[j] = ra.Gauss();
        for (int j = 0; j < n; j++) aStar[j] *= 1 / Math.Sqrt(n);
        return (X, aStar);
    }

    /// <summary>create_noise_from_scratch(N, SNR=1e8, n, s=5, seed=1) of spec B.0.4.</summary>
    private static double[] SpecNoise()
    {
        double m2 = 0;
        const int count = 100 * n;
        for (int i = 0; i < count; i++)
        {
            var r = new LegacyMt((uint)i); // create_signal(seed = i * 1)
            var idx = r.Permutation(n).Take(5).ToArray();
            double s2 = 0;
            foreach (int _ in idx)
            {
                double v = r.Gauss() / Math.Sqrt(n);
                s2 += v * v;
            }
            m2 += s2;
        }
        m2 /= count;
        Assert.Equal(0.04965187, m2, 7);
        double sigma = Math.Sqrt(m2 / (N * 1e8));
        var rn = new LegacyMt(1);
        return Enumerable.Range(0, N).Select(_ => sigma * rn.Gauss()).ToArray();
    }

    [Fact]
    public void GoldenRun_Figure3_T1T2AndFinalState_MatchSpecRun()
    {
        // B.1: alpha = 0.1, beta1 = 1e-5, beta2 = 0, a0 = 1e-6 ones, 1e6 + 1 iterations, records at t < 1000 and
        // every 1000; [RUN]: t1(<=1e-3) = 60, t2(<=1e-3) = 101,000, stable plateau 101,000, final train and
        // recovery errors 2.2e-4, ||a||_1 = 0.290879.
        var (X, aStar) = SpecData();
        var xi = SpecNoise();
        Assert.Equal(6.6082e-6, xi[0], 9);
        var y = new double[N];
        Kernels.Gemv<double>(X, N, n, aStar, y);
        Kernels.Axpy(1.0, xi, y);
        double yNorm = Kernels.Norm2<double>(y), aNorm = Kernels.Norm2<double>(aStar);

        var p = new PaddedProblem<double>(X, N, n, y);
        p.Parameters.Fill(1e-6);
        var steps = new List<long>();
        var train = new List<double>();
        var rec = new List<double>();
        var r = new double[N];
        var d = new double[n];
        void Record(long t)
        {
            Kernels.Residual<double>(X, N, n, p.Parameters, y, r);
            Kernels.Subtract<double>(p.Parameters, aStar, d);
            steps.Add(t);
            train.Add(Kernels.Norm2<double>(r) / yNorm);
            rec.Add(Kernels.Norm2<double>(d) / aNorm);
        }
        Record(0);
        long tDone = 0;
        const long maxIter = 1_000_000;
        while (tDone < maxIter)
        {
            int k = tDone < 999 ? 1 : (int)(1000 - tDone % 1000);
            p.StepL1(0.1, 0.1 * 1e-5, 0.0, k, storeGradient: false);
            tDone += k;
            Record(tDone);
        }
        Assert.Equal(2000, steps.Count); // t = 0..999 and 1000, 2000, ..., 1e6

        Assert.Equal(0.652, train[1], 3);
        Assert.Equal(0.098, train[10], 3);
        var times = Grokking.Analysis.GrokTimes.FromThresholds(steps.ToArray(), train.ToArray(), rec.ToArray(), 1e-3, 1e-3);
        Assert.Equal(60, times.T1);
        Assert.Equal(101_000, times.T2);
        var plateau = Grokking.Analysis.Detectors.StablePlateau(steps.ToArray(), rec.ToArray(), Grokking.Analysis.Detectors.PlateauRule.Notebook);
        Assert.Equal(101_000, plateau!.Value.Step);
        Assert.Equal(2.2e-4, train[^1], 5);
        Assert.Equal(2.2e-4, rec[^1], 5);
        // ||a||_1 = 0.290879 in the spec: the 95 off-support coordinates chatter around 0 with amplitude
        // ~alpha*beta1 = 1e-6, so the last digits depend on the chatter phase (i.e. on rounding): ±2e-5.
        Assert.InRange(Kernels.Norm1<double>(p.Parameters), 0.290879 - 2e-5, 0.290879 + 2e-5);
    }

    [Fact]
    public void LegacyStream_MatchesSpecTestVectors()
    {
        var r = new LegacyMt(1);
        Assert.Equal(1.62434536, r.Gauss(), 8);
        Assert.Equal(-0.61175641, r.Gauss(), 8);
        Assert.Equal(-0.52817175, r.Gauss(), 8);
        Assert.Equal(new[] { 2, 9, 6, 4, 0, 3, 1, 7, 8, 5 }, new LegacyMt(1).Permutation(10));
    }

    [Fact]
    public void SpecData_StepBound_Spectrum_AndLeastSquares()
    {
        var (X, aStar) = SpecData();
        Assert.Equal(0.29656353, X[0], 8);
        Assert.Equal(-0.11169093, X[1], 8);
        Assert.Equal(9.9501127, Kernels.Norm2<double>(X), 6);
        Assert.Equal(new[] { 33, 80, 81, 84, 93 }, Enumerable.Range(0, n).Where(j => aStar[j] != 0));
        Assert.Equal(0.1570837, Kernels.Norm2<double>(aStar), 6);

        // B.0.3: sigma_max(X^T X) = 7.11956, smallest nonzero 0.73353, 2 / sigma_max = 0.28092
        Assert.Equal(7.11956, StepSize.LambdaMax(X, N, n), 4);
        Assert.Equal(0.28092, StepSize.MaxStable(X, N, n), 5);
        var (w, _) = SymmetricEigen.Decompose(LeastSquares.GramRows(X, N, n), N);
        Assert.Equal(0.73353, w[N - 1], 5);

        // B.1: LS recovery error ||â - a*|| / ||a*|| = 0.845 and ||â - a*||_inf = 0.06955 (the spec's y* has
        // SNR-1e8 noise of norm 2.3e-5; the noise-free y = X a* changes these at the 1e-4 level at most)
        var y = new double[N];
        Kernels.Gemv<double>(X, N, n, aStar, y);
        var aHat = LeastSquares.MinNorm(X, N, n, y);
        var diff = new double[n];
        Kernels.Subtract<double>(aHat, aStar, diff);
        Assert.Equal(0.845, Kernels.Norm2<double>(diff) / Kernels.Norm2<double>(aStar), 3);
        Assert.InRange(Kernels.NormInf<double>(diff), 0.06950, 0.06960);
    }
}
