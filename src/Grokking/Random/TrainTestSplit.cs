namespace Grokking.Random;

/// <summary>Index sets of a split: <see cref="Train"/> and <see cref="Test"/> index into the original samples.</summary>
public sealed record SplitIndices(int[] Train, int[] Test);

/// <summary>
/// sklearn's <c>train_test_split(..., shuffle=True, stratify=None, random_state=seed)</c> as index
/// arrays. sklearn's <c>ShuffleSplit._iter_indices</c> draws <c>perm = RandomState(seed).permutation(n)</c>,
/// then test = <c>perm[:n_test]</c> and train = <c>perm[n_test:n_test + n_train]</c> (test first).
/// Sizes follow <c>_validate_shuffle_split</c>: a float test fraction gives n_test = ceil(f*n), a float
/// train fraction gives n_train = floor(f*n), the missing side is the complement, default test = 0.25.
/// </summary>
public static class TrainTestSplit
{
    /// <summary>Split with a fractional train size in (0, 1) (test = the rest).</summary>
    public static SplitIndices ByTrainFraction(int n, double trainFraction, uint randomState)
    {
        ValidateFraction(trainFraction, nameof(trainFraction));
        int nTrain = (int)Math.Floor(trainFraction * n);
        return Split(n, nTrain, n - nTrain, randomState);
    }

    /// <summary>Split with a fractional test size in (0, 1) (train = the rest).</summary>
    public static SplitIndices ByTestFraction(int n, double testFraction, uint randomState)
    {
        ValidateFraction(testFraction, nameof(testFraction));
        int nTest = (int)Math.Ceiling(testFraction * n);
        return Split(n, n - nTest, nTest, randomState);
    }

    /// <summary>Split with absolute counts (n_train + n_test may be below n; the rest is unused).</summary>
    public static SplitIndices ByCounts(int n, int nTrain, int nTest, uint randomState) =>
        Split(n, nTrain, nTest, randomState);

    private static SplitIndices Split(int n, int nTrain, int nTest, uint randomState)
    {
        if (n <= 0)
        {
            throw new ArgumentException($"Cannot split {n} samples.", nameof(n));
        }
        if (nTrain <= 0 || nTest <= 0)
        {
            throw new ArgumentException(
                $"With n = {n} the split gives n_train = {nTrain}, n_test = {nTest}; both must be positive.");
        }
        if ((long)nTrain + nTest > n)
        {
            throw new ArgumentException($"n_train + n_test = {nTrain + nTest} exceeds the {n} samples.");
        }
        int[] permutation = new NumpyRandomState(randomState).Permutation(n);
        return new SplitIndices(permutation[nTest..(nTest + nTrain)], permutation[..nTest]);
    }

    private static void ValidateFraction(double fraction, string name)
    {
        if (!(fraction > 0.0 && fraction < 1.0))
        {
            throw new ArgumentException($"A fractional split size must be in (0, 1), got {fraction}.", name);
        }
    }
}
