using System.Diagnostics;
using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Bench;

/// <summary>
/// GFLOP/s of the float32 GEMM: <c>dotnet run -c Release --project bench/Grokking.Bench -- gemm [--reps 7] [--tune]</c>.
/// 1024^3 on 1 and 2 threads, and the modular MLP's layer products at batch 2048 (forward and backward);
/// <c>--tune</c> also compares the Vector512 tile heights and cache blocks. Best of <c>reps</c> repetitions.
/// </summary>
internal static class GemmBench
{
    public static void Run(int reps, bool tune)
    {
        Console.WriteLine($"GEMM float32, best of {reps}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var shapes = new (string Name, MatrixOp A, MatrixOp B, int M, int N, int K)[]
        {
            ("1024^3 NN", MatrixOp.None, MatrixOp.None, 1024, 1024, 1024),
            ("1024^3 NT", MatrixOp.None, MatrixOp.Transpose, 1024, 1024, 1024),
            ("1024^3 TN", MatrixOp.Transpose, MatrixOp.None, 1024, 1024, 1024),
            ("fwd  h = z W1^T      2048x64x64  NT", MatrixOp.None, MatrixOp.Transpose, 2048, 64, 64),
            ("fwd  y = r W2^T      2048x97x64  NT", MatrixOp.None, MatrixOp.Transpose, 2048, 97, 64),
            ("bwd  dr = dy W2      2048x64x97  NN", MatrixOp.None, MatrixOp.None, 2048, 64, 97),
            ("bwd  dz = dh W1      2048x64x64  NN", MatrixOp.None, MatrixOp.None, 2048, 64, 64),
            ("bwd  dW2 = dy^T r    97x64x2048  TN", MatrixOp.Transpose, MatrixOp.None, 97, 64, 2048),
            ("bwd  dW1 = dh^T z    64x64x2048  TN", MatrixOp.Transpose, MatrixOp.None, 64, 64, 2048),
            ("eval y^T = W2 r^T    97x2048x64  NT", MatrixOp.None, MatrixOp.Transpose, 97, 2048, 64),
            ("eval y^T = W2 r^T    97x2048x64  NN", MatrixOp.None, MatrixOp.None, 97, 2048, 64),
            ("eval y^T = W2 r^T    97x1024x64  NT", MatrixOp.None, MatrixOp.Transpose, 97, 1024, 64),
        };
        foreach (int threads in new[] { 1, 2 })
        {
            var t = new RunThreads(threads);
            t.Grant(threads);
            // two threads on every shape, whatever the size (the default keeps products under 2^24 on one)
            var gemm = new Gemm(t) { ParallelMinMultiplyAdds = 0 };
            foreach (var s in shapes)
                Console.WriteLine($"  {threads} thread(s)  {s.Name,-36} {Measure(gemm, s.A, s.B, s.M, s.N, s.K, reps),7:F1} GFLOP/s");
        }
        if (!tune) return;
        foreach (bool direct in new[] { false, true })
        {
            var g = new Gemm { InPlace = direct };
            Console.WriteLine($"  tune 1 thread operands read in place: {direct,-5} 1024^3 NN {Measure(g, MatrixOp.None, MatrixOp.None, 1024, 1024, 1024, reps),7:F1}   2048x64x64 NT {Measure(g, MatrixOp.None, MatrixOp.Transpose, 2048, 64, 64, reps),7:F1}   2048x97x64 NT {Measure(g, MatrixOp.None, MatrixOp.Transpose, 2048, 97, 64, reps),7:F1}   64x64x2048 TN {Measure(g, MatrixOp.Transpose, MatrixOp.None, 64, 64, 2048, reps),7:F1} GFLOP/s");
        }
        foreach (int rows in new[] { 8, 12, 14 })
            foreach (int kc in new[] { 128, 256, 384, 512 })
            {
                var gemm = new Gemm();
                gemm.UseVector512Rows(rows);
                gemm.Kc = kc;
                Console.WriteLine($"  tune 1 thread {rows}x32 KC={kc,-4} MC={gemm.Mc,-4} 1024^3 NN {Measure(gemm, MatrixOp.None, MatrixOp.None, 1024, 1024, 1024, reps),7:F1}   2048x64x64 NT {Measure(gemm, MatrixOp.None, MatrixOp.Transpose, 2048, 64, 64, reps),7:F1} GFLOP/s");
            }
    }

    private static double Measure(Gemm gemm, MatrixOp opA, MatrixOp opB, int m, int n, int k, int reps)
    {
        var rng = new System.Random(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextDouble();
        for (int i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble();
        int lda = opA == MatrixOp.None ? k : m, ldb = opB == MatrixOp.None ? n : k;
        double flops = 2.0 * m * n * k;
        int calls = (int)Math.Max(3, 0.05e9 / flops * 4); // about 20-50 ms per repetition
        double best = double.MaxValue;
        for (int r = -1; r < reps; r++) // the first is warm-up and tier-up
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) gemm.Multiply(opA, opB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            if (r >= 0) best = Math.Min(best, sw.Elapsed.TotalSeconds / calls);
        }
        return flops / best / 1e9;
    }
}
