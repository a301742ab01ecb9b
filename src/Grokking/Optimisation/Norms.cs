using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>
/// The values of the penalties whose gradients the transforms add (for metrics and objectives), with the same
/// conventions: l1 = sum |w|, l2 = ||w||_2 unsquared (Frobenius for a matrix), squared l2 = ½ ||w||², nuclear =
/// sum of singular values.
/// </summary>
public static class Norms
{
    public static T L1<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.SumOfMagnitudes(x);

    public static T L2<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Norm(x);

    public static T HalfSquaredL2<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(0.5) * TensorPrimitives.SumOfSquares(x);

    /// <summary>||W||_* of a row-major matrix, computed in double. Allocates a workspace: for a loop, keep a
    /// <see cref="GroupSvd{T}"/> and call <see cref="GroupSvd{T}.NuclearNorm"/>.</summary>
    public static double Nuclear<T>(ReadOnlySpan<T> w, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var svd = new GroupSvd<T>(rows, cols);
        svd.Decompose(w);
        return svd.NuclearNorm();
    }
}
