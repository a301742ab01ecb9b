using Grokking.Random;

namespace Grokking.Problems.Sensing;

/// <summary>
/// The reference functions take <c>seed=None</c> (draw from numpy's global stream) or an integer
/// seed applied as get_state / seed / set_state around the draws. Seeding also clears the cached
/// Gaussian, so the seeded branch is exactly a fresh <see cref="NumpyRandomState"/>, and the global
/// stream is left untouched.
/// </summary>
internal static class RandomStreams
{
    public static NumpyRandomState Resolve(int? seed, NumpyRandomState? globalStream, string function)
    {
        if (seed is int value)
        {
            return new NumpyRandomState(ToNumpySeed(value));
        }
        return globalStream ?? throw new ArgumentException(
            $"{function}: seed is null, so draws come from the global stream; pass a NumpyRandomState as globalStream.",
            nameof(globalStream));
    }

    /// <summary>np.random.seed accepts 0 .. 2^32 - 1 and raises ValueError otherwise.</summary>
    public static uint ToNumpySeed(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
        {
            throw new ArgumentException($"Seed must be between 0 and 2**32 - 1, got {seed}.", nameof(seed));
        }
        return (uint)seed;
    }
}
