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
                              $" ({(svd.LaneSweeps.Full - lanes0.Full) / c:F2} full + {(svd.LaneSweeps.Low - lanes0.Low) / c:F2} low-lane sweeps)");
            done = until;
        }
        Console.WriteLine($"matrix completion 10x10 + SVD every step: {totalSeconds / steps * 1e6:F3} us/step wall, {totalCpu / steps * 1e6:F3} us/step cpu, over {steps:N0} steps (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
}

/// <summary>Decompose alone on late-phase iterates, scalar vs lanes, interleaved in one process.</summary>
internal static class SvdMicroBench
{
    public static void Run()
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema, [new("steps", 500_000L)]);
        var model = (MatrixModel)new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        var iterates = new List<double[]>();
        foreach (long at in new long[] { 1000, 50_000, 300_000, 500_000 })
        {
            model.Advance(at - (iterates.Count == 0 ? 0 : new long[] { 1000, 50_000, 300_000, 500_000 }[iterates.Count - 1]));
            var seq = new List<double[]>();
            for (int s = 0; s < 64; s++) { model.Advance(1); seq.Add(model.Current.Data.ToArray()); }
            iterates.Add(seq.SelectMany(x => x).ToArray());
        }
        int ld = model.Current.Ld, len = model.Current.Data.Length;
        foreach (bool lanes in new[] { false, true, false, true })
        {
            for (int ph = 0; ph < iterates.Count; ph++)
            {
                var svd = new Grokking.Numerics.JacobiSvd(10, 10) { UseLanes = lanes };
                var all = iterates[ph];
                for (int w = 0; w < 64; w++) svd.Decompose(all.AsSpan((w % 64) * len, len), ld, true);
                var proc = System.Diagnostics.Process.GetCurrentProcess();
                proc.Refresh();
                var cpu0 = proc.TotalProcessorTime;
                long sweeps0 = svd.TotalSweeps, calls0 = svd.TotalCalls;
                const int reps = 200_000;
                for (int r = 0; r < reps; r++) svd.Decompose(all.AsSpan((r % 64) * len, len), ld, true);
                proc.Refresh();
                double us = (proc.TotalProcessorTime - cpu0).TotalSeconds / reps * 1e6;
                Console.WriteLine($"{(lanes ? "lanes " : "scalar")} phase {ph}: {us:F3} us/decompose (cpu), {(svd.TotalSweeps - sweeps0) / (double)(svd.TotalCalls - calls0):F2} sweeps");
            }
        }
    }
}
