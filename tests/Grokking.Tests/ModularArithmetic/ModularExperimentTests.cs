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

        // 23^2 = 529 pairs, 264 in the train split: at step 0 the untrained net is near chance (1/23), after
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

    [Fact]
    public void TrainingSteps_AllocateNothing()
    {
        var trainable = Experiment.Prepare(Spec(("penalty", "l1"))).Trainable;
        Allocations.AssertNone(() => trainable.Advance(10));
    }
}
