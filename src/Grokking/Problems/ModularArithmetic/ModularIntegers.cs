namespace Grokking.Problems.ModularArithmetic;

/// <summary>Integer arithmetic in Z/pZ on <see cref="long"/>: the modulus is below 2^31, so a product of two residues
/// fits in 62 bits and nothing overflows.</summary>
public static class ModularIntegers
{
    /// <summary>The largest modulus the lab accepts: all p^2 pairs must fit one int-indexed array.</summary>
    public const int MaxModulus = 46_340;

    /// <summary>The residue of any integer in [0, p), also for negative values (unlike C#'s %).</summary>
    public static long Reduce(long value, long p)
    {
        long r = value % p;
        return r < 0 ? r + p : r;
    }

    /// <summary>base^exponent mod p by square-and-multiply, with 0^0 = 1 (the exponent is never reduced mod p - 1,
    /// which would be wrong for base 0).</summary>
    public static long Power(long @base, long exponent, long p)
    {
        if (exponent < 0) throw new ArgumentOutOfRangeException(nameof(exponent), "Negative powers are not integer powers.");
        long result = 1 % p, square = Reduce(@base, p);
        while (exponent > 0)
        {
            if ((exponent & 1) != 0) result = result * square % p;
            square = square * square % p;
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>The inverse of a non-zero residue by the extended Euclidean algorithm; p need not be prime, but the
    /// residue must be coprime to it.</summary>
    public static long Inverse(long value, long p)
    {
        long a = Reduce(value, p), b = p, x0 = 1, x1 = 0;
        while (b != 0)
        {
            long q = a / b;
            (a, b) = (b, a - q * b);
            (x0, x1) = (x1, x0 - q * x1);
        }
        if (a != 1) throw new ArgumentException($"{value} has no inverse modulo {p}.", nameof(value));
        return Reduce(x0, p);
    }

    /// <summary>Trial division: moduli are at most <see cref="MaxModulus"/>, so this is at most ~215 divisions.</summary>
    public static bool IsPrime(long n)
    {
        if (n < 2) return false;
        if (n % 2 == 0) return n == 2;
        for (long d = 3; d * d <= n; d += 2)
        {
            if (n % d == 0) return false;
        }
        return true;
    }
}
