using Grokking.Experiments;
using Grokking.Problems.ModularArithmetic;
using Grokking.Training;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The <c>modular</c> experiment kind end to end on a small task (p = 23, width 16 = a 4 x 4 aggregation, batches of
/// 64): a seeded run memorises its train split, every recorded metric is declared, bad input is a one-line
/// <see cref="SpecException"/> before training, and a training step allocates nothing.
/// </summary>
public class ModularExperimentTests
{
    private static readonly ModularExperiment Experiment = new();
    private const long Steps = 500;

    private static RunSpec Spec(params (string Name, object Value)[] overrides)
    {
        (string, object)[] small = [("p", 23L), ("width", 16L), ("batch", 64L), ("train-fraction", 0.5), ("steps", Steps)];
        var values = small.Where(s => overrides.All(o => o.Name != s.Item1)).Concat(overrides)
            .Select(kv => new KeyValuePair<string, object>(kv.Item1, kv.Item2));
        return RunSpec.Create("modular", Experiment.Schema, values);
    }

    [Fact]
    public void SeededShortRun_MemorisesTheTrainSplit_AndRecordsOnlyDeclaredMetrics()
    {
        var spec = Spec();
        var prepared = Experiment.Prepare(spec);
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        var summary = prepared.Summarise(record, timing);

        // 23^2 = 529 pairs, 264 in the train split: at step 0 the untrained net is near chance (1/23), after 500
        // Adam steps (100 epochs of 5 batches) it fits every train pair
        Assert.True(record.Series(ModularModel.TrainAccuracy).Values[0] < 0.2);
        Assert.Equal(1.0, record.Last(ModularModel.TrainAccuracy));
        Assert.True(record.Last(ModularModel.TrainLoss) < record.Series(ModularModel.TrainLoss).Values[0] / 10);
        Assert.NotNull(summary.T1);
        Assert.True(summary.T1 < Steps);
        Assert.True(summary.Final["t1_best"] >= summary.T1!.Value);

        // the schedule: step 0, every step to 100, then every 10, and the last
        var steps = record.Series(ModularModel.TrainAccuracy).Steps;
        Assert.Equal([.. Enumerable.Range(0, 101).Select(i => (long)i), .. Enumerable.Range(11, (int)(Steps / 10) - 10).Select(i => 10L * i)], steps.ToArray());

        // norms: at init nearly every weight is above 1e-4 in magnitude; l1 >= l2 for any vector
        int weights = 2 * 16 * 23 + 16 * 16 + 23 * 16;
        Assert.InRange(record.Series(ModularModel.L0Norm).Values[0], 0.99 * weights, weights);
        Assert.True(record.Last(ModularModel.L2Norm) > 0 && record.Last(ModularModel.L1Norm) >= record.Last(ModularModel.L2Norm));

        var declared = Experiment.Metrics.Select(m => m.Name).ToHashSet();
        Assert.Equal(declared.Order(), record.MetricNames.Order());
        Assert.Contains("<svg", Experiment.PlotRun(spec, record, summary)!.ToSvg());
    }

    /// <summary>t1 / t2 by the accuracy thresholds (inclusive, rising), the first step at the best accuracy beside them;
    /// a lower threshold moves t2 earlier.</summary>
    [Fact]
    public void Summary_ReadsThresholdsAndBestOnRisingAccuracies()
    {
        var record = new MetricRecord();
        int train = record.Register(ModularModel.TrainAccuracy), test = record.Register(ModularModel.TestAccuracy);
        double[] trainAcc = [0.05, 0.5, 0.99, 1.0, 1.0, 1.0, 1.0, 1.0];
        double[] testAcc = [0.04, 0.05, 0.1, 0.3, 0.98, 0.995, 0.999, 0.997];
        for (int i = 0; i < trainAcc.Length; i++)
        {
            record.Add(10 * i, train, trainAcc[i]);
            record.Add(10 * i, test, testAcc[i]);
        }
        var timing = new TrainingTiming(70, 0.1, 0.1);
        var summary = Experiment.Prepare(Spec()).Summarise(record, timing);
        Assert.Equal(20, summary.T1);       // 0.99 reaches the 0.99 threshold
        Assert.Equal(50, summary.T2);       // 0.98 does not, 0.995 does
        Assert.Equal(30, summary.Final["t1_best"]);
        Assert.Equal(60, summary.Final["t2_best"]);
        Assert.Equal(40, Experiment.Prepare(Spec(("test-threshold", 0.98))).Summarise(record, timing).T2);
    }

    [Theory]
    [InlineData("p", 1L)]
    [InlineData("batch", 0L)]
    [InlineData("train-fraction", 0.0)]
    [InlineData("train-fraction", 1.0)]
    [InlineData("train-fraction", 1.5)]
    public void OutOfRangeParameters_AreSpecExceptions(string name, object value) =>
        Assert.Throws<SpecException>(() => Experiment.Prepare(Spec((name, value))));

    [Fact]
    public void DivisionModuloANonPrime_IsASpecException() =>
        Assert.Contains("not prime", Assert.Throws<SpecException>(() => Experiment.Prepare(Spec(("op", "/"), ("p", 21L)))).Message);

    [Fact]
    public void WidthThatIsNotASquare_IsASpecException() =>
        Assert.Contains("square", Assert.Throws<SpecException>(() => Experiment.Prepare(Spec(("width", 12L)))).Message);

    [Theory]
    [InlineData("none")]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("nuclear")]
    public void TrainingSteps_AllocateNothing(string penalty)
    {
        var trainable = Experiment.Prepare(Spec(("penalty", penalty))).Trainable;
        Allocations.AssertNone(() => trainable.Advance(10));
    }

    /// <summary>An evaluation (loss and accuracy on both splits, the four norms with an SVD per matrix) allocates
    /// nothing either: it runs at every recorded step.</summary>
    [Fact]
    public void Evaluations_AllocateNothing()
    {
        var model = (ModularModel)Experiment.Prepare(Spec(("penalty", "nuclear"))).Trainable;
        model.Advance(3);
        Allocations.AssertNone(() => model.Evaluate());
    }

    /// <summary>The fused evaluation (class-major argmax and log-sum-exp) against the layers it fuses, cross-entropy
    /// and accuracy per chunk of the batch size: the same accuracy, and the same loss but for the order of the sum of
    /// exponentials over the classes (float rounding: ~1e-9 relative here, 1e-7 allowed).</summary>
    [Fact]
    public void Evaluation_EqualsTheCrossEntropyAndAccuracyOfTheLayers()
    {
        var spec = Spec(("p", 31L), ("batch", 200L));
        var model = (ModularModel)Experiment.Prepare(spec).Trainable;
        model.Advance(20);
        var e = model.Evaluate();
        var pairs = ModularPairs.Create(31, ModularOperation.Of("+"));
        var split = ModularSplit.Create(pairs, 0.5);
        foreach (var (indices, loss, accuracy) in new[] { (split.Train, e.TrainLoss, e.TrainAccuracy), (split.Test, e.TestLoss, e.TestAccuracy) })
        {
            int n = indices.Length, chunk = model.Network.MaxBatch;
            Assert.True(n > chunk); // more than one chunk
            double lossSum = 0;
            long correct = 0;
            var probabilities = new float[chunk * 31];
            for (int start = 0; start < n; start += chunk)
            {
                int m = Math.Min(chunk, n - start);
                var part = indices.AsSpan(start, m).ToArray();
                int[] x = [.. part.Select(k => pairs.Left[k])], y = [.. part.Select(k => pairs.Right[k])], labels = [.. part.Select(k => pairs.Labels[k])];
                var logits = model.Network.Logits(x, y, m).ToArray();
                lossSum += m * Grokking.Nn.CrossEntropy.Forward<float>(logits, labels, probabilities, m, 31);
                correct += Grokking.Nn.Classification.CountCorrect<float>(logits, labels, m, 31);
            }
            Assert.Equal(lossSum / n, loss, tolerance: 1e-7 * (lossSum / n));
            Assert.Equal((double)correct / n, accuracy);
        }
        Assert.InRange(e.TrainAccuracy, 0.05, 1.0);
    }

    /// <summary>The class-major logits of the evaluation are the row-major logits transposed, to the last bit (the
    /// same dot products in the same order), so argmax and accuracy cannot differ from the layers'.</summary>
    [Fact]
    public void LogitsByClass_AreTheLogitsTransposedExactly()
    {
        var model = (ModularModel)Experiment.Prepare(Spec(("p", 31L), ("batch", 200L))).Trainable;
        model.Advance(5);
        var pairs = ModularPairs.Create(31, ModularOperation.Of("+"));
        int n = 150;
        int[] x = pairs.Left[..n], y = pairs.Right[..n];
        var rowMajor = model.Network.Logits(x, y, n).ToArray();
        var byClass = new float[31 * n];
        model.Network.LogitsByClass(x, y, n, byClass);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 31; c++)
                Assert.Equal(rowMajor[i * 31 + c], byClass[c * n + i]);
    }

    /// <summary>The recorded norms against the weights computed here: l0, l1 and l2 over every weight, the nuclear
    /// norm of each matrix from the singular values of its Gram matrix (the sum of their square roots).</summary>
    [Fact]
    public void RecordedNorms_MatchTheWeights()
    {
        var model = (ModularModel)Experiment.Prepare(Spec(("steps", 5L))).Trainable;
        model.Advance(5);
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        model.Record(5, record);
        var w = model.Parameters.ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(w.Count(v => Math.Abs(v) > 1e-4), record.Last(ModularModel.L0Norm));
        Assert.Equal(w.Sum(Math.Abs), record.Last(ModularModel.L1Norm), 1e-9 * w.Length);
        Assert.Equal(Math.Sqrt(w.Sum(v => v * v)), record.Last(ModularModel.L2Norm), 1e-9);
        // the groups E1 (16 x 23), E2 (16 x 23), W1 (16 x 16), W2 (23 x 16), row-major, in that order
        (int Rows, int Cols)[] shapes = [(16, 23), (16, 23), (16, 16), (23, 16)];
        double nuclear = 0;
        int at = 0;
        foreach (var (rows, cols) in shapes)
        {
            var gram = new double[rows, rows];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < rows; j++)
                    for (int k = 0; k < cols; k++) gram[i, j] += w[at + i * cols + k] * w[at + j * cols + k];
            nuclear += JacobiEigenvalues(gram).Sum(e => Math.Sqrt(Math.Max(e, 0)));
            at += rows * cols;
        }
        Assert.Equal(w.Length, at);
        Assert.Equal(nuclear, record.Last(ModularModel.NuclearNorm), 1e-5 * nuclear);
    }

    /// <summary>Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (a reference independent of the lab's SVD).</summary>
    private static double[] JacobiEigenvalues(double[,] a)
    {
        int n = a.GetLength(0);
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                }
        }
        return [.. Enumerable.Range(0, n).Select(i => a[i, i])];
    }
}
