using Grokking.Figures;
using System.Numerics;
using System.Numerics.Tensors;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// A modular-arithmetic run (spec C): the reference's encoder-decoder in float32 (PyTorch's default, spec F.5),
/// trained on shuffled mini-batches of the train split by Adam on the cross-entropy plus beta times a weight norm
/// (the penalty's (sub)gradient is a transform chained in front of Adam, no weight decay). Every buffer is
/// allocated here, once: <see cref="Advance"/> allocates nothing.
/// </summary>
internal sealed class ModularModel : ITrainable
{
    public const string TrainAccuracy = ClassifierRunPlot.TrainAccuracy;
    public const string TestAccuracy = ClassifierRunPlot.TestAccuracy;
    public const string TrainLoss = ClassifierRunPlot.TrainLoss;
    public const string TestLoss = ClassifierRunPlot.TestLoss;
    public const string L0Norm = WeightNorms.L0Norm;
    public const string L1Norm = WeightNorms.L1Norm;
    public const string L2Norm = WeightNorms.L2Norm;
    public const string NuclearNorm = WeightNorms.NuclearNorm;

    /// <summary>|w| above this counts as a non-zero weight in <see cref="L0Norm"/>.</summary>
    public const float L0Tolerance = WeightNorms.L0Tolerance;

    private readonly EncoderDecoder<float> _network;
    private readonly PenalisedAdam<float> _optimiser;
    private readonly MiniBatchSampler _sampler;
    // the train and test sets as contiguous operand / label arrays, and the gathered mini-batch
    private readonly int[] _trainX, _trainY, _trainLabels, _testX, _testY, _testLabels;
    private readonly int[] _batchX, _batchY, _batchLabels;
    // an evaluation chunk's logits class-major (p x n, the network's own buffers belong to the training step), and
    // per pair its max logit, first argmax and sum of exponentials
    private readonly float[] _logitsByClass, _rowMax, _rowSum;
    private readonly int[] _rowArgmax;
    // one workspace per weight matrix for the nuclear-norm metric
    private readonly GramNuclearNorm[] _nuclearNorms;
    private int _idTrainAcc, _idTestAcc, _idTrainLoss, _idTestLoss;
    private int _evaluationChunk;
    private WeightNormMetrics _norms;

    public ModularModel(ModularPairs pairs, ModularSplit split, int width, int batch, WeightPenalty<float> penalty,
        float lr, uint initSeed, uint shuffleSeed)
    {
        (_trainX, _trainY, _trainLabels) = Gather(pairs, split.Train);
        (_testX, _testY, _testLabels) = Gather(pairs, split.Test);
        _sampler = new MiniBatchSampler(split.Train.Length, batch, shuffleSeed);
        // hidden = width: the reference's Encoder_Decoder uses one width for the embedding and the hidden layer
        _network = new EncoderDecoder<float>(pairs.Modulus, width, width, _sampler.BatchSize);
        _network.Initialise(new NumpyRandomState(initSeed));
        // the chain penalty -> Adam, fused into one pass (bit for bit); the nuclear U V^T by Newton-Schulz while it
        // converges in a few iterations (a third faster than the warm Jacobi SVD from the init), each matrix moving for
        // good, once it stalls (over a nuclear-penalised run the weights lose rank), to U V^T from the eigenvectors of
        // its double Gram matrix, whose cost does not grow with the conditioning (the warm Jacobi SVD needed 8-9 sweeps
        // there); the same U V^T to float rounding (docs/BENCHMARKS.md)
        _optimiser = new PenalisedAdam<float>(penalty, _network.Parameters.Layout, lr, newtonSchulz: true);
        _batchX = new int[_sampler.BatchSize];
        _batchY = new int[_sampler.BatchSize];
        _batchLabels = new int[_sampler.BatchSize];
        _logitsByClass = new float[_sampler.BatchSize * pairs.Modulus];
        (_rowMax, _rowSum, _rowArgmax) = (new float[_sampler.BatchSize], new float[_sampler.BatchSize], new int[_sampler.BatchSize]);
        _nuclearNorms = [.. _network.Parameters.Layout.Groups.Select(g => new GramNuclearNorm(g.Rows, g.Cols))];
        _evaluationChunk = _sampler.BatchSize;
    }

    public ReadOnlySpan<float> Parameters => _network.Parameters.Values;

    /// <summary>The network (bench and tests).</summary>
    internal EncoderDecoder<float> Network => _network;

    /// <summary>Pairs per chunk of an evaluation, at most the batch size (bench: chunk sizes side by side).</summary>
    internal int EvaluationChunk
    {
        get => _evaluationChunk;
        set => _evaluationChunk = value >= 1 && value <= _network.MaxBatch ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>The optimiser (bench: the nuclear penalty's state).</summary>
    internal PenalisedAdam<float> Optimiser => _optimiser;

    public IReadOnlyList<string> HeadlineMetrics { get; } = [TrainAccuracy, TestAccuracy];

    public int RowsPerRecord => 8;

    public void Advance(long steps)
    {
        for (long s = 0; s < steps; s++)
        {
            var positions = _sampler.Next();
            int n = positions.Length;
            for (int i = 0; i < n; i++)
            {
                int k = positions[i];
                _batchX[i] = _trainX[k];
                _batchY[i] = _trainY[k];
                _batchLabels[i] = _trainLabels[k];
            }
            _network.Forward(_batchX, _batchY, _batchLabels, n);
            _network.Backward();
            _optimiser.Step(_network.Parameters.Values, _network.Parameters.Gradients);
        }
    }

    public bool IsFinite() => Kernels.AllFinite<float>(_network.Parameters.Values);

    public void RegisterMetrics(MetricRecord record)
    {
        _idTrainAcc = record.Register(TrainAccuracy);
        _idTestAcc = record.Register(TestAccuracy);
        _idTrainLoss = record.Register(TrainLoss);
        _idTestLoss = record.Register(TestLoss);
        _norms.Register(record);
    }

    public void Record(long step, MetricRecord record)
    {
        var e = Evaluate();
        record.Add(step, _idTrainAcc, e.TrainAccuracy);
        record.Add(step, _idTestAcc, e.TestAccuracy);
        record.Add(step, _idTrainLoss, e.TrainLoss);
        record.Add(step, _idTestLoss, e.TestLoss);
        _norms.Add(step, record, e.L0, e.L1, e.L2, e.Nuclear);
    }

    /// <summary>Loss and accuracy on the full train and test sets, and the norms of all weights (l0, l1, unsquared
    /// l2 of the concatenated weights, nuclear summed over the four matrices). Allocates nothing.</summary>
    public ModularEvaluation Evaluate()
    {
        var (trainLoss, trainAcc) = Evaluate(_trainX, _trainY, _trainLabels);
        var (testLoss, testAcc) = Evaluate(_testX, _testY, _testLabels);

        var w = _network.Parameters.Values;
        var (nonZero, l1, l2) = WeightNorms.Entrywise(w);
        double nuclear = 0;
        var groups = _network.Parameters.Layout.Groups;
        for (int i = 0; i < groups.Count; i++) nuclear += _nuclearNorms[i].Of(groups[i].Of<float>(w));
        return new ModularEvaluation(trainLoss, trainAcc, testLoss, testAcc, nonZero, l1, l2, nuclear);
    }

    /// <summary>Mean cross-entropy and accuracy over a whole set, in chunks of the mini-batch size, from the logits
    /// class-major (p rows of n): the max, the first argmax and the sum of exponentials over the classes are
    /// element-wise vector operations along the rows, with no call per pair. The arithmetic of
    /// <see cref="CrossEntropy.Forward{T}"/> per pair, log(sum exp(z - max)) + max - z[label], except that the sum of
    /// exponentials runs in class order (float rounding apart, the same loss).</summary>
    private (double Loss, double Accuracy) Evaluate(int[] x, int[] y, int[] labels)
    {
        int count = labels.Length, chunk = EvaluationChunk, p = _network.Vocabulary;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < count; start += chunk)
        {
            int n = Math.Min(chunk, count - start);
            var batchLabels = labels.AsSpan(start, n);
            var z = _logitsByClass.AsSpan(0, p * n);
            _network.LogitsByClass(x.AsSpan(start, n), y.AsSpan(start, n), n, z);
            var max = _rowMax.AsSpan(0, n);
            var best = _rowArgmax.AsSpan(0, n);
            var sum = _rowSum.AsSpan(0, n);
            z[..n].CopyTo(max);
            best.Clear();
            for (int c = 1; c < p; c++) KeepLarger(z.Slice(c * n, n), c, max, best);
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                int label = batchLabels[i];
                if (best[i] == label) correct++;
                total += max[i] - z[label * n + i];
            }
            // sum = sum over the classes of exp(z - max), one row of classes at a time while it is in L1 (one pass over
            // the chunk's logits instead of three)
            for (int c = 0; c < p; c++)
            {
                var row = z.Slice(c * n, n);
                TensorPrimitives.Subtract(row, max, row);
                TensorPrimitives.Exp(row, row);
                if (c == 0) row.CopyTo(sum);
                else TensorPrimitives.Add(sum, row, sum);
            }
            for (int i = 0; i < n; i++) total += MathF.Log(sum[i]);
            lossSum += n * (total / n);
        }
        return (lossSum / count, (double)correct / count);
    }

    /// <summary>max = max(max, row) and best = c where row is strictly larger, element-wise: after the classes in
    /// order, best is the first argmax (as <see cref="TensorPrimitives.IndexOfMax{T}(ReadOnlySpan{T})"/>).</summary>
    private static void KeepLarger(ReadOnlySpan<float> row, int c, Span<float> max, Span<int> best)
    {
        int n = row.Length, j = 0, width = Vector<float>.Count;
        var classIndex = new Vector<int>(c);
        for (; j <= n - width; j += width)
        {
            var v = new Vector<float>(row[j..]);
            var m = new Vector<float>(max[j..]);
            var larger = Vector.GreaterThan(v, m);
            Vector.ConditionalSelect(larger, v, m).CopyTo(max[j..]);
            Vector.ConditionalSelect(larger, classIndex, new Vector<int>(best[j..])).CopyTo(best[j..]);
        }
        for (; j < n; j++)
            if (row[j] > max[j]) (max[j], best[j]) = (row[j], c);
    }

    private static (int[] X, int[] Y, int[] Labels) Gather(ModularPairs pairs, int[] indices)
    {
        var (x, y, labels) = (new int[indices.Length], new int[indices.Length], new int[indices.Length]);
        for (int i = 0; i < indices.Length; i++)
            (x[i], y[i], labels[i]) = (pairs.Left[indices[i]], pairs.Right[indices[i]], pairs.Labels[indices[i]]);
        return (x, y, labels);
    }
}

/// <summary>One evaluation of a modular run: loss and accuracy on the whole train and test splits, and the norms of
/// all weights.</summary>
internal readonly record struct ModularEvaluation(double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy,
    long L0, double L1, double L2, double Nuclear);
