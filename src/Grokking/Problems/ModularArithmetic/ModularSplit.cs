using System.Globalization;
using Grokking.Experiments;
using Grokking.Random;

namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// The reference's train / test split of the examples: sklearn's <c>train_test_split(X, Y, train_size=r,
/// random_state=0)</c>, i.e. <c>perm = RandomState(seed).permutation(n)</c>, n_train = floor(r n), test = the first
/// n - n_train entries of perm, train = the rest, both in permutation order (p = 97, r = 0.4: 3,763 / 5,646).
/// </summary>
public sealed class ModularSplit
{
    private ModularSplit(int[] train, int[] test)
    {
        Train = train;
        Test = test;
    }

    /// <summary>Example indices (into <see cref="ModularPairs"/>) of the training set, in the reference's order.</summary>
    public int[] Train { get; }

    /// <summary>Example indices of the test set, in the reference's order.</summary>
    public int[] Test { get; }

    /// <summary>The split of <paramref name="pairs"/>; one-line <see cref="SpecException"/>s for a fraction outside
    /// (0, 1) and for one that leaves either side empty.</summary>
    public static ModularSplit Create(ModularPairs pairs, double trainFraction, uint seed = 0)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        string shown = trainFraction.ToString("R", CultureInfo.InvariantCulture);
        if (!(trainFraction > 0.0 && trainFraction < 1.0))
        {
            throw new SpecException($"train fraction {shown}: must be in (0, 1)");
        }
        int n = pairs.Count;
        int nTrain = (int)Math.Floor(trainFraction * n);
        if (nTrain == 0 || nTrain == n)
        {
            throw new SpecException(
                $"train fraction {shown} of the {n} pairs modulo {pairs.Modulus} leaves the {(nTrain == 0 ? "train" : "test")} set empty");
        }
        SplitIndices split = TrainTestSplit.ByTrainFraction(n, trainFraction, seed);
        return new ModularSplit(split.Train, split.Test);
    }
}
