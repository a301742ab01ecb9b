using System.Diagnostics;
using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Problems.Mnist;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Bench;

/// <summary>
/// One full-batch training step of the MNIST MLP 784 -> 500 -> 10 on 1,000 images (cross-entropy + beta l1, Adam,
/// float32), with the first layer on compressed rows (sparse) and on the dense GEMM, and one evaluation of 10,000
/// test images: <c>dotnet run -c Release --project bench/Grokking.Bench -- mnist [--steps 50] [--reps 5] [--threads 2]</c>.
/// The images are MNIST's when <c>$GROK_DATA/mnist</c> (or data/mnist) holds them, else random pixels with MNIST's
/// share of zeros (81 %).
/// </summary>
internal static class MnistBench
{
    public static void Run(long steps, int reps, int threads, int width)
    {
        var runThreads = new RunThreads(threads);
        runThreads.Grant(threads);
        var (train, test, source) = Data();
        Console.WriteLine($"mnist step, 784 -> {width} -> 10, {train.Count} images ({source}, {100 * train.Density:F1} % non-zero), " +
                          $"l1, float32, {threads} thread(s), {steps} steps per repetition, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (bool sparse in new[] { true, false })
        {
            var net = new MnistNetwork(784, width, 10, 1000, MnistLoss.CrossEntropy,
                new WeightPenalty<float>(PenaltyKind.L1, 1e-5f, GroupSelector.All), 1e-3f, runThreads) { Sparse = sparse };
            net.Initialise(new NumpyRandomState(0), 1);
            double stepMs = Best(steps, reps, () => net.Step(train), out double median, out double stepCpu);
            double lossMs = Best(steps, reps, () => net.LossAndGradient(train), out _);
            double evalMs = Best(Math.Max(1, steps / 10), reps, () => net.Evaluate(test), out _);
            Console.WriteLine($"  {(sparse ? "sparse first layer" : "dense GEMM"),-20} best {stepMs:F3} ms/step, median {median:F3}, process CPU {stepCpu:F3}  " +
                              $"(loss + gradient {lossMs:F3}, penalty + Adam {stepMs - lossMs:F3}); evaluation of {test.Count:N0} test images {evalMs:F2} ms");
        }
        // the first layer's forward product alone, both ways
        var at = new float[784 * width];
        var pre = new float[1000 * width];
        new System.Random(1).NextBytes(new byte[1]);
        for (int i = 0; i < at.Length; i++) at[i] = (i % 7 - 3) * 0.01f;
        var gemm = new Grokking.Numerics.Gemm(runThreads);
        double sparseMs = Best(steps, reps, () => train.Rows.Multiply(at, width, pre, 0, train.Count), out _, out double sparseCpu);
        double denseMs = Best(steps, reps, () => gemm.Multiply(Grokking.Numerics.MatrixOp.None, Grokking.Numerics.MatrixOp.None,
            train.Count, width, 784, 1f, train.Dense, 784, at, width, 0f, pre, width), out _);
        double backMs = Best(steps, reps, () => train.Columns!.Multiply(pre, width, at, 0, 784), out _, out double backCpu);
        Console.WriteLine($"  X A^T alone: compressed rows {sparseMs:F3} ms (CPU {sparseCpu:F3}, one thread), dense GEMM {denseMs:F3} ms; X^T dH on compressed columns {backMs:F3} ms (CPU {backCpu:F3}, one thread)");
        var model = new MnistModel(train, test, new MnistNetwork(784, width, 10, 1000, MnistLoss.CrossEntropy,
            new WeightPenalty<float>(PenaltyKind.L1, 1e-5f, GroupSelector.All), 1e-3f, runThreads));
        model.Network.Initialise(new NumpyRandomState(0), 1);
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        long step = 0;
        double recordMs = Best(3, reps, () => model.Record(step++, record), out _, out double recordCpu);
        // as in a run: ten training steps (not timed) between records, so the weights have moved
        double drifted = double.MaxValue;
        for (int r = 0; r <= reps; r++)
        {
            model.Advance(10);
            var sw = Stopwatch.StartNew();
            model.Record(step++, record);
            if (r > 0) drifted = Math.Min(drifted, sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"  one record (train + test evaluation and the four norms): {recordMs:F1} ms (process CPU {recordCpu:F1}) on the same weights, " +
                          $"{drifted:F1} ms after ten steps");
        // the nuclear norm of the 784 x h first layer alone: the Jacobi SVD (cold, and warm-started from the same
        // matrix: its best case) against the eigenvalues of the h x h Gram matrix
        var atValues = model.Network.Parameters.Value(model.Network.At).ToArray();
        var svd = new GroupSvd<float>(784, width);
        var gram = new Grokking.Numerics.GramNuclearNorm(784, width);
        double svdColdMs = Best(1, reps, () => svd.Decompose(atValues, warmStart: false), out _);
        double svdWarmMs = Best(1, reps, () => svd.Decompose(atValues, warmStart: true), out _);
        double gramMs = Best(1, reps, () => gram.Of<float>(atValues), out _);
        // of which the tridiagonal QL of the h x h Gram matrix alone (the rest is forming it)
        var gramMatrix = new double[width * width];
        var (diagonal, offDiagonal) = (new double[width], new double[width]);
        double eigenMs = Best(1, reps, () =>
        {
            for (int i = 0; i < width; i++)
                for (int j = 0; j < width; j++) gramMatrix[i * width + j] = i == j ? 2 + 0.001 * i : 1.0 / (1 + i + j);
            Grokking.Numerics.SymmetricEigenvalues.Compute(gramMatrix, width, diagonal, offDiagonal);
        }, out _);
        Console.WriteLine($"  nuclear norm of At: Jacobi SVD {svdColdMs:F1} ms cold, {svdWarmMs:F1} ms warm; Gram eigenvalues {gramMs:F1} ms " +
                          $"(of which the eigenvalues of the {width} x {width} Gram matrix {eigenMs:F1} ms)");
    }

    private static (MnistSet Train, MnistSet Test, string Source) Data()
    {
        string dir = MnistData.DefaultDirectory;
        if (MnistData.FileNames.All(n => MnistData.Find(dir, n) != null))
        {
            var data = MnistData.Load(dir);
            return (new MnistSet(data.TrainImages, data.TrainLabels, 1000, 10, transpose: true),
                    new MnistSet(data.TestImages, data.TestLabels, 10_000, 10, transpose: false), "MNIST");
        }
        var rng = new System.Random(0);
        IdxImages Images(int n)
        {
            var pixels = new byte[n * 784];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = rng.NextDouble() < 0.19 ? (byte)rng.Next(1, 256) : (byte)0;
            return new IdxImages(n, 28, 28, pixels);
        }
        byte[] Labels(int n) => [.. Enumerable.Range(0, n).Select(_ => (byte)rng.Next(10))];
        return (new MnistSet(Images(1000), Labels(1000), 1000, 10, transpose: true),
                new MnistSet(Images(10_000), Labels(10_000), 10_000, 10, transpose: false), "random pixels");
    }

    private static double Best(long steps, int reps, Action body, out double median) => Best(steps, reps, body, out median, out _);

    /// <summary>The best and median wall time per call over <paramref name="reps"/> repetitions, and the least CPU
    /// time of the process per call (all its threads): on a loaded machine the wall time counts the time the threads
    /// wait for a core, the CPU time does not (on one thread it is the work itself; on two it adds the pool's spinning).</summary>
    private static double Best(long steps, int reps, Action body, out double median, out double cpu)
    {
        var times = new double[reps];
        var process = Process.GetCurrentProcess();
        cpu = double.MaxValue;
        for (int r = -1; r < reps; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (long s = 0; s < steps; s++) body();
            if (r < 0) continue;
            times[r] = sw.Elapsed.TotalMilliseconds / steps;
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpu0).TotalMilliseconds / steps);
        }
        Array.Sort(times);
        median = times[reps / 2];
        return times[0];
    }
}
