using System.Diagnostics;
using Grokking.Numerics;

namespace Grokking.Bench;

/// <summary>
/// Stopwatch micro-benchmarks of the numerics hot paths (Release build):
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- [numerics|matrix|svd|parts|polar|cluster|fig4batch|sharedx|gemm|mlp|teacher|mnist] [--record] [--stacked] [--steps 1000000] [--reps 5]</c>.
/// Each case warms up (JIT tier-up), then reports the best and median of <c>reps</c> timed repetitions.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        long steps = 1_000_000;
        int reps = 5;
        int threads = 2;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--steps") steps = long.Parse(args[++i]);
            else if (args[i] == "--reps") reps = int.Parse(args[++i]);
            else if (args[i] == "--threads") threads = int.Parse(args[++i]);
        }
        double tol = 0;
        for (int i = 0; i < args.Length; i++) if (args[i] == "--svd-tol") tol = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
        int width = 500;
        for (int i = 0; i < args.Length; i++) if (args[i] == "--width") width = int.Parse(args[++i]);
        if (args.Contains("mnist")) MnistBench.Run(args.Contains("--steps") ? steps : 50, reps, args.Contains("--threads") ? threads : 2, width);
        else if (args.Contains("teacher")) TeacherStudentBench.Run(args.Contains("--steps") ? steps : 200, reps, args.Contains("--threads") ? threads : 1, args.Contains("--record"), args.Contains("--stacked"));
        else if (args.Contains("mlp")) NnBench.Run(args, args.Contains("--steps") ? steps : 200, reps, args.Contains("--threads") ? threads : 1);
        else if (args.Contains("gemm")) GemmBench.Run(reps, args.Contains("--tune"));
        else if (args.Contains("parts")) PartsBench.Run(steps);
        else if (args.Contains("polar")) PolarAccuracyBench.Run(steps);
        else if (args.Contains("cluster")) ClusterBench.Run(steps);
        else if (args.Contains("fig4batch")) Fig4BatchBench.Run(steps);
        else if (args.Contains("svd")) SvdMicroBench.Run();
        else if (args.Contains("matrix")) MatrixBench.Run(steps, tol);
        else if (args.Contains("sharedx")) SharedXBench.Run(steps);
        else NumericsBench.Run(steps, reps, threads);
        return 0;
    }
}

internal static class NumericsBench
{
    public static void Run(long steps, int reps, int threads)
    {
        Console.WriteLine($"AVX-512 path: {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, steps/rep {steps}, reps {reps}");
        const int N = 30, n = 100;
        var rng = new System.Random(1);
        var X = Gauss(rng, N * n, 1 / Math.Sqrt(N));
        var aStar = new double[n];
        for (int k = 0; k < 5; k++) aStar[rng.Next(n)] = Gauss(rng) / Math.Sqrt(n);
        var y = new double[N];
        Kernels.Gemv<double>(X, N, n, aStar, y);

        // ---- single run, fused step
        var a = new double[n];
        var r = new double[N];
        var g = new double[n];
        Report("L1 fused, N=30 n=100, double", steps, reps, 1, () =>
        {
            Array.Fill(a, 1e-6);
            int chunk = 1000;
            for (long s = 0; s < steps; s += chunk)
                SubgradientStep.L1<double>(X, N, n, y, a, r, g, 0.1, 0.1 * 1e-5, 0.0, chunk);
        });
        Report("L1 fused, N=30 n=100, double, 1 step per call", steps, reps, 1, () =>
        {
            Array.Fill(a, 1e-6);
            for (long s = 0; s < steps; s++)
                SubgradientStep.L1<double>(X, N, n, y, a, r, g, 0.1, 0.1 * 1e-5, 0.0);
        });
        var pp = new PaddedProblem<double>(X, N, n, y);
        Report("L1 fused, PaddedProblem (aligned, stride 104), double", steps, reps, 1, () =>
        {
            pp.Parameters.Fill(1e-6);
            for (long s = 0; s < steps; s += 1000) pp.StepL1(0.1, 1e-6, 0.0, 1000);
        });
        Report("L1 fused, PaddedProblem, 1 step per call", steps, reps, 1, () =>
        {
            pp.Parameters.Fill(1e-6);
            for (long s = 0; s < steps; s++) pp.StepL1(0.1, 1e-6, 0.0);
        });
        // a whole Fig. 3-style run: 1e6 steps, records (train and recovery error) at t < 1000 and every 1000
        var rr = new double[N];
        var dd = new double[n];
        Report("Fig.3-style run: 1e6 steps + 2000 records, per step", steps, Math.Min(reps, 3), 1, () =>
        {
            pp.Parameters.Fill(1e-6);
            long t = 0;
            double acc = 0;
            while (t < steps)
            {
                int k = t < 999 ? 1 : (int)(1000 - t % 1000);
                pp.StepL1(0.1, 1e-6, 0.0, k, storeGradient: false);
                t += k;
                Kernels.Residual<double>(X, N, n, pp.Parameters, y, rr);
                Kernels.Subtract<double>(pp.Parameters, aStar, dd);
                acc += Kernels.Norm2<double>(rr) + Kernels.Norm2<double>(dd);
            }
            if (double.IsNaN(acc)) Console.WriteLine("diverged");
        });
        var Xf = Array.ConvertAll(X, v => (float)v);
        var yf = Array.ConvertAll(y, v => (float)v);
        var af = new float[n]; var rf = new float[N]; var gf = new float[n];
        Report("L1 fused, N=30 n=100, float", steps, reps, 1, () =>
        {
            Array.Fill(af, 1e-6f);
            for (long s = 0; s < steps; s += 1000)
                SubgradientStep.L1<float>(Xf, N, n, yf, af, rf, gf, 0.1f, 1e-6f, 0f, 1000);
        });

        // ---- batched, B = 64 sharing X
        const int B = 64, ld = 64;
        var Y = new double[N * ld];
        var A = new double[n * ld];
        var R = new double[N * ld];
        var G = new double[n * ld];
        var al = new double[B]; var ab1 = new double[B]; var ab2 = new double[B];
        for (int b = 0; b < B; b++)
        {
            al[b] = 0.05 + 0.002 * b; ab1[b] = al[b] * 1e-5 * (1 + b % 4); ab2[b] = 0;
            for (int i = 0; i < N; i++) Y[i * ld + b] = y[i] * (1 + 0.01 * b);
        }
        long bsteps = Math.Max(1, steps / 20);
        Report($"L1Batched B={B}, 1 thread (per run-step)", bsteps, reps, B, () =>
        {
            for (int j = 0; j < n; j++) for (int b = 0; b < B; b++) A[j * ld + b] = 1e-6;
            for (long s = 0; s < bsteps; s += 100)
                SubgradientStep.L1Batched<double>(X, N, n, B, ld, Y, A, R, G, al, ab1, ab2, 100);
        });
        Report($"L1Batched B={B}, 1 thread, no G store (per run-step)", bsteps, reps, B, () =>
        {
            for (int j = 0; j < n; j++) for (int b = 0; b < B; b++) A[j * ld + b] = 1e-6;
            for (long s = 0; s < bsteps; s += 100)
                SubgradientStep.L1Batched<double>(X, N, n, B, ld, Y, A, R, default, al, ab1, ab2, 100);
        });
        var pb = new PaddedBatch<double>(X, N, n, B);
        var yb = new double[N];
        var a0 = new double[n];
        Array.Fill(a0, 1e-6);
        for (int b = 0; b < B; b++)
        {
            for (int i = 0; i < N; i++) yb[i] = Y[i * ld + b];
            pb.SetRun(b, yb, a0, al[b], ab1[b], ab2[b]);
        }
        Report($"PaddedBatch B={B}, 1 thread, no G (per run-step)", bsteps, reps, B, () =>
        {
            for (long s = 0; s < bsteps; s += 100) pb.StepL1(100);
        });
        Report($"PaddedBatch B={B}, 1 thread, with G (per run-step)", bsteps, reps, B, () =>
        {
            for (long s = 0; s < bsteps; s += 100) pb.StepL1(100, storeGradient: true);
        });
        if (threads > 1)
            Report($"PaddedBatch B={B}, {threads} threads, no G (per run-step)", bsteps, reps, B, () =>
            {
                pb.StepL1((int)bsteps, threads: threads);
            });

        // ---- plain kernels at the problem size
        var xv = Gauss(rng, n, 1); var yv = new double[N]; var zv = new double[n];
        Report("Gemv 30x100 double", steps, reps, 1, () => { for (long s = 0; s < steps; s++) Kernels.Gemv<double>(X, N, n, xv, yv); });
        Report("GemvT 30x100 double", steps, reps, 1, () => { for (long s = 0; s < steps; s++) Kernels.GemvT<double>(X, N, n, yv, zv); });
    }

    private static void Report(string name, long steps, int reps, int perStepRuns, Action body)
    {
        body(); // warm-up + tier-up
        Thread.Sleep(200);
        body();
        var times = new double[reps];
        for (int k = 0; k < reps; k++)
        {
            var sw = Stopwatch.StartNew();
            body();
            times[k] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        double best = times[0] / steps / perStepRuns * 1e6;
        double med = times[reps / 2] / steps / perStepRuns * 1e6;
        Console.WriteLine($"{name,-58} best {best,8:F4} us  median {med,8:F4} us");
    }

    private static double Gauss(System.Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double[] Gauss(System.Random rng, int len, double scale)
    {
        var v = new double[len];
        for (int i = 0; i < len; i++) v[i] = scale * Gauss(rng);
        return v;
    }
}
