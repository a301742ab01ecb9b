using Grokking.Training;

namespace Grokking.Tests.Training;

public class EvaluationScheduleTests
{
    [Fact]
    public void ReferenceScheduleRecordsEveryStepBelowFirstThenEveryK()
    {
        // spec B.0.5: t = 0, every t < 1000, then t % 1000 == 0; 1e6 steps -> 1000 + 1000 records + step 0 counted once
        var s = EvaluationSchedule.DenseThenEvery(1000, 1000);
        var steps = s.Steps(1_000_000).ToArray();
        Assert.Equal(2000, steps.Length);
        Assert.Equal(Enumerable.Range(0, 1001).Select(i => (long)i), steps.Take(1001));
        Assert.Equal(2000L, steps[1001]);
        Assert.Equal(1_000_000L, steps[^1]);
        Assert.Equal(steps.Length, s.Count(1_000_000));
    }

    [Fact]
    public void LastStepIsAlwaysRecordedEvenOffTheGrid()
    {
        var steps = EvaluationSchedule.DenseThenEvery(3, 10).Steps(25).ToArray();
        Assert.Equal(new long[] { 0, 1, 2, 10, 20, 25 }, steps);
    }

    [Fact]
    public void NetworkScheduleMatchesTheReferenceTrainer()
    {
        // spec §C: step 0, every step 1..100, then every 10 steps, and the last step
        var steps = EvaluationSchedule.DenseThenEvery(101, 10).Steps(20_002).ToArray();
        Assert.Equal(100L, steps[100]);
        Assert.Equal(110L, steps[101]);
        Assert.Equal(20_000L, steps[^2]);
        Assert.Equal(20_002L, steps[^1]);
    }

    [Fact]
    public void LogSpacedScheduleIsStrictlyIncreasingAndCoversDecadesEvenly()
    {
        var steps = EvaluationSchedule.LogSpaced(20).Steps(1_000_000).ToArray();
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second > p.First));
        int perDecade = steps.Count(t => t >= 10_000 && t < 100_000);
        Assert.InRange(perDecade, 19, 21);
        Assert.Equal(1_000_000L, steps[^1]);
    }
}

public class ThenLogScheduleTests
{
    [Fact]
    public void FollowsTheReferenceGridBeforeTheCutOverAndLogSpacedMultiplesAfter()
    {
        var s = EvaluationSchedule.DenseThenEveryThenLog(1000, 1000, 1_000_000, 100);
        var steps = s.Steps(100_000_000).ToArray();
        var reference = EvaluationSchedule.DenseThenEvery(1000, 1000).Steps(1_000_000).ToArray();
        Assert.Equal(reference, steps.TakeWhile(t => t <= 1_000_000));
        var after = steps.SkipWhile(t => t <= 1_000_000).ToArray();
        Assert.All(after, t => Assert.Equal(0, t % 1000));
        Assert.InRange(after.Length, 195, 205); // two decades at 100 per decade
        Assert.Equal(100_000_000L, steps[^1]);
    }
}
