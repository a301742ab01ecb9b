using System.Diagnostics;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Problems.TeacherStudent;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Bench;

/// <summary>
/// One full-batch training step of the teacher-student student (spec B.12: 100 -> 500 -> 2, 100 train samples,
/// float32, Adam) with each penalty, and of Sobolev training (spec D.1) in closed form:
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- teacher [--steps 200] [--reps 5] [--threads 1] [--record] [--stacked]</c>.
/// <c>--record</c> times one record alone (its parts, and the previous way beside it, alternating);
/// <c>--stacked</c> times K students sharing the train inputs with their first-layer GEMMs stacked into one.
/// Reports the best and median ms per step, and the share of the loss + gradient (the rest is the penalty and Adam).
/// With the environment variable TS_STAGES=1 it also times the l1 step's GEMM shapes and ReLU passes alone, and each
/// network's forward and backward (where the time goes).
/// </summary>
internal static class TeacherStudentBench
{
    public static void Run(long steps, int reps, int threads, bool recordOnly = false, bool stacked = false)
    {
        var runThreads = new RunThreads(threads);
        runThreads.Grant(threads);
        var data = TeacherStudentData.Create(100, 500, 2, 1100, 100, 1000, 0, 0, jacobians: true);
        Console.WriteLine($"teacher-student step, 100 -> 500 -> 2, 100 samples, float32, {threads} thread(s), {steps} steps per repetition, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        (string Name, PenaltyKind Penalty, SobolevForm? Sobolev)[] cases =
        [
            ("l1", PenaltyKind.L1, null), ("l2", PenaltyKind.L2, null), ("nuclear", PenaltyKind.Nuclear, null),
            ("sobolev (code form)", PenaltyKind.None, SobolevForm.Code),
        ];
        Records(data, reps);
        if (recordOnly) return;
        if (stacked)
        {
            Stacked(data, steps, reps, 7);
            Stacked(data, steps, reps, 42);
            return;
        }
        if (Environment.GetEnvironmentVariable("TS_STAGES") == "1") Stages(steps, reps);
        foreach (var (name, penalty, sobolev) in cases)
        {
            var net = new TeacherStudentNetwork<float>(100, 500, 2, 100, data.TrainX, data.TrainY, data.TrainJacobians,
                penalty, sobolev, 1e-5f, 1e-3f, new Gemm(runThreads));
            net.Network.Initialise(new NumpyRandomState(0));
            double stepMs = Best(steps, reps, net.Step, out double median);
            double lossMs = Best(steps, reps, () => net.Loss(), out _);
            if (Environment.GetEnvironmentVariable("TS_STAGES") == "1")
            {
                var dy = new float[200];
                double fwd = Best(steps, reps, () => net.Network.Forward(data.TrainX, 100), out _);
                double bwd = Best(steps, reps, () => net.Network.Backward(dy), out _);
                Console.WriteLine($"  forward {fwd * 1000:F1} us, backward {bwd * 1000:F1} us");
            }
            Console.WriteLine($"  {name,-20} best {stepMs:F3} ms/step, median {median:F3}  (loss + gradient {lossMs:F3}, penalty + Adam {stepMs - lossMs:F3})");
        }
    }

    /// <summary>What one record costs (every 10 steps in a run): the train and test MSE, l0/l1/l2, the nuclear norms;
    /// beside it the previous way (test forward in one pass, scalar norms, Newton-Schulz nuclear norms), alternating.</summary>
    private static void Records(TeacherStudentData data, int reps)
    {
        var model = new TeacherStudentModel(data, 500, PenaltyKind.L1, null, 1e-5f, 1e-3f, 0);
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        record.Reserve(1000L * model.RowsPerRecord * (reps + 1) * 4);
        long step = 0;
        var w = model.Network.Parameters.Values;
        var a = w.AsSpan(0, 500 * 100).ToArray();
        var polarA = new Grokking.Optimisation.NewtonSchulzPolar<float>(500, 100);
        var polarB = new Grokking.Optimisation.NewtonSchulzPolar<float>(2, 500);
        var gram = new TallGramNuclearNorm(500, 100);
        var gramB = new GramNuclearNorm(2, 500);
        var eigenInput = new double[100 * 100];
        var eigenScratch = new double[100 * 100];
        var d = new double[100];
        var e = new double[100];
        for (int i = 0; i < 100; i++) for (int j = 0; j <= i; j++) eigenInput[i * 100 + j] = i == j ? 2 + i : 1.0 / (1 + i + j);
        double old = 0, all = 0;
        for (int round = 0; round < 3; round++)
        {
            old = Best(20, reps, () =>
            {
                model.Network.MeanSquaredErrorOn(data.TrainX, data.TrainY, data.TrainCount);
                model.Network.MeanSquaredErrorOn(data.TestX, data.TestY, data.TestCount);
                WeightNorms.Entrywise(w);
                polarA.NuclearNorm(w.AsSpan(0, 50_000));
                polarB.NuclearNorm(w.AsSpan(50_000, 1000));
            }, out _);
            all = Best(20, reps, () => model.Record(step++, record), out _);
            Console.WriteLine($"  one record            best {all:F3} ms (previous way {old:F3} ms)");
        }
        double test = Best(20, reps, () => model.Network.MeanSquaredErrorOn(data.TestX, data.TestY, data.TestCount), out _);
        double train = Best(20, reps, () => model.Network.MeanSquaredErrorOn(data.TrainX, data.TrainY, data.TrainCount), out _);
        double entry = Best(20, reps, () => WeightNorms.Entrywise(w), out _);
        double nuclear = Best(20, reps, () => gram.Of(a), out _);
        double nuclearB = Best(20, reps, () => gramB.Of<float>(w.AsSpan(50_000, 1000)), out _);
        double eigen = Best(20, reps, () => { eigenInput.CopyTo(eigenScratch, 0); SymmetricEigenvalues.Compute(eigenScratch, 100, d, e); }, out _);
        double ns = Best(20, reps, () => polarA.NuclearNorm(a), out _);
        Console.WriteLine($"    train MSE {train:F3}, test MSE {test:F3}, l0/l1/l2 {entry:F3},");
        Console.WriteLine($"    nuclear of A {nuclear:F3} (of which 100 x 100 eigenvalues {eigen:F3}; Newton-Schulz {ns:F3} in {polarA.LastIterations} iterations), of B {nuclearB:F3} ms");
        var gg = new Gemm(); var aT = new float[50_000]; var pre = new float[1000 * 500]; var xs = data.TestX;
        Console.WriteLine($"    test GEMM: whole NT {Best(20, reps, () => gg.Multiply(MatrixOp.None, MatrixOp.Transpose, 1000, 500, 100, 1f, xs, 100, a, 100, 0f, pre, 500), out _):F3}" +
            $" whole NN {Best(20, reps, () => gg.Multiply(MatrixOp.None, MatrixOp.None, 1000, 500, 100, 1f, xs, 100, aT, 500, 0f, pre, 500), out _):F3}" +
            $" chunks NN {Best(20, reps, () => { for (int c = 0; c < 10; c++) gg.Multiply(MatrixOp.None, MatrixOp.None, 100, 500, 100, 1f, xs.AsSpan(c * 10000, 10000), 100, aT, 500, 0f, pre, 500); }, out _):F3}" +
            $" chunks NT {Best(20, reps, () => { for (int c = 0; c < 10; c++) gg.Multiply(MatrixOp.None, MatrixOp.Transpose, 100, 500, 100, 1f, xs.AsSpan(c * 10000, 10000), 100, a, 100, 0f, pre, 500); }, out _):F3}" +
            $" relu {Best(20, reps, () => Relu.Forward<float>(pre, pre), out _):F3}");
        Console.WriteLine($"    nuclear of A: Gram {gram.Of(a):R}, Newton-Schulz {polarA.NuclearNorm(a):R}");
    }

    /// <summary>
    /// K students on the same train inputs X (100 x 100): their first-layer products as K separate GEMMs (forward
    /// X A_k^T, backward dH_k^T X) against one stacked GEMM each (X [A_1 .. A_K]^T, [dH_1 .. dH_K]^T X), per run and
    /// step, beside a whole separate l1 step (the rest of a step, ReLU, readout, Adam, is per student either way).
    /// </summary>
    private static void Stacked(TeacherStudentData data, long steps, int reps, int k)
    {
        var g = new Gemm();
        const int n = 100, d = 100, h = 500;
        var rng = new System.Random(1);
        var a = new float[k * h * d];
        var dh = new float[n * k * h];
        var pre = new float[n * k * h];
        var ga = new float[k * h * d];
        foreach (var arr in new[] { a, dh }) for (int i = 0; i < arr.Length; i++) arr[i] = (float)rng.NextDouble() - 0.5f;
        var x = data.TrainX;
        long s = Math.Max(1, steps / k);
        double separate = 0, together = 0, step = 0;
        var net = new TeacherStudentNetwork<float>(100, 500, 2, 100, data.TrainX, data.TrainY, data.TrainJacobians,
            PenaltyKind.L1, null, 1e-5f, 1e-3f);
        net.Network.Initialise(new NumpyRandomState(0));
        for (int round = 0; round < 3; round++)
        {
            separate = Best(s, reps, () =>
            {
                for (int j = 0; j < k; j++)
                {
                    g.Multiply(MatrixOp.None, MatrixOp.Transpose, n, h, d, 1f, x, d, a.AsSpan(j * h * d, h * d), d, 0f, pre.AsSpan(j * n * h, n * h), h);
                    g.Multiply(MatrixOp.Transpose, MatrixOp.None, h, d, n, 1f, dh.AsSpan(j * n * h, n * h), h, x, d, 0f, ga.AsSpan(j * h * d, h * d), d);
                }
            }, out _) / k;
            together = Best(s, reps, () =>
            {
                g.Multiply(MatrixOp.None, MatrixOp.Transpose, n, k * h, d, 1f, x, d, a, d, 0f, pre, k * h);
                g.Multiply(MatrixOp.Transpose, MatrixOp.None, k * h, d, n, 1f, dh, k * h, x, d, 0f, ga, d);
            }, out _) / k;
            step = Best(steps, reps, net.Step, out _);
        }
        Console.WriteLine($"  stacked K = {k,2}: first-layer GEMMs per run-step {separate * 1000:F1} us separate, {together * 1000:F1} us stacked " +
            $"({(separate - together) / step * 100:F0} % of a whole l1 step of {step * 1000:F1} us)");
    }

    /// <summary>The l1 step's GEMMs alone, each at its shape (where the time goes).</summary>
    private static void Stages(long steps, int reps)
    {
        var g = new Gemm();
        var x = new float[100 * 100]; var a = new float[500 * 100]; var pre = new float[100 * 500];
        var b = new float[2 * 500]; var y = new float[200]; var ga = new float[500 * 100]; var gb = new float[1000];
        var rng = new System.Random(1);
        foreach (var arr in new[] { x, a, pre, b, y }) for (int i = 0; i < arr.Length; i++) arr[i] = (float)rng.NextDouble() - 0.5f;
        (string, Action)[] st =
        [
            ("x A^T (100x500x100)", () => g.Multiply(MatrixOp.None, MatrixOp.Transpose, 100, 500, 100, 1f, x, 100, a, 100, 0f, pre, 500)),
            ("H B^T (100x2x500)", () => g.Multiply(MatrixOp.None, MatrixOp.Transpose, 100, 2, 500, 1f, pre, 500, b, 500, 0f, y, 2)),
            ("dY^T H (2x500x100)", () => g.Multiply(MatrixOp.Transpose, MatrixOp.None, 2, 500, 100, 1f, y, 2, pre, 500, 1f, gb, 500)),
            ("dY B (100x500x2)", () => g.Multiply(MatrixOp.None, MatrixOp.None, 100, 500, 2, 1f, y, 2, b, 500, 0f, pre, 500)),
            ("dH^T x (500x100x100)", () => g.Multiply(MatrixOp.Transpose, MatrixOp.None, 500, 100, 100, 1f, pre, 500, x, 100, 1f, ga, 100)),
            ("A x^T (500x100x100)", () => g.Multiply(MatrixOp.None, MatrixOp.Transpose, 500, 100, 100, 1f, a, 100, x, 100, 0f, pre, 100)),
            ("dH^T' x (500x100x100 NN)", () => g.Multiply(MatrixOp.None, MatrixOp.None, 500, 100, 100, 1f, pre, 100, x, 100, 1f, ga, 100)),
            ("relu fwd", () => Relu.Forward<float>(pre, pre)),
            ("relu bwd", () => Relu.Backward<float>(pre, pre, pre)),
        ];
        foreach (var (name, body) in st) Console.WriteLine($"  stage {name,-24} {Best(steps, reps, body, out _) * 1000:F1} us");
    }

    private static double Best(long steps, int reps, Action body, out double median)
    {
        var times = new double[reps];
        for (int r = -1; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            for (long s = 0; s < steps; s++) body();
            if (r >= 0) times[r] = sw.Elapsed.TotalMilliseconds / steps;
        }
        Array.Sort(times);
        median = times[reps / 2];
        return times[0];
    }
}
