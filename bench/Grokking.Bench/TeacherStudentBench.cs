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
/// <c>dotnet run -c Release --project bench/Grokking.Bench -- teacher [--steps 200] [--reps 5] [--threads 1]</c>.
/// Reports the best and median ms per step, and the share of the loss + gradient (the rest is the penalty and Adam).
/// With the environment variable TS_STAGES=1 it also times the l1 step's GEMM shapes and ReLU passes alone, and each
/// network's forward and backward (where the time goes).
/// </summary>
internal static class TeacherStudentBench
{
    public static void Run(long steps, int reps, int threads)
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

    /// <summary>What one record costs (every 10 steps in a run): the test MSE on 1,000 samples, the norms, the nuclear norms.</summary>
    private static void Records(TeacherStudentData data, int reps)
    {
        var model = new TeacherStudentModel(data, 500, PenaltyKind.L1, null, 1e-5f, 1e-3f, 0);
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        record.Reserve(1000L * model.RowsPerRecord * (reps + 1));
        long step = 0;
        double all = Best(20, reps, () => model.Record(step++, record), out _);
        double test = Best(20, reps, () => model.Network.MeanSquaredErrorOn(data.TestX, data.TestY, data.TestCount), out _);
        var polar = new Grokking.Optimisation.NewtonSchulzPolar<float>(500, 100);
        var a = model.Network.Parameters.Values.AsSpan(0, 500 * 100).ToArray();
        double nuclear = Best(20, reps, () => polar.NuclearNorm(a), out _);
        Console.WriteLine($"  one record            best {all:F3} ms (test MSE {test:F3}, nuclear norm of A {nuclear:F3} in {polar.LastIterations} Newton-Schulz iterations)");
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
