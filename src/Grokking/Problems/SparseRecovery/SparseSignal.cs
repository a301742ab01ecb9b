using Grokking.Problems.Sensing;
using Grokking.Random;

namespace Grokking.Problems.SparseRecovery;

/// <summary>Distribution of the non-zero entries of a* (the reference's <c>distribution</c> argument).</summary>
public enum SignalDistribution
{
    /// <summary><c>"normal"</c>: <c>randn(s)</c>.</summary>
    Normal,

    /// <summary><c>"uniform"</c>: <c>choice([-1, 0, 1], s, replace=True)</c>, redrawn while a* = 0.</summary>
    Ternary,
}

/// <summary>
/// A sparse ground truth: a* (length n, at most s non-zeros), b* = Phi a*, and the support in the
/// order it was drawn (<c>choice(n, s, replace=False)</c>, i.e. not sorted).
/// </summary>
public sealed record SparseSignal(double[] A, double[] B, int[] Support)
{
    /// <summary>
    /// <c>create_signal(n, s, distribution, Phi, seed)</c> (B.0.1): support = <c>choice(n, s)</c>
    /// = <c>permutation(n)[:s]</c>, values <c>randn(s)</c> assigned in that order, then <c>a* *= 1/sqrt(n)</c>
    /// (always: the reference ignores a passed scaler). A non-null <paramref name="seed"/> uses a fresh
    /// stream (the reference's save / seed / restore); a null seed draws from <paramref name="globalStream"/>.
    /// a* is bit-exact with numpy; b* too for the identity basis (the default).
    /// </summary>
    /// <exception cref="ArgumentException">n &lt;= 0, s &lt; 1, s &gt; n, a basis whose column count is not n,
    /// or a null seed without a global stream.</exception>
    public static SparseSignal Create(
        int n,
        int s,
        int? seed,
        NumpyRandomState? globalStream = null,
        Basis? basis = null,
        SignalDistribution distribution = SignalDistribution.Normal)
    {
        Validate(n, s);
        if (basis is not null && basis.Cols != n)
        {
            throw new ArgumentException($"Phi must have n = {n} columns, got {basis.Rows} x {basis.Cols}.", nameof(basis));
        }
        NumpyRandomState rng = RandomStreams.Resolve(seed, globalStream, "create_signal");
        var a = new double[n];
        var permutation = new int[n];
        Draw(rng, s, distribution, a, permutation);
        double[] b = basis is null ? (double[])a.Clone() : basis.Apply(a);
        return new SparseSignal(a, b, permutation[..s]);
    }

    internal static void Validate(int n, int s)
    {
        if (n <= 0)
        {
            throw new ArgumentException($"Signal dimension n must be positive, got {n}.", nameof(n));
        }
        if (s < 1 || s > n)
        {
            // s = 0 would make the reference loop forever (it redraws while a* == 0).
            throw new ArgumentException($"Sparsity s must be in [1, n = {n}], got {s}.", nameof(s));
        }
    }

    /// <summary>
    /// The draws and scaling of create_signal into caller buffers (no allocation, so the 100n-signal
    /// loop of the noise level reuses them). <paramref name="a"/> has length n and is overwritten;
    /// <paramref name="permutation"/> (length n) receives permutation(n), whose first s entries are the support.
    /// </summary>
    internal static void Draw(NumpyRandomState rng, int s, SignalDistribution distribution, Span<double> a, Span<int> permutation)
    {
        a.Clear();
        rng.Permutation(permutation);
        ReadOnlySpan<int> support = permutation[..s];
        // The reference redraws the values (not the support) while (a*^2).sum() == 0.
        do
        {
            for (int k = 0; k < support.Length; k++)
            {
                a[support[k]] = distribution == SignalDistribution.Normal
                    ? rng.StandardNormal()
                    : rng.RandomInteger(0, 3) - 1;
            }
        }
        while (IsZero(a));

        double scaler = 1.0 / Math.Sqrt(a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = scaler * a[i];
        }
    }

    private static bool IsZero(ReadOnlySpan<double> a)
    {
        foreach (double value in a)
        {
            if (value != 0.0)
            {
                return false;
            }
        }
        return true;
    }
}
