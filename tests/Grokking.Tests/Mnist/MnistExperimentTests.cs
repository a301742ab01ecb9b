using Grokking.Experiments;
using Grokking.Problems.Mnist;
using Grokking.Training;

namespace Grokking.Tests.Mnist;

/// <summary>
/// The <c>mnist</c> experiment on synthetic 8 x 8 digits written as IDX files (200 training images gzipped, 100 test
/// images raw): a seeded run memorises and generalises, records only declared metrics, bad input is a one-line
/// SpecException before training, and a step and a record allocate nothing.
/// </summary>
public sealed class MnistExperimentTests : IDisposable
{
    private readonly string _root = SyntheticDigits.DataRoot();
    private readonly MnistExperiment _experiment;

    public MnistExperimentTests() => _experiment = new MnistExperiment(_root);

    public void Dispose() => Directory.Delete(_root, true);

    private RunSpec Spec(params (string Name, object Value)[] overrides)
    {
        (string, object)[] small = [("n-train", 200L), ("n-test", 100L), ("width", 32L), ("lr", 1e-2), ("steps", 150L)];
        var values = small.Where(s => overrides.All(o => o.Name != s.Item1)).Concat(overrides)
            .Select(kv => new KeyValuePair<string, object>(kv.Item1, kv.Item2));
        return RunSpec.Create("mnist", _experiment.Schema, values);
    }

    [Theory]
    [InlineData("cross-entropy")]
    [InlineData("mse")]
    public void SeededShortRun_MemorisesAndGeneralises_RecordingOnlyDeclaredMetrics(string loss)
    {
        var spec = Spec(("loss", loss));
        var prepared = _experiment.Prepare(spec);
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        var summary = prepared.Summarise(record, timing);

        // 8 classes: near chance (1/8) at step 0; after 150 full-batch Adam steps every training image is right, and
        // the test images (the same rule, other noise) nearly all
        Assert.True(record.Series(MnistModel.TrainAccuracy).Values[0] < 0.4);
        Assert.Equal(1.0, record.Last(MnistModel.TrainAccuracy));
        Assert.True(record.Last(MnistModel.TestAccuracy) >= 0.95, $"test accuracy {record.Last(MnistModel.TestAccuracy)}");
        Assert.True(record.Last(MnistModel.TrainLoss) < record.Series(MnistModel.TrainLoss).Values[0] / 5);
        Assert.NotNull(summary.T1);
        Assert.True(summary.Final["t1_best"] >= summary.T1!.Value);
        Assert.Equal(1e-7, summary.Final["alpha_beta"], 1e-20);

        // the schedule: 0, 1..100, every 10, last
        var steps = record.Series(MnistModel.TrainAccuracy).Steps.ToArray();
        Assert.Equal([.. Enumerable.Range(0, 101).Select(i => (long)i), 110, 120, 130, 140, 150], steps);

        // norms at init: (64 + 10) x 32 weights, nearly all above 1e-4; l1 >= l2
        Assert.InRange(record.Series(MnistModel.L0Norm).Values[0], 0.99 * 74 * 32, 74 * 32);
        Assert.True(record.Last(MnistModel.L1Norm) >= record.Last(MnistModel.L2Norm));
        Assert.True(record.Last(MnistModel.NuclearNorm) >= record.Last(MnistModel.L2Norm)); // ||W||_* >= ||W||_F per matrix

        Assert.Equal(_experiment.Metrics.Select(m => m.Name).Order(), record.MetricNames.Order());
        Assert.Contains("<svg", _experiment.PlotRun(spec, record, summary)!.ToSvg());
    }

    /// <summary>The same seed gives the same run; another init seed another one.</summary>
    [Fact]
    public void RunsAreSeeded()
    {
        float[] Weights(long seed)
        {
            var t = _experiment.Prepare(Spec(("init-seed", seed))).Trainable;
            t.Advance(3);
            return ((MnistModel)t).Parameters.ToArray();
        }
        Assert.Equal(Weights(1), Weights(1));
        Assert.NotEqual(Weights(1), Weights(2));
    }

    [Theory]
    [InlineData("n-train", 201L, "n-train = 201 is more than the 200 training images")]
    [InlineData("n-test", 101L, "n-test = 101 is more than the 100 test images")]
    [InlineData("width", 0L, "--width: 0 is below the minimum 1")]
    [InlineData("n-train", 0L, "--n-train: 0 is below the minimum 1")]
    public void BadInput_IsAOneLineSpecException(string name, long value, string message)
    {
        var e = Assert.Throws<SpecException>(() => _experiment.Prepare(Spec((name, value))));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MissingDataSet_TellsHowToGetIt()
    {
        var e = Assert.Throws<SpecException>(() => _experiment.Prepare(Spec(("dataset", "fashion-mnist"))));
        Assert.Contains("no MNIST data in " + Path.Combine(_root, "fashion-mnist"), e.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("nuclear")]
    public void TrainingStepsAndRecords_AllocateNothing(string penalty)
    {
        var trainable = _experiment.Prepare(Spec(("penalty", penalty))).Trainable;
        Allocations.AssertNone(() => trainable.Advance(3));
        var record = new MetricRecord(capacity: 1000);
        trainable.RegisterMetrics(record);
        long step = 0;
        Allocations.AssertNone(() => trainable.Record(step++, record));
    }
}
