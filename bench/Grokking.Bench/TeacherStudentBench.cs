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
        foreach (var (name, penalty, sobolev) in cases)
        {
            var net = new TeacherStudentNetwork<float>(100, 500, 2, 100, data.TrainX, data.TrainY, data.TrainJacobians,
                penalty, sobolev, 1e-5f, 1e-3f, new Gemm(runThreads));
            net.Network.Initialise(new NumpyRandomState(0));
            double stepMs = Best(steps, reps, net.Step, out double median);
            double lossMs = Best(steps, reps, () => net.Loss(), out _);
            Console.WriteLine($"  {name,-20} best {stepMs:F3} ms/step, median {median:F3}  (loss + gradient {lossMs:F3}, penalty + Adam {stepMs - lossMs:F3})");
        }
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
