using Grokking.Training;

namespace Grokking.Tests.Training;

/// <summary>One divergence rule for every family: parameters that stop being finite, or a run that ends with its
/// gradient norm overflowed although the parameters stayed finite (e.g. init-scale 1e308 in the matrix family).
/// A relative error that is Inf for a zero denominator (y = 0) is no divergence.</summary>
public class DivergenceTests
{
    /// <summary>Finite parameters; the gradient norm is <paramref name="gradient"/>(step), the relative train error
    /// <paramref name="train"/>(step) (1 when not given).</summary>
    private sealed class Fake(Func<long, double> gradient, long nanParametersFrom = long.MaxValue, Func<long, double>? train = null) : ITrainable
    {
        private long _t;
        private int _grad, _train;
        public void Advance(long steps) => _t += steps;
        public void RegisterMetrics(MetricRecord record) => (_grad, _train) = (record.Register(BatchTrainer.GradientNorm), record.Register("train_error"));
        public void Record(long step, MetricRecord record)
        {
            record.Add(step, _grad, gradient(step));
            record.Add(step, _train, train?.Invoke(step) ?? 1);
        }
        public int RowsPerRecord => 2;
        public bool IsFinite() => _t < nanParametersFrom;
        public IReadOnlyList<string> HeadlineMetrics { get; } = ["train_error"];
    }

    private static DivergenceException? Run(Fake run)
    {
        var record = new MetricRecord();
        return BatchTrainer.Run([run], run.Advance, EvaluationSchedule.DenseThenEvery(0, 10), 100, [record]).Failures[0];
    }

    [Fact]
    public void AGradientThatEndsOverflowedIsADivergenceFromItsFirstNonFiniteRecord()
    {
        var failure = Run(new Fake(t => t >= 40 ? double.PositiveInfinity : 1.0 / (t + 1)));
        Assert.NotNull(failure);
        Assert.Equal(40, failure.Step);
        Assert.Equal(30, failure.LastFiniteStep);
        Assert.Contains("the gradient norm is NaN or Inf from step 40 on (last finite record at step 30)", failure.Message);
    }

    [Fact]
    public void AGradientOverflowedFromTheStartHasNoFiniteRecord()
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
        Assert.Null(Run(new Fake(_ => 1e-6, train: _ => double.PositiveInfinity)));            // y = 0: relative error Inf, gradient fine
        var failure = Run(new Fake(t => t >= 20 ? double.PositiveInfinity : 1.0, nanParametersFrom: 60));
        Assert.NotNull(failure);
        Assert.Equal(60, failure.Step);                                                          // the parameters' step, as before
        Assert.Contains("NaN or Inf in the parameters at step 60", failure.Message);
    }
}
