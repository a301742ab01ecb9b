using System.Diagnostics;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Bench;

/// <summary>
/// One training step of the modular MLP (spec C: batch 2048, float32, Adam with lr 1e-2, beta 1e-5 times a penalty, as
/// the PyTorch baseline ../shared/baselines/paper_nets.py):
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- mlp [--steps 200] [--reps 5] [--threads 1]
/// [--penalty none|l1|l2|nuclear|all] [--eval]</c>.
/// Reports the best and median ms per step over repetitions, and the forward / backward / optimiser split; with
/// --eval, instead, one evaluation of a p = 97 run (loss and accuracy on all 9,409 pairs, and the four norms).
/// </summary>
internal static class NnBench
{
    private static readonly string[] AllPenalties = ["none", "l1", "l2", "nuclear"];

    public static void Run(string[] args, long steps, int reps, int threads)
    {
        int at = Array.IndexOf(args, "--penalty");
        string[] penalties = at < 0 ? ["none", "l1"] : args[at + 1] == "all" ? AllPenalties : args[at + 1].Split(',');
        foreach (var name in penalties)
            if (!AllPenalties.Contains(name)) throw new ArgumentException($"--penalty {name}: expected none, l1, l2, nuclear or all");
        int warmup = Array.IndexOf(args, "--warmup-steps");
        if (args.Contains("--eval")) Evaluation(steps, reps, penalties);
        else if (warmup >= 0) LateNuclear(long.Parse(args[warmup + 1]), steps, reps);
        else Step(steps, reps, threads, penalties);
    }

    private static PenaltyKind Kind(string name) => name switch
    {
        "l1" => PenaltyKind.L1,
        "l2" => PenaltyKind.L2,
        "nuclear" => PenaltyKind.Nuclear,
        _ => PenaltyKind.None,
    };

    /// <summary>Evaluations of a p = 97 run after a few hundred training steps (so the weights are not the init's):
    /// best and median ms per evaluation.</summary>
    private static void Evaluation(long steps, int reps, string[] penalties)
    {
        var experiment = new Grokking.Problems.ModularArithmetic.ModularExperiment();
        string penalty = penalties.FirstOrDefault(p => p != "none") ?? "none";
        var spec = Grokking.Experiments.RunSpec.Create("modular", experiment.Schema, [new("penalty", penalty), new("beta", "1e-5")]);
        var model = (Grokking.Problems.ModularArithmetic.ModularModel)experiment.Prepare(spec).Trainable;
        model.Advance(300);
        long evals = Math.Max(10, steps / 4);
        var times = new double[reps];
        var e = model.Evaluate();
        for (int r = -1; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            for (long i = 0; i < evals; i++) e = model.Evaluate();
            if (r >= 0) times[r] = sw.Elapsed.TotalMilliseconds / evals;
        }
        Array.Sort(times);
        Console.WriteLine($"modular evaluation, p = 97 (9,409 pairs: loss and accuracy on train and test, l0 / l1 / l2 / nuclear norms), " +
                          $"after 300 steps with {penalty}, {evals} evaluations per repetition, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  evaluation: best {times[0]:F3} ms, median {times[reps / 2]:F3}  (train acc {e.TrainAccuracy:F4}, nuclear {e.Nuclear:F4})");
        // evaluation chunks side by side (alternating within each repetition)
        int[] chunks = [.. new[] { 256, 512, 1024, model.Network.MaxBatch }.Where(c => c <= model.Network.MaxBatch).Distinct()];
        var byChunk = chunks.Select(_ => new double[reps]).ToArray();
        for (int r = -1; r < reps; r++)
            for (int c = 0; c < chunks.Length; c++)
            {
                model.EvaluationChunk = chunks[c];
                var sw = Stopwatch.StartNew();
                for (long i = 0; i < evals; i++) model.Evaluate();
                if (r >= 0) byChunk[c][r] = sw.Elapsed.TotalMilliseconds / evals;
            }
        model.EvaluationChunk = model.Network.MaxBatch;
        Console.WriteLine("    by chunk of pairs, best (median) ms: " + string.Join(", ", chunks.Select((chunk, c) =>
        {
            Array.Sort(byChunk[c]);
            return $"{chunk} {byChunk[c][0]:F3} ({byChunk[c][reps / 2]:F3})";
        })));
        // its forward stages (the network's own stopwatch marks), then the nuclear norms alone
        model.Network.StageTicks = new long[12];
        for (long i = 0; i < evals; i++) model.Evaluate();
        var ticks = model.Network.StageTicks;
        model.Network.StageTicks = null;
        string[] names = ["embeddings", "aggregation", "readout", "relu", "classifier"];
        Console.WriteLine("    forward stages, ms per evaluation: " +
                          string.Join(", ", names.Select((name, i) => $"{name} {ticks[6 + i] * 1e3 / Stopwatch.Frequency / evals:F3}")));
        // its nuclear norms alone (Gram eigenvalues of the four weight matrices)
        var layout = model.Network.Parameters.Layout;
        var grams = layout.Groups.Select(g => new GramNuclearNorm(g.Rows, g.Cols)).ToArray();
        var sw2 = Stopwatch.StartNew();
        double sum = 0;
        for (long i = 0; i < evals; i++)
            for (int g = 0; g < grams.Length; g++) sum += grams[g].Of(layout.Groups[g].Of<float>(model.Parameters));
        Console.WriteLine($"    of which the nuclear norms: {sw2.Elapsed.TotalMilliseconds / evals:F3} ms");
    }

    /// <summary>
    /// The nuclear-penalised run's step late in training (<c>mlp --penalty nuclear --warmup-steps 6000</c>): a p = 97
    /// run at beta 1e-4, lr 0.01 trains <paramref name="warmup"/> steps, then each repetition times
    /// <paramref name="steps"/> more (whole steps: forward, backward, U V^T of the four matrices, Adam). Prints each
    /// matrix's spectrum (sigma_min / sigma_max and how many singular values lie below 1e-7, 1e-5, 1e-3 of the largest),
    /// the matrices still on Newton-Schulz and the Jacobi sweeps per call.
    /// </summary>
    private static void LateNuclear(long warmup, long steps, int reps)
    {
        var experiment = new Grokking.Problems.ModularArithmetic.ModularExperiment();
        var spec = Grokking.Experiments.RunSpec.Create("modular", experiment.Schema,
            [new("penalty", "nuclear"), new("beta", "1e-4"), new("lr", "0.01")]);
        var model = (Grokking.Problems.ModularArithmetic.ModularModel)experiment.Prepare(spec).Trainable;
        var sw = Stopwatch.StartNew();
        model.Advance(warmup);
        Console.WriteLine($"modular nuclear step after {warmup} steps (beta 1e-4, lr 0.01; warm-up {sw.Elapsed.TotalSeconds:F1} s), " +
                          $"{steps} steps per repetition, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var layout = model.Network.Parameters.Layout;
        var polars = AddNuclearSubgradientNewtonSchulz<float>.Polars(model.Optimiser.PenaltyState!);
        for (int g = 0; g < layout.Groups.Count; g++)
        {
            var group = layout.Groups[g];
            var w = group.Of<float>(model.Parameters);
            var svd = JacobiSvd.OfRowMajor(Array.ConvertAll(w.ToArray(), v => (double)v), group.Rows, group.Cols);
            var sigma = svd.SingularValues.ToArray();
            double top = sigma[0];
            int Below(double r) { int n = 0; foreach (double s in sigma) if (s < r * top) n++; return n; }
            Console.WriteLine($"    {group.Name} {group.Rows} x {group.Cols}: sigma_max {top:G3}, sigma_min / sigma_max {sigma[^1] / top:G3}, " +
                              $"below 1e-7 / 1e-5 / 1e-3: {Below(1e-7)} / {Below(1e-5)} / {Below(1e-3)}; Newton-Schulz fallbacks {polars[g].Fallbacks}");
        }
        var times = new double[reps];
        for (int r = -1; r < reps; r++)
        {
            sw.Restart();
            model.Advance(steps);
            if (r >= 0) times[r] = sw.Elapsed.TotalMilliseconds / steps;
        }
        Array.Sort(times);
        string sweeps = string.Join(", ", polars.Select(p => p.LastSweeps.ToString()));
        string gram = string.Join(", ", polars.Select(p => p.Gram?.Fallbacks.ToString() ?? "-"));
        Console.WriteLine($"  step: best {times[0]:F3} ms, median {times[reps / 2]:F3}  (last Jacobi call's sweeps per matrix: {sweeps}; Gram route's Jacobi fallbacks {gram})");
        // the two late-phase routes side by side on the same weights, step after step: the warm Jacobi SVD and the Gram
        // eigen-decomposition (U V^T only, timed alternately; their largest difference)
        var jacobi = layout.Groups.Select(g => new GroupSvd<float>(g)).ToArray();
        var grams = layout.Groups.Select(g => new GramPolar<float>(g.Rows, g.Cols)).ToArray();
        var (a, b) = (new float[model.Parameters.Length], new float[model.Parameters.Length]);
        long jacobiTicks = 0, gramTicks = 0, jacobiSweeps = 0;
        double worst = 0;
        for (long s = 0; s < steps * reps; s++)
        {
            model.Advance(1);
            Array.Clear(a);
            Array.Clear(b);
            for (int g = 0; g < layout.Groups.Count; g++)
            {
                var group = layout.Groups[g];
                var w = group.Of<float>(model.Parameters);
                long t0 = Stopwatch.GetTimestamp();
                jacobi[g].Decompose(w, warmStart: true);
                jacobi[g].AddPolarFactor(group.Of<float>(a.AsSpan()), 1f);
                long t1 = Stopwatch.GetTimestamp();
                grams[g].AddPolarFactor(w, group.Of<float>(b.AsSpan()), 1f);
                long t2 = Stopwatch.GetTimestamp();
                (jacobiTicks, gramTicks) = (jacobiTicks + t1 - t0, gramTicks + t2 - t1);
                jacobiSweeps += jacobi[g].Svd.LastSweeps;
            }
            if (s >= steps)   // after the Jacobi SVD's cold start
                for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }
        double perStep = 1e3 / Stopwatch.Frequency / (steps * reps);
        Console.WriteLine($"  U V^T of the four matrices, ms/step: warm Jacobi SVD {jacobiTicks * perStep:F3} ({(double)jacobiSweeps / (steps * reps) / layout.Groups.Count:F1} sweeps), " +
                          $"Gram eigenvectors {gramTicks * perStep:F3} (Jacobi fallbacks {string.Join(", ", grams.Select(g => g.Fallbacks))}); largest |difference| {worst:G3}");
    }

    /// <summary>The nuclear term alone, on the weights of a training run: ms per step in the decompositions and in
    /// the U V^T products, and the Jacobi sweeps per call (warm-started from the previous step).</summary>
    private static void NuclearParts(EncoderDecoder<float> model, PenalisedAdam<float> optimiser, int[] x1, int[] x2, int[] y, long steps)
    {
        var groups = model.Parameters.Layout.Groups;
        var svds = groups.Select(g => new GroupSvd<float>(g)).ToArray();
        var sink = new float[model.Parameters.Values.Length];
        long decompose = 0, polar = 0, sweeps = 0, rotations = 0;
        for (long s = 0; s < steps; s++)
        {
            model.Forward(x1, x2, y, x1.Length);
            model.Backward();
            optimiser.Step(model.Parameters.Values, model.Parameters.Gradients);
            for (int i = 0; i < groups.Count; i++)
            {
                var w = groups[i].Of<float>(model.Parameters.Values);
                long t0 = Stopwatch.GetTimestamp();
                svds[i].Decompose(w, warmStart: true);
                long t1 = Stopwatch.GetTimestamp();
                svds[i].AddPolarFactor(groups[i].Of<float>(sink.AsSpan()), 1e-6f);
                polar += Stopwatch.GetTimestamp() - t1;
                decompose += t1 - t0;
                sweeps += svds[i].Svd.LastSweeps;
                rotations += svds[i].Svd.LastRotations;
            }
        }
        double perStep = 1e3 / Stopwatch.Frequency / steps;
        Console.WriteLine($"    nuclear term, ms/step: decompositions {decompose * perStep:F3}, U V^T {polar * perStep:F3}; " +
                          $"per decomposition {(double)sweeps / steps / groups.Count:F2} sweeps, {(double)rotations / steps / groups.Count:F0} rotations");
    }

    private static void Step(long steps, int reps, int threads, string[] penalties)
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
        // nuclear twice: the Jacobi SVD's U V^T (what runs use), then Newton-Schulz while it converges
        var variants = penalties.Select(Kind).SelectMany(k => k == PenaltyKind.Nuclear ? new[] { (k, false), (k, true) } : [(k, false)]);
        foreach (var (penalty, newtonSchulz) in variants)
        {
            // a fresh init per penalty, so the nuclear SVD's warm start sees the weights of a real run's first steps
            model.Initialise(new NumpyRandomState(0));
            // the modular model's step: the penalty and Adam fused
            var optimiser = new PenalisedAdam<float>(new WeightPenalty<float>(penalty, 1e-5f), model.Parameters.Layout, 1e-2f, newtonSchulz);
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
            if (penalty == PenaltyKind.Nuclear && !newtonSchulz) NuclearParts(model, optimiser, x1, x2, y, steps);
            Console.WriteLine($"  Adam, penalty {(newtonSchulz ? "nuclear (Newton-Schulz)" : penalty.ToString()),-7}: best {times[0]:F3} ms/step, median {times[reps / 2]:F3}  (best: forward {fw:F3}, backward {bw:F3}, optimiser {opt:F3})");
        }
    }
}
