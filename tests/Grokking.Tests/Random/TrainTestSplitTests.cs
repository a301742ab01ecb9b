using Grokking.Random;

namespace Grokking.Tests.Random;

/// <summary>sklearn train_test_split index order (expected indices from numpy's RandomState(0).permutation).</summary>
public class TrainTestSplitTests
{
    [Fact]
    public void ModularAdditionSplitOf9409()
    {
        // train_test_split(train_size=0.4, random_state=0): n_train = floor(0.4 * 9409) = 3763, n_test = 5646.
        SplitIndices split = TrainTestSplit.ByTrainFraction(9409, 0.4, 0);
        Assert.Equal(3763, split.Train.Length);
        Assert.Equal(5646, split.Test.Length);
        Assert.Equal(new[] { 6449, 9394, 4069, 5477, 9378 }, split.Test[..5]);
        Assert.Equal(new[] { 7723, 6580, 2072, 6622, 929 }, split.Train[..5]);
        Assert.Equal(2732, split.Train[^1]);

        var all = new HashSet<int>(split.Train);
        all.UnionWith(split.Test);
        Assert.Equal(9409, all.Count);
    }

    [Fact]
    public void TeacherStudentSplitUsesTheFloatProductLikeSklearn()
    {
        // train_size = 100/1100 on 1100 samples: 100/1100*1100 == 100.0 in float64, so n_train = 100.
        SplitIndices split = TrainTestSplit.ByTrainFraction(1100, 100.0 / 1100, 0);
        Assert.Equal(100, split.Train.Length);
        Assert.Equal(1000, split.Test.Length);
        Assert.Equal(new[] { 734, 931, 574 }, split.Train[..3]);
        Assert.Equal(new[] { 395, 860, 477 }, split.Test[..3]);
    }

    [Fact]
    public void TestFractionRoundsUp()
    {
        SplitIndices split = TrainTestSplit.ByTestFraction(10, 0.25, 0); // ceil(2.5) = 3
        Assert.Equal(3, split.Test.Length);
        Assert.Equal(7, split.Train.Length);
    }

    [Fact]
    public void InvalidSizesThrow()
    {
        Assert.Throws<ArgumentException>(() => TrainTestSplit.ByTrainFraction(10, 1.0, 0));
        Assert.Throws<ArgumentException>(() => TrainTestSplit.ByTrainFraction(10, 0.05, 0)); // n_train = 0
        Assert.Throws<ArgumentException>(() => TrainTestSplit.ByCounts(10, 6, 5, 0));
    }
}
