using Grokking.Numerics;
using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// A teacher-student (or Sobolev) run in float32: full-batch Adam steps of a <see cref="TeacherStudentNetwork{T}"/>,
/// recorded as the plain train / test MSE and the norms of all the student's weights. <see cref="Advance"/> and
/// <see cref="Record"/> allocate nothing.
/// </summary>
internal sealed class TeacherStudentModel : ITrainable
{
    public const string TrainLoss = "train_loss";
    public const string TestLoss = "test_loss";
    public const string L0Norm = WeightNorms.L0Norm;
    public const string L1Norm = WeightNorms.L1Norm;
    public const string L2Norm = WeightNorms.L2Norm;
    public const string NuclearNorm = WeightNorms.NuclearNorm;

    /// <summary>|w| above this counts as a non-zero weight in <see cref="L0Norm"/> (the reference's 1e-4).</summary>
    public const float L0Tolerance = WeightNorms.L0Tolerance;

    private readonly TeacherStudentData _data;
    private readonly Func<ReadOnlySpan<float>, double>[] _nuclearNorms;
    private int _idTrain, _idTest;
    private WeightNormMetrics _norms;

    public TeacherStudentModel(TeacherStudentData data, int hidden, PenaltyKind penalty, SobolevForm? sobolev,
        float beta, float lr, uint initSeed)
    {
        _data = data;
        Network = new TeacherStudentNetwork<float>(data.Inputs, hidden, data.Outputs, data.TestCount, data.TrainX,
            data.TrainY, data.TrainJacobians, penalty, sobolev, beta, lr);
        Network.Network.Initialise(new NumpyRandomState(initSeed));
        // the nuclear norms from the Gram matrices' eigenvalues in double: the tall A (500 x 100) by the blocked
        // kernel, the wide readout B (2 x 500) by its rows' dot products
        _nuclearNorms = [.. Network.Parameters.Layout.Groups.Select(g => g.Rows >= g.Cols
            ? (Func<ReadOnlySpan<float>, double>)new TallGramNuclearNorm(g.Rows, g.Cols).Of
            : new GramNuclearNorm(g.Rows, g.Cols).Of<float>)];
    }

    public TeacherStudentNetwork<float> Network { get; }

    public ReadOnlySpan<float> Parameters => Network.Parameters.Values;

    public IReadOnlyList<string> HeadlineMetrics { get; } = [TrainLoss, TestLoss];

    public int RowsPerRecord => 6;

    public void Advance(long steps)
    {
        for (long s = 0; s < steps; s++) Network.Step();
    }

    public bool IsFinite() => Kernels.AllFinite<float>(Network.Parameters.Values);

    public void RegisterMetrics(MetricRecord record)
    {
        _idTrain = record.Register(TrainLoss);
        _idTest = record.Register(TestLoss);
        _norms.Register(record);
    }

    /// <summary>Plain MSE on the whole train and test sets; l0, l1 and unsquared l2 of all weights, and the nuclear
    /// norms of A and B summed (the reference's l*_norm).</summary>
    public void Record(long step, MetricRecord record)
    {
        record.Add(step, _idTrain, Network.MeanSquaredErrorOn(_data.TrainX, _data.TrainY, _data.TrainCount));
        record.Add(step, _idTest, Network.MeanSquaredErrorOn(_data.TestX, _data.TestY, _data.TestCount));
        var w = Network.Parameters.Values;
        var (nonZero, l1, l2) = WeightNorms.Entrywise(w);
        double nuclear = 0;
        var groups = Network.Parameters.Layout.Groups;
        for (int i = 0; i < groups.Count; i++) nuclear += _nuclearNorms[i](groups[i].Of<float>(w));
        _norms.Add(step, record, nonZero, l1, l2, nuclear);
    }
}
