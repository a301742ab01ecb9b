using Grokking.Experiments;

namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// Every example of a modular-arithmetic task: the pairs (x, y) of Z/pZ in the reference's order
/// (<c>itertools.product(range(p), range(p))</c>, so example k of a task without division is x = k / p, y = k % p) and
/// their labels x ∘ y mod p. A pair where the operation is undefined (a divisor 0 mod p; for '/' the p pairs with
/// y = 0) is left out before the split, the usual convention for division tasks: the reference code only ever ran
/// '+', and its eval'd Python '/' would have stopped at y = 0 with a ZeroDivisionError.
/// </summary>
public sealed class ModularPairs
{
    private ModularPairs(int modulus, ModularOperation operation, int[] left, int[] right, int[] labels)
    {
        Modulus = modulus;
        Operation = operation;
        Left = left;
        Right = right;
        Labels = labels;
    }

    /// <summary>p, the size of the alphabet and the number of classes.</summary>
    public int Modulus { get; }

    public ModularOperation Operation { get; }

    /// <summary>x of each example.</summary>
    public int[] Left { get; }

    /// <summary>y of each example.</summary>
    public int[] Right { get; }

    /// <summary>x ∘ y mod p of each example.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>All pairs and labels; one-line <see cref="SpecException"/>s for a modulus below 2 or above
    /// <see cref="ModularIntegers.MaxModulus"/>, and for an operation that divides with a modulus that is not prime.</summary>
    public static ModularPairs Create(int modulus, ModularOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (modulus < 2) throw new SpecException($"modulus p = {modulus}: must be at least 2");
        if (modulus > ModularIntegers.MaxModulus)
        {
            throw new SpecException($"modulus p = {modulus}: at most {ModularIntegers.MaxModulus} (all p^2 pairs are held in memory)");
        }
        if (operation.Divides && !ModularIntegers.IsPrime(modulus))
        {
            throw new SpecException($"operation '{operation.Name}' divides, which needs a prime modulus; p = {modulus} is not prime");
        }

        int n = modulus * modulus;
        var left = new List<int>(n);
        var right = new List<int>(n);
        var labels = new List<int>(n);
        for (int x = 0; x < modulus; x++)
        {
            for (int y = 0; y < modulus; y++)
            {
                if (!operation.TryApply(x, y, modulus, out long label)) continue;
                left.Add(x);
                right.Add(y);
                labels.Add((int)label);
            }
        }
        if (labels.Count == 0) throw new SpecException($"operation '{operation.Name}' is undefined at every pair modulo {modulus}");
        return new ModularPairs(modulus, operation, [.. left], [.. right], [.. labels]);
    }
}
