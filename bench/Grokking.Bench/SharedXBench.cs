using System.Diagnostics;
using Grokking.Numerics;

namespace Grokking.Bench;

/// <summary>
/// 64 sparse-recovery runs sharing X on the whole machine, as the sweep runner steps them: one batch per core
/// (two batches of 32 on 2 cores), against one batch of 64 on one core. Per run-step, best of 3.
/// <c>dotnet bench/Grokking.Bench/bin/Release/net10.0/Grokking.Bench.dll sharedx --steps 200000</c>.
/// Problem as the numpy baseline's batch-shared case: N = 30, n = 100, alpha*beta1 = 1e-6.
/// </summary>
internal static class SharedXBench
{
    public static void Run(long steps)
    {
        const int N = 30, n = 100, runs = 64;
        int cores = Environment.ProcessorCount;
        var rng = new System.Random(1);
        var X = Enumerable.Range(0, N * n).Select(_ => (rng.NextDouble() - 0.5) * 0.6).ToArray();
        var y = Enumerable.Range(0, N).Select(_ => rng.NextDouble() - 0.5).ToArray();
        PaddedBatch<double> Make(int b)
        {
            var pb = new PaddedBatch<double>(X, N, n, b);
            var a0 = new double[n];
            Array.Fill(a0, 1e-6);
            for (int j = 0; j < b; j++) pb.SetRun(j, y, a0, 0.1 * (j + 1) / b, 1e-6, 0);
            return pb;
        }
        var one = Make(runs);
        var split = Enumerable.Range(0, cores).Select(_ => Make(runs / cores)).ToArray();
        one.StepL1(2000);
        Parallel.ForEach(split, b => b.StepL1(2000));
        double bestOne = double.MaxValue, bestSplit = double.MaxValue;
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            one.StepL1((int)steps);
            bestOne = Math.Min(bestOne, sw.Elapsed.TotalSeconds);
            sw.Restart();
            Parallel.ForEach(split, new ParallelOptions { MaxDegreeOfParallelism = cores }, b => b.StepL1((int)steps));
            bestSplit = Math.Min(bestSplit, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"64 runs sharing X, {steps} steps: one batch of 64 on 1 core {bestOne / steps / runs * 1e6:0.000} us/run-step; " +
                          $"{cores} batches of {runs / cores} on {cores} cores {bestSplit / steps / runs * 1e6:0.000} us/run-step (whole machine)");
    }
}
