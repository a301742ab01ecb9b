using System.Numerics;
using Grokking.Numerics;
using static Grokking.Tests.Numerics.TestData;

namespace Grokking.Tests.Numerics;

public class SubgradientStepTests
{
    /// <summary>
    /// A problem where no coordinate chatters around 0 within the horizon (|a_j| stays well away from 0), so
    /// sign(a) is insensitive to rounding and trajectories computed in different summation orders stay within
    /// rounding of each other. (With a_j oscillating around 0, as in the paper's late phase, one rounding
    /// difference flips a sign and the runs differ by alpha*beta1 in that coordinate: that is not a bug.)
    /// </summary>
    private static (double[] X, double[] y, double[] a0) Problem(int N, int n, int seed)
    {
        var rng = new System.Random(seed);
        var X = Vector<double>(rng, N * n, 1 / Math.Sqrt(Math.Max(N, 1)));
        var y = Vector<double>(rng, N, 0.1);
        var a0 = new double[n];
        for (int j = 0; j < n; j++) a0[j] = (rng.Next(2) == 0 ? -1 : 1) * (0.5 + 0.5 * rng.NextDouble());
        return (X, y, a0);
    }

    private static double SafeAlpha(double[] X, int N, int n) => 0.5 * StepSize.MaxStable(X, N, n);

    [Fact]
    public void Fused_MatchesNaive_1000Steps_PaperShape_1e12()
    {
        const int N = 30, n = 100;
        var (X, y, a0) = Problem(N, n, 1);
        double alpha = 0.1, ab1 = alpha * 1e-4, ab2 = alpha * 1e-3;
        Assert.True(alpha < StepSize.MaxStable(X, N, n));
        var a = (double[])a0.Clone();
        var r = new double[N];
        var g = new double[n];
        var aRef = (double[])a0.Clone();
        var rRef = new double[N];
        var gRef = new double[n];
        for (int s = 0; s < 1000; s++)
        {
            SubgradientStep.L1<double>(X, N, n, y, a, r, g, alpha, ab1, ab2);
            NaiveL1Step(X, N, n, y, aRef, alpha, ab1, ab2, rRef, gRef);
        }
        Assert.True(RelDiff(a, aRef) < 1e-12, $"a rel diff {RelDiff(a, aRef):g3}");
        Assert.True(RelDiff(r, rRef) < 1e-10, $"r rel diff {RelDiff(r, rRef):g3}");
        Assert.True(RelDiff(g, gRef) < 1e-10, $"g rel diff {RelDiff(g, gRef):g3}");
    }

    [Fact]
    public void Fused_MatchesNaive_SizeSweep()
    {
        var rng = new System.Random(2);
        var shapes = new List<(int, int)> { (1, 1), (1, 9), (3, 1), (7, 5), (8, 8), (9, 17), (30, 100), (16, 24), (40, 33), (100, 30) };
        for (int k = 0; k < 12; k++) shapes.Add((rng.Next(1, 80), rng.Next(1, 300)));
        foreach (var (N, n) in shapes)
        {
            var (X, y, a0) = Problem(N, n, 100 * N + n);
            double alpha = SafeAlpha(X, N, n), ab1 = alpha * 1e-4, ab2 = alpha * 1e-2;
            var a = (double[])a0.Clone();
            var aRef = (double[])a0.Clone();
            var r = new double[N];
            var rRef = new double[N];
            for (int s = 0; s < 200; s++)
            {
                SubgradientStep.L1<double>(X, N, n, y, a, r, Span<double>.Empty, alpha, ab1, ab2);
                NaiveL1Step(X, N, n, y, aRef, alpha, ab1, ab2, rRef);
            }
            Assert.True(RelDiff(a, aRef) < 1e-12, $"N={N} n={n}: a rel diff {RelDiff(a, aRef):g3}");
        }
    }

    [Fact]
    public void Fused_Float_MatchesDoubleNaive_1e5()
    {
        foreach (var (N, n) in new[] { (30, 100), (5, 17), (20, 16) })
        {
            var (X, y, a0) = Problem(N, n, 7 + n);
            double alpha = SafeAlpha(X, N, n), ab1 = alpha * 1e-3, ab2 = 0;
            var Xf = X.Select(v => (float)v).ToArray();
            var yf = y.Select(v => (float)v).ToArray();
            var af = a0.Select(v => (float)v).ToArray();
            var aRef = af.Select(v => (double)v).ToArray();
            var rf = new float[N];
            var gf = new float[n];
            var Xr = Xf.Select(v => (double)v).ToArray();
            var yr = yf.Select(v => (double)v).ToArray();
            for (int s = 0; s < 100; s++)
            {
                SubgradientStep.L1<float>(Xf, N, n, yf, af, rf, gf, (float)alpha, (float)ab1, (float)ab2);
                NaiveL1Step(Xr, N, n, yr, aRef, (float)alpha, (float)ab1, (float)ab2);
            }
            Assert.True(RelDiff(af.Select(v => (double)v).ToArray(), aRef) < 1e-5, $"float N={N} n={n}");
        }
    }

    [Fact]
    public void Fused_OutputsResidualAndGradientOfLastStep_AndUsesOldA()
    {
        const int N = 6, n = 11;
        var (X, y, a0) = Problem(N, n, 3);
        double alpha = 0.05, ab1 = 0.01, ab2 = 0.02;
        var a = (double[])a0.Clone();
        var r = new double[N];
        var g = new double[n];
        SubgradientStep.L1<double>(X, N, n, y, a, r, g, alpha, ab1, ab2);
        var rWant = NaiveGemv(X, N, n, a0);
        for (int i = 0; i < N; i++) rWant[i] -= y[i];
        var gWant = NaiveGemv(Transpose(X, N, n), n, N, rWant);
        for (int i = 0; i < N; i++) Close(rWant[i], r[i], 1e-13, 1, "r");
        for (int j = 0; j < n; j++)
        {
            Close(gWant[j], g[j], 1e-13, 1, "g");
            double want = a0[j] - (alpha * gWant[j] + ab1 * Math.Sign(a0[j]) + ab2 * a0[j]);
            Close(want, a[j], 1e-14, 1, "a");
        }
    }

    [Fact]
    public void Fused_SignOfZero_IsZero()
    {
        // X = 0: the step is a -= ab1 sign(a) + ab2 a; a = ±0 stays exactly 0.
        const int N = 2, n = 20;
        var X = new double[N * n];
        var y = new double[N];
        var a = new double[n];
        a[3] = 1; a[4] = -1; a[6] = -0.0;
        var r = new double[N];
        SubgradientStep.L1<double>(X, N, n, y, a, r, Span<double>.Empty, 0.1, 0.25, 0.0);
        Assert.Equal(0.75, a[3]);
        Assert.Equal(-0.75, a[4]);
        for (int j = 0; j < n; j++)
            if (j != 3 && j != 4) Assert.Equal(0.0, a[j]);
    }

    [Fact]
    public void Fused_NaNInParameters_PoisonsTheWholeIterate()
    {
        // A NaN anywhere in a reaches every residual (0 * NaN = NaN) and hence every coordinate, as in numpy:
        // callers detect divergence with Kernels.AllFinite on a or r.
        const int N = 3, n = 20;
        var (X, y, a) = Problem(N, n, 12);
        a[5] = double.NaN;
        var r = new double[N];
        SubgradientStep.L1<double>(X, N, n, y, a, r, Span<double>.Empty, 0.1, 0.25, 0.0);
        Assert.All(a, v => Assert.True(double.IsNaN(v)));
        Assert.False(Kernels.AllFinite<double>(r));
    }

    [Fact]
    public void PaddedProblem_IsBitIdenticalToSpanKernel()
    {
        foreach (var (N, n) in new[] { (30, 100), (3, 5), (17, 64), (9, 130) })
        {
            var (X, y, a0) = Problem(N, n, 5 + N);
            double alpha = SafeAlpha(X, N, n);
            var p = new PaddedProblem<double>(X, N, n, y);
            Assert.Equal(0, p.Stride % 8);
            a0.CopyTo(p.Parameters);
            var a = (double[])a0.Clone();
            var r = new double[N];
            var g = new double[n];
            p.StepL1(alpha, 1e-6, 1e-5, 300);
            SubgradientStep.L1<double>(X, N, n, y, a, r, g, alpha, 1e-6, 1e-5, 300);
            Assert.Equal(a, p.Parameters.ToArray());
            Assert.Equal(r, p.Residual.ToArray());
            Assert.Equal(g, p.Gradient.ToArray());
        }
        var pf = new PaddedProblem<float>(new float[3 * 20], 3, 20, new float[3]);
        Assert.Equal(32, pf.Stride);
    }

    [Fact]
    public void StepsParameter_EqualsRepeatedCalls()
    {
        const int N = 30, n = 100;
        var (X, y, a0) = Problem(N, n, 9);
        var a1 = (double[])a0.Clone();
        var a2 = (double[])a0.Clone();
        var r = new double[N];
        SubgradientStep.L1<double>(X, N, n, y, a1, r, default, 0.1, 1e-5, 0, 50);
        for (int s = 0; s < 50; s++) SubgradientStep.L1<double>(X, N, n, y, a2, r, default, 0.1, 1e-5, 0);
        Assert.Equal(a1, a2);
    }

    // ---------------- batched ----------------

    private static (double[] Y, double[] A, double[] al, double[] b1, double[] b2, double[][] ys, double[][] as0) Batch(
        double[] X, int N, int n, int B, int ld, int seed, double alphaMax)
    {
        var rng = new System.Random(seed);
        var Y = new double[Math.Max(0, (N - 1) * ld + B)];
        var A = new double[Math.Max(0, (n - 1) * ld + B)];
        var al = new double[B];
        var b1 = new double[B];
        var b2 = new double[B];
        var ys = new double[B][];
        var as0 = new double[B][];
        for (int b = 0; b < B; b++)
        {
            al[b] = alphaMax * (0.2 + 0.8 * rng.NextDouble());
            b1[b] = al[b] * 1e-4 * rng.NextDouble();
            b2[b] = al[b] * 1e-2 * rng.NextDouble();
            ys[b] = Vector<double>(rng, N, 0.1);
            as0[b] = new double[n];
            for (int j = 0; j < n; j++) as0[b][j] = (rng.Next(2) == 0 ? -1 : 1) * (0.5 + 0.5 * rng.NextDouble());
            for (int i = 0; i < N; i++) Y[i * ld + b] = ys[b][i];
            for (int j = 0; j < n; j++) A[j * ld + b] = as0[b][j];
        }
        return (Y, A, al, b1, b2, ys, as0);
    }

    [Fact]
    public void Batched_IsBitIdenticalToSequentialFmaReference()
    {
        // Same summation order as the portable reference (sequential FMA chains): equality is exact, including
        // sign flips of chattering coordinates, so the paper's own setting is used here.
        foreach (var (N, n, B, ld) in new[] { (30, 100, 64, 64), (30, 100, 5, 8), (7, 13, 19, 24), (1, 1, 1, 1), (12, 40, 33, 40) })
        {
            var rng = new System.Random(N + n + B);
            var X = Vector<double>(rng, N * n, 1 / Math.Sqrt(N));
            var (Y, A, al, b1, b2, _, _) = Batch(X, N, n, B, ld, 42, SafeAlpha(X, N, n));
            for (int j = 0; j < n; j++) for (int b = 0; b < B; b++) A[j * ld + b] = 1e-6; // paper init
            var Aref = (double[])A.Clone();
            var R = new double[Y.Length];
            var G = new double[A.Length];
            var Rref = new double[Y.Length];
            var Gref = new double[A.Length];
            SubgradientStep.L1Batched<double>(X, N, n, B, ld, Y, A, R, G, al, b1, b2, 300);
            for (int s = 0; s < 300; s++)
                Grokking.Numerics.Portable.L1StepBatched<double>(X, N, n, B, ld, Y, Aref, Rref, Gref, al, b1, b2);
            Assert.Equal(Aref, A);
            Assert.Equal(Rref, R);
            Assert.Equal(Gref, G);
        }
    }

    [Fact]
    public void Batched_MatchesUnbatchedPerColumn_1e15OneStep_1e12After1000_DifferentSummationOrderOfXa()
    {
        // Not bit for bit: the single-run kernel sums X a in 8 SIMD lanes + a tree, the batched one sequentially
        // (X^T r and the update use the same order in both). One step agrees to ~1e-16 relative; after 1000
        // steps the rounding differences have propagated through the dynamics but stay below 1e-12.
        const int N = 30, n = 100, B = 64, ld = 64;
        var (X, _, _) = Problem(N, n, 4);
        var (Y, A, al, b1, b2, ys, as0) = Batch(X, N, n, B, ld, 43, SafeAlpha(X, N, n));
        var R = new double[Y.Length];
        var r = new double[N];
        var singles = as0.Select(v => (double[])v.Clone()).ToArray();
        foreach (var (steps, tol) in new[] { (1, 1e-15), (999, 1e-12) })
        {
            SubgradientStep.L1Batched<double>(X, N, n, B, ld, Y, A, R, Span<double>.Empty, al, b1, b2, steps);
            for (int b = 0; b < B; b++)
            {
                SubgradientStep.L1<double>(X, N, n, ys[b], singles[b], r, default, al[b], b1[b], b2[b], steps);
                var col = Enumerable.Range(0, n).Select(j => A[j * ld + b]).ToArray();
                Assert.True(RelDiff(col, singles[b]) < tol, $"run {b} after {steps} more steps: {RelDiff(col, singles[b]):g3}");
            }
        }
    }

    [Fact]
    public void Batched_Float_MatchesSequentialReference()
    {
        const int N = 30, n = 100, B = 40, ld = 48;
        var rng = new System.Random(6);
        var X = Vector<float>(rng, N * n, 0.18);
        var Y = Vector<float>(rng, (N - 1) * ld + B, 0.1);
        var A = Vector<float>(rng, (n - 1) * ld + B, 0.5);
        var al = Enumerable.Range(0, B).Select(b => 0.05f + 0.001f * b).ToArray();
        var b1 = al.Select(v => v * 1e-4f).ToArray();
        var b2 = al.Select(v => v * 1e-3f).ToArray();
        var Aref = (float[])A.Clone();
        var R = new float[Y.Length];
        var Rref = new float[Y.Length];
        SubgradientStep.L1Batched<float>(X, N, n, B, ld, Y, A, R, default, al, b1, b2, 50);
        for (int s = 0; s < 50; s++)
            Grokking.Numerics.Portable.L1StepBatched<float>(X, N, n, B, ld, Y, Aref, Rref, default, al, b1, b2);
        Assert.Equal(Aref, A);
    }

    [Fact]
    public void PaddedBatch_RoundTrip_AndThreadsAreBitIdentical()
    {
        const int N = 30, n = 100, B = 37;
        var (X, _, _) = Problem(N, n, 8);
        var one = new PaddedBatch<double>(X, N, n, B);
        var two = new PaddedBatch<double>(X, N, n, B);
        Assert.Equal(40, one.Ld);
        var rng = new System.Random(1);
        var ys = new double[B][];
        var a0s = new double[B][];
        for (int b = 0; b < B; b++)
        {
            ys[b] = Vector<double>(rng, N, 0.1);
            a0s[b] = Enumerable.Range(0, n).Select(_ => (rng.Next(2) == 0 ? -1 : 1) * (0.5 + 0.5 * rng.NextDouble())).ToArray();
            one.SetRun(b, ys[b], a0s[b], 0.1, 1e-5 * b, 1e-4);
            two.SetRun(b, ys[b], a0s[b], 0.1, 1e-5 * b, 1e-4);
        }
        one.StepL1(200, storeGradient: true);
        two.StepL1(200, storeGradient: true, threads: 3);
        Assert.Equal(one.A.ToArray(), two.A.ToArray());
        Assert.Equal(one.R.ToArray(), two.R.ToArray());
        Assert.Equal(one.G.ToArray(), two.G.ToArray());

        // column accessors agree with an independent single run (to rounding: different X a order)
        foreach (int b in new[] { 0, 5, B - 1 })
        {
            var a = new double[n];
            one.GetParameters(b, a);
            var single = (double[])a0s[b].Clone();
            var r = new double[N];
            var g = new double[n];
            SubgradientStep.L1<double>(X, N, n, ys[b], single, r, g, 0.1, 1e-5 * b, 1e-4, 200);
            Assert.True(RelDiff(a, single) < 1e-12);
            var rb = new double[N];
            one.GetResidual(b, rb);
            Assert.True(RelDiff(rb, r) < 1e-10);
            var gb = new double[n];
            one.GetGradient(b, gb);
            Assert.True(RelDiff(gb, g) < 1e-10);
        }
        one.SetParameters(3, new double[n]);
        var back = new double[n];
        one.GetParameters(3, back);
        Assert.All(back, v => Assert.Equal(0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => one.GetParameters(B, back));
    }

    [Fact]
    public void Fused_ZeroAllocations_10000Steps()
    {
        const int N = 30, n = 100;
        var (X, y, a0) = Problem(N, n, 10);
        var a = (double[])a0.Clone();
        var r = new double[N];
        var g = new double[n];
        var p = new PaddedProblem<double>(X, N, n, y);
        a0.CopyTo(p.Parameters);
        var pb = new PaddedBatch<double>(X, N, n, 16);
        for (int b = 0; b < 16; b++) pb.SetRun(b, y, a0, 0.05, 1e-6, 0);
        void Body()
        {
            SubgradientStep.L1<double>(X, N, n, y, a, r, g, 0.05, 1e-6, 1e-6);
            p.StepL1(0.05, 1e-6, 1e-6);
        }
        Allocations.AssertNone(() =>
        {
            for (int s = 0; s < 10_000; s++) Body();
            pb.StepL1(1000);
        });
    }

    [Fact]
    public void ArgumentChecks()
    {
        var X = new double[6];
        Assert.Throws<ArgumentException>(() => SubgradientStep.L1<double>(X, 2, 3, new double[2], new double[2], new double[2], default, 0.1, 0, 0));
        Assert.Throws<ArgumentException>(() => SubgradientStep.L1<double>(X, 2, 3, new double[2], new double[3], new double[3], default, 0.1, 0, 0));
        var shared = new double[10];
        Assert.Throws<ArgumentException>(() => SubgradientStep.L1<double>(X, 2, 3, new double[2], shared.AsSpan(0, 3), shared.AsSpan(2, 2), default, 0.1, 0, 0));
        Assert.Throws<ArgumentException>(() => SubgradientStep.L1Batched<double>(X, 2, 3, 4, 4, new double[7], new double[12], new double[8], default,
            new double[4], new double[4], new double[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubgradientStep.L1Batched<double>(X, 2, 3, 4, 3, new double[8], new double[12], new double[8], default,
            new double[4], new double[4], new double[4]));
    }
}
