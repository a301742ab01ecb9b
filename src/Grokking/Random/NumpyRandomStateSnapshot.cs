namespace Grokking.Random;

/// <summary>
/// Immutable copy of a <see cref="NumpyRandomState"/>: the tuple that <c>np.random.get_state()</c>
/// returns, <c>('MT19937', key[624], pos, has_gauss, cached_gaussian)</c>. Equality is by value.
/// </summary>
public sealed class NumpyRandomStateSnapshot : IEquatable<NumpyRandomStateSnapshot>
{
    private readonly uint[] _key;

    /// <summary>Builds a snapshot from numpy's <c>get_state()</c> fields (the key is copied).</summary>
    /// <exception cref="ArgumentException">Key is not 624 words or pos is outside [0, 624].</exception>
    public NumpyRandomStateSnapshot(ReadOnlySpan<uint> key, int pos, bool hasGauss, double cachedGaussian)
    {
        if (key.Length != NumpyRandomState.StateLength)
        {
            throw new ArgumentException(
                $"MT19937 key must have {NumpyRandomState.StateLength} words, got {key.Length}.", nameof(key));
        }
        if (pos < 0 || pos > NumpyRandomState.StateLength)
        {
            throw new ArgumentException(
                $"MT19937 pos must be in [0, {NumpyRandomState.StateLength}], got {pos}.", nameof(pos));
        }
        _key = key.ToArray();
        Pos = pos;
        HasGauss = hasGauss;
        CachedGaussian = hasGauss ? cachedGaussian : 0.0;
    }

    /// <summary>The 624 MT19937 state words.</summary>
    public ReadOnlySpan<uint> Key => _key;

    /// <summary>Index of the next word to temper; 624 means "twist before the next draw".</summary>
    public int Pos { get; }

    /// <summary>Whether a second polar-method Gaussian is cached (numpy's <c>has_gauss</c>).</summary>
    public bool HasGauss { get; }

    /// <summary>The cached Gaussian (0 when <see cref="HasGauss"/> is false, as numpy stores it).</summary>
    public double CachedGaussian { get; }

    internal void CopyKeyTo(uint[] destination) => _key.CopyTo(destination, 0);

    /// <inheritdoc />
    public bool Equals(NumpyRandomStateSnapshot? other) =>
        other is not null
        && Pos == other.Pos
        && HasGauss == other.HasGauss
        && BitConverter.DoubleToInt64Bits(CachedGaussian) == BitConverter.DoubleToInt64Bits(other.CachedGaussian)
        && _key.AsSpan().SequenceEqual(other._key);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NumpyRandomStateSnapshot);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Pos);
        hash.Add(HasGauss);
        hash.Add(CachedGaussian);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_key.AsSpan()));
        return hash.ToHashCode();
    }
}
