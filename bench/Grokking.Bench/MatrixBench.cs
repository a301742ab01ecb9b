using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;

namespace Grokking.Bench;

/// <summary>
/// The 10 x 10 completion step of Figure 5 (nuclear subgradient, an SVD every step), timed by phase of the
/// run (memorisation, plateau, after recovery) with the SVD's sweeps and rotations per step:
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- matrix [--steps 1000000]</c>.
/// </summary>
internal static class MatrixBench
{
    public static void Run(long steps, double tolerance = 0)
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema, [new("steps", steps)]);
        var model = (MatrixModel)new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        var svd = model.StepSvd;
        if (tolerance > 0) svd.Tolerance = tolerance;
        var proc = System.Diagnostics.Process.GetCurrentProcess();
        double totalCpu = 0;
        long done = 0;
        double totalSeconds = 0;
        foreach (long until in new[] { 1_000L, 10_000L, 100_000L, 400_000L, steps })
        {
            if (until <= done) continue;
            long n = until - done;
            long calls = svd.TotalCalls, sweeps = svd.TotalSweeps, rotations = svd.TotalRotations;
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            model.Advance(n);
            double s = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
            totalCpu += cpu;
            totalSeconds += s;
            double c = svd.TotalCalls - calls;
            Console.WriteLine($"steps {done,9:N0} .. {until,9:N0}: {s / n * 1e6,7:F3} us/step (cpu {cpu / n * 1e6,7:F3}), " +
                              $"{(svd.TotalSweeps - sweeps) / c,5:F2} sweeps/step, {(svd.TotalRotations - rotations) / c,6:F1} rotations/step");
            done = until;
        }
        Console.WriteLine($"matrix completion 10x10 + SVD every step: {totalSeconds / steps * 1e6:F3} us/step wall, {totalCpu / steps * 1e6:F3} us/step cpu, over {steps:N0} steps (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
}
