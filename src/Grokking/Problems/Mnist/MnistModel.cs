using Grokking.Figures;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Problems.Mnist;

/// <summary>
/// An MNIST run (paper 1, Figure 35): full-batch Adam steps of the <see cref="MnistNetwork"/> on the training images,
/// recorded as loss and accuracy on the whole training and test sets and the norms of all weights (l0, l1, unsquared
/// l2, nuclear summed over A and B), as the modular family records them. <see cref="Advance"/> and
/// <see cref="Record"/> allocate nothing.
/// </summary>
internal sealed class MnistModel : ITrainable
{
    public const string TrainAccuracy = ClassifierRunPlot.TrainAccuracy;
    public const string TestAccuracy = ClassifierRunPlot.TestAccuracy;
    public const string TrainLoss = ClassifierRunPlot.TrainLoss;
    public const string TestLoss = ClassifierRunPlot.TestLoss;
    public const string L0Norm = WeightNorms.L0Norm;
    public const string L1Norm = WeightNorms.L1Norm;
    public const string L2Norm = WeightNorms.L2Norm;
    public const string NuclearNorm = WeightNorms.NuclearNorm;

    /// <summary>|w| above this counts as a non-zero weight in <see cref="L0Norm"/> (the reference's 1e-4).</summary>
    public const float L0Tolerance = WeightNorms.L0Tolerance;

    private readonly MnistSet _train, _test;
    private readonly GramNuclearNorm[] _nuclearNorms;
    private int _idTrainAcc, _idTestAcc, _idTrainLoss, _idTestLoss;
    private WeightNormMetrics _norms;

    public MnistModel(MnistSet train, MnistSet test, MnistNetwork network)
    {
        (_train, _test, Network) = (train, test, network);
        // the eigenvalues of the small side's Gram matrix (h x h for the 784 x h first layer), not a Jacobi SVD of
        // the whole matrix: the SVD cost more than the ten training steps between two records
        _nuclearNorms = [.. network.Parameters.Layout.Groups.Select(g => new GramNuclearNorm(g.Rows, g.Cols))];
    }

    public MnistNetwork Network { get; }

    public ReadOnlySpan<float> Parameters => Network.Parameters.Values;

    public IReadOnlyList<string> HeadlineMetrics { get; } = [TrainAccuracy, TestAccuracy];

    public int RowsPerRecord => 8;

    public void Advance(long steps)
    {
        for (long s = 0; s < steps; s++) Network.Step(_train);
    }

    public bool IsFinite() => Kernels.AllFinite<float>(Network.Parameters.Values);

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
        var (trainLoss, trainAcc) = Network.Evaluate(_train);
        var (testLoss, testAcc) = Network.Evaluate(_test);
        record.Add(step, _idTrainAcc, trainAcc);
        record.Add(step, _idTestAcc, testAcc);
        record.Add(step, _idTrainLoss, trainLoss);
        record.Add(step, _idTestLoss, testLoss);

        var w = Network.Parameters.Values;
        var (nonZero, l1, l2) = WeightNorms.Entrywise(w);
        double nuclear = 0;
        var groups = Network.Parameters.Layout.Groups;
        for (int i = 0; i < groups.Count; i++) nuclear += _nuclearNorms[i].Of<float>(groups[i].Of<float>(w));
        _norms.Add(step, record, nonZero, l1, l2, nuclear);
    }
}
