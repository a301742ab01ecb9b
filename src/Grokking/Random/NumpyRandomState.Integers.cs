namespace Grokking.Random;

/// <summary>Integer draws of the legacy RandomState: shuffle, permutation, choice and randint.</summary>
public sealed partial class NumpyRandomState
{
    /// <summary>
    /// Uniform integer in [0, max]: numpy's <c>random_interval</c> (distributions.c). Rejection
    /// sampling on <c>draw &amp; mask</c>, mask = smallest 2^k - 1 &gt;= max; 32-bit draws while
    /// max fits in 32 bits, 64-bit draws beyond. max = 0 consumes nothing.
    /// </summary>
    public ulong RandomInterval(ulong max)
    {
        if (max == 0)
        {
            return 0;
        }
        ulong mask = SmallestMask(max);
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = NextUInt64() & mask) > max)
            {
            }
        }
        return value;
    }

    /// <summary>
    /// In-place <c>shuffle(x)</c> of a 1-d array: the legacy <c>_shuffle_raw</c> loop,
    /// for i = n-1 down to 1: j = random_interval(i); swap x[i], x[j].
    /// </summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)RandomInterval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><c>permutation(n)</c> = <c>arange(n)</c> shuffled by <see cref="Shuffle{T}"/>.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        Permutation(result);
        return result;
    }

    /// <summary>Writes <c>permutation(destination.Length)</c> into <paramref name="destination"/>.</summary>
    public void Permutation(Span<int> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = i;
        }
        Shuffle(destination);
    }

    /// <summary>
    /// <c>choice(n, k, replace=False)</c>: the legacy implementation is literally
    /// <c>permutation(n)[:k]</c>, so it always consumes the draws of a full permutation of n.
    /// </summary>
    /// <exception cref="ArgumentException">k &gt; n or a negative argument.</exception>
    public int[] Choice(int n, int k)
    {
        if (n < 0 || k < 0)
        {
            throw new ArgumentException($"choice needs n >= 0 and k >= 0, got n = {n}, k = {k}.");
        }
        if (k > n)
        {
            throw new ArgumentException(
                $"Cannot take a larger sample than population when replace=False (k = {k} > n = {n}).");
        }
        int[] permutation = Permutation(n);
        return k == n ? permutation : permutation[..k];
    }

    /// <summary>
    /// <c>randint(low, high)</c> (high exclusive, default int64 dtype): legacy <c>_rand_int64</c>
    /// with <c>use_masked=True</c>, i.e. numpy's <c>random_bounded_uint64_fill</c>: masked
    /// rejection on 32-bit draws when high-1-low &lt; 2^32, on 64-bit draws otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">high &lt;= low.</exception>
    public long RandomInteger(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentException($"randint needs low < high, got low = {low}, high = {high}.");
        }
        ulong range = unchecked((ulong)(high - 1) - (ulong)low);
        return unchecked((long)((ulong)low + BoundedMasked(range)));
    }

    /// <summary>
    /// <c>choice(n, k, replace=True)</c>: legacy calls <c>randint(0, n, size=k)</c>; numbers are
    /// drawn in order, one bounded draw each.
    /// </summary>
    /// <exception cref="ArgumentException">n &lt;= 0 or k &lt; 0.</exception>
    public int[] ChoiceWithReplacement(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var result = new int[k];
        ChoiceWithReplacement(n, result);
        return result;
    }

    /// <summary>Fills <paramref name="destination"/> with <c>choice(n, len, replace=True)</c>.</summary>
    /// <exception cref="ArgumentException">n &lt;= 0.</exception>
    public void ChoiceWithReplacement(int n, Span<int> destination)
    {
        if (n <= 0)
        {
            throw new ArgumentException($"choice needs a population n > 0, got {n}.", nameof(n));
        }
        ulong range = (ulong)(n - 1);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (int)BoundedMasked(range);
        }
    }

    /// <summary>Uniform in [0, range]: the masked branch of <c>random_bounded_uint64_fill</c>.</summary>
    private ulong BoundedMasked(ulong range)
    {
        if (range == 0)
        {
            return 0;
        }
        if (range == uint.MaxValue)
        {
            return NextUInt32();
        }
        if (range == ulong.MaxValue)
        {
            return NextUInt64();
        }
        // Same rejection loop as random_interval (buffered_bounded_masked_uint32 / bounded_masked_uint64).
        return RandomInterval(range);
    }

    /// <summary>numpy's <c>gen_mask</c>: smallest 2^k - 1 that is &gt;= max.</summary>
    private static ulong SmallestMask(ulong max)
    {
        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        return mask;
    }
}
