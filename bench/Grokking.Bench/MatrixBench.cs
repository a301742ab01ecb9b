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
            var lanes0 = svd.LaneSweeps;
            long deflations0 = svd.LaneDeflations;
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
                              $"{(svd.TotalSweeps - sweeps) / c,5:F2} sweeps/step, {(svd.TotalRotations - rotations) / c,6:F1} rotations/step" +
                              $" ({(svd.LaneSweeps.Full - lanes0.Full) / c:F2} full + {(svd.LaneSweeps.Low - lanes0.Low) / c:F2} low-lane sweeps, {(svd.LaneDeflations - deflations0) / c:F2} deflations)");
            done = until;
        }
        Console.WriteLine($"matrix completion 10x10 + SVD every step: {totalSeconds / steps * 1e6:F3} us/step wall, {totalCpu / steps * 1e6:F3} us/step cpu, over {steps:N0} steps (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
}

/// <summary>
/// <c>JacobiSvd.Decompose</c> alone, warm-started, on 64 consecutive iterates taken at four points of the Fig 5 run,
/// the scalar and the vector-lane kernel interleaved in one process (so load changes hit both):
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- svd</c>.
/// </summary>
internal static class SvdMicroBench
{
    public static void Run()
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema, [new("steps", 500_000L)]);
        var model = (MatrixModel)new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        long[] points = [1000, 50_000, 300_000, 500_000];
        var iterates = new List<double[]>();
        long done = 0;
        foreach (long at in points)
        {
            model.Advance(at - done);
            var sequence = new List<double>();
            for (int s = 0; s < 64; s++) { model.Advance(1); sequence.AddRange(model.Current.Data); }
            done = at + 64;
            iterates.Add([.. sequence]);
        }
        int ld = model.Current.Ld, len = model.Current.Data.Length;
        foreach (bool lanes in new[] { false, true, false, true })
        {
            for (int phase = 0; phase < points.Length; phase++)
            {
                var svd = new Grokking.Numerics.JacobiSvd(10, 10) { UseLanes = lanes };
                var all = iterates[phase];
                for (int w = 0; w < 64; w++) svd.Decompose(all.AsSpan(w * len, len), ld, true);
                var proc = System.Diagnostics.Process.GetCurrentProcess();
                proc.Refresh();
                var cpu0 = proc.TotalProcessorTime;
                long sweeps0 = svd.TotalSweeps, calls0 = svd.TotalCalls;
                const int reps = 200_000;
                for (int r = 0; r < reps; r++) svd.Decompose(all.AsSpan((r % 64) * len, len), ld, true);
                proc.Refresh();
                double us = (proc.TotalProcessorTime - cpu0).TotalSeconds / reps * 1e6;
                Console.WriteLine($"{(lanes ? "lanes " : "scalar")} at step {points[phase],7:N0}: {us:F3} us/decompose (cpu), " +
                                  $"{(svd.TotalSweeps - sweeps0) / (double)(svd.TotalCalls - calls0):F2} sweeps");
            }
        }
    }
}
