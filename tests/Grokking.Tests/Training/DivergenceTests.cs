using Grokking.Training;

namespace Grokking.Tests.Training;

/// <summary>One divergence rule for every family: parameters that stop being finite, or a run that ends with its
/// loss overflowed although the parameters stayed finite (e.g. init-scale 1e308 in the matrix family).</summary>
public class DivergenceTests
{
    /// <summary>Finite parameters; the headline "loss" is <paramref name="loss"/>(step).</summary>
    private sealed class Fake(Func<long, double> loss, long nanParametersFrom = long.MaxValue) : ITrainable
    {
        private long _t;
        private int _id;
        public void Advance(long steps) => _t += steps;
        public void RegisterMetrics(MetricRecord record) => _id = record.Register("loss");
        public void Record(long step, MetricRecord record) => record.Add(step, _id, loss(step));
        public int RowsPerRecord => 1;
        public bool IsFinite() => _t < nanParametersFrom;
        public IReadOnlyList<string> HeadlineMetrics { get; } = ["loss"];
    }

    private static DivergenceException? Run(Fake run)
    {
        var record = new MetricRecord();
        return BatchTrainer.Run([run], run.Advance, EvaluationSchedule.DenseThenEvery(0, 10), 100, [record]).Failures[0];
    }

    [Fact]
    public void ALossThatEndsOverflowedIsADivergenceFromItsFirstNonFiniteRecord()
    {
        var failure = Run(new Fake(t => t >= 40 ? double.PositiveInfinity : 1.0 / (t + 1)));
        Assert.NotNull(failure);
        Assert.Equal(40, failure.Step);
        Assert.Equal(30, failure.LastFiniteStep);
        Assert.Contains("loss is NaN or Inf from step 40 on (last finite record at step 30)", failure.Message);
    }

    [Fact]
    public void ALossOverflowedFromTheStartHasNoFiniteRecord()
    {
        var failure = Run(new Fake(_ => double.NaN));
        Assert.NotNull(failure);
        Assert.Equal(0, failure.Step);
        Assert.Contains("no finite record", failure.Message);
    }

    [Fact]
    public void AFiniteEndIsNoDivergenceAndNonFiniteParametersKeepTheirStep()
    {
        Assert.Null(Run(new Fake(t => t is > 10 and < 50 ? double.PositiveInfinity : 1.0)));   // overflowed, then recovered
        var failure = Run(new Fake(t => t >= 20 ? double.PositiveInfinity : 1.0, nanParametersFrom: 60));
        Assert.NotNull(failure);
        Assert.Equal(60, failure.Step);                                                          // the parameters' step, as before
        Assert.Contains("NaN or Inf in the parameters at step 60", failure.Message);
    }
}
