using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// The element-wise part of a step on padded storage (padding stays zero because A, G, mask and A* are zero
/// there): <c>A &lt;- A - alpha (G + beta2 A + beta1 sign(A))</c>, with G given or, for completion, fused as
/// <c>Mask ∘ (A - A*)</c> so the hot loop reads A once.
/// </summary>
internal static class MatrixStep
{
    public static void Descend(double[] a, double[] g, double alpha, double beta1, double beta2)
    {
        ref double ra = ref MemoryMarshal.GetArrayDataReference(a);
        ref double rg = ref MemoryMarshal.GetArrayDataReference(g);
        var va = Vector256.Create(alpha);
        var vb1 = Vector256.Create(beta1);
        var vb2 = Vector256.Create(beta2);
        for (int i = 0; i < a.Length; i += 4)
        {
            var x = Vector256.LoadUnsafe(ref ra, (nuint)i);
            var grad = Vector256.LoadUnsafe(ref rg, (nuint)i) + vb2 * x + vb1 * Sign(x);
            (x - va * grad).StoreUnsafe(ref ra, (nuint)i);
        }
    }

    /// <summary>Completion: A &lt;- A - alpha (Mask ∘ (A - A*) + beta2 A + beta1 sign(A)).</summary>
    public static void DescendCompletion(double[] a, double[] mask, double[] aStar, double alpha, double beta1, double beta2)
    {
        ref double ra = ref MemoryMarshal.GetArrayDataReference(a);
        ref double rm = ref MemoryMarshal.GetArrayDataReference(mask);
        ref double rs = ref MemoryMarshal.GetArrayDataReference(aStar);
        var va = Vector256.Create(alpha);
        if (beta1 == 0 && beta2 == 0)
        {
            for (int i = 0; i < a.Length; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var grad = Vector256.LoadUnsafe(ref rm, (nuint)i) * (x - Vector256.LoadUnsafe(ref rs, (nuint)i));
                (x - va * grad).StoreUnsafe(ref ra, (nuint)i);
            }
            return;
        }
        var vb1 = Vector256.Create(beta1);
        var vb2 = Vector256.Create(beta2);
        for (int i = 0; i < a.Length; i += 4)
        {
            var x = Vector256.LoadUnsafe(ref ra, (nuint)i);
            var grad = Vector256.LoadUnsafe(ref rm, (nuint)i) * (x - Vector256.LoadUnsafe(ref rs, (nuint)i))
                       + vb2 * x + vb1 * Sign(x);
            (x - va * grad).StoreUnsafe(ref ra, (nuint)i);
        }
    }

    /// <summary>sign(x) with sign(0) = 0 (numpy's np.sign on reals).</summary>
    private static Vector256<double> Sign(Vector256<double> x)
    {
        var one = Vector256<double>.One;
        return (Vector256.GreaterThan(x, Vector256<double>.Zero) & one) - (Vector256.LessThan(x, Vector256<double>.Zero) & one);
    }
}
