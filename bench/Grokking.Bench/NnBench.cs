using System.Diagnostics;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Bench;

/// <summary>
/// One training step of the modular MLP (spec C: batch 2048, float32, Adam, optionally the l1 penalty):
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- mlp [--steps 200] [--reps 5] [--threads 1]</c>.
/// Reports the best and median ms per step over repetitions, and the forward / backward / optimiser split.
/// </summary>
internal static class NnBench
{
    public static void Run(long steps, int reps, int threads)
    {
        const int batch = 2048, p = 97;
        var runThreads = new RunThreads(threads);
        runThreads.Grant(threads);
        var model = new EncoderDecoder<float>(maxBatch: batch, gemm: new Gemm(runThreads));
        model.Initialise(new NumpyRandomState(0));
        var rng = new System.Random(1);
        var x1 = new int[batch]; var x2 = new int[batch]; var y = new int[batch];
        for (int i = 0; i < batch; i++) { x1[i] = rng.Next(p); x2[i] = rng.Next(p); y[i] = (x1[i] + x2[i]) % p; }
        Console.WriteLine($"modular MLP step, batch {batch}, float32, {threads} thread(s), {steps} steps per repetition, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var penalty in new[] { PenaltyKind.None, PenaltyKind.L1 })
        {
            var optimiser = new Optimiser<float>(new Chain<float>(new WeightPenalty<float>(penalty, 1e-6f).Gradient(), Optimisers.Adam(1e-3f)),
                model.Parameters.Layout);
            double fw = 0, bw = 0, opt = 0;
            var times = new double[reps];
            for (int r = -1; r < reps; r++)
            {
                var sw = Stopwatch.StartNew();
                double f = 0, b = 0, o = 0;
                for (long s = 0; s < steps; s++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    model.Forward(x1, x2, y, batch);
                    long t1 = Stopwatch.GetTimestamp();
                    model.Backward();
                    long t2 = Stopwatch.GetTimestamp();
                    optimiser.Step(model.Parameters.Values, model.Parameters.Gradients);
                    long t3 = Stopwatch.GetTimestamp();
                    f += t1 - t0; b += t2 - t1; o += t3 - t2;
                }
                if (r < 0) continue;
                times[r] = sw.Elapsed.TotalMilliseconds / steps;
                if (r == 0 || times[r] < times.Take(r).Min())
                    (fw, bw, opt) = (f / Stopwatch.Frequency * 1e3 / steps, b / Stopwatch.Frequency * 1e3 / steps, o / Stopwatch.Frequency * 1e3 / steps);
            }
            Array.Sort(times);
            model.StageTicks = new long[12];
            for (long s = 0; s < steps; s++) { model.Forward(x1, x2, y, batch); model.Backward(); }
            string Stages(int from, string[] names) => string.Join(", ", names.Select((name, i) => $"{name} {model.StageTicks[from + i] * 1e3 / Stopwatch.Frequency / steps:F3}"));
            Console.WriteLine("    forward stages, ms/step: " + Stages(6, ["embeddings", "aggregation", "readout", "relu", "classifier", "softmax+loss"]));
            Console.WriteLine("    backward stages, ms/step: " + Stages(0, ["loss", "classifier", "relu", "readout", "aggregation", "embeddings"]));
            model.StageTicks = null;
            Console.WriteLine($"  Adam, penalty {penalty,-4}: best {times[0]:F3} ms/step, median {times[reps / 2]:F3}  (best: forward {fw:F3}, backward {bw:F3}, optimiser {opt:F3})");
        }
    }
}
