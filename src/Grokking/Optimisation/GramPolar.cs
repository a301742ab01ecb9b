using System.Numerics;
using System.Numerics.Tensors;
using Grokking.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// The polar factor U V^T of a row-major rows x cols matrix W from the eigen-decomposition of its smaller Gram
/// matrix in double: G = W^T W = V diag(lambda) V^T (tall; W W^T when wide) and U V^T = W G^{-1/2} (G^{-1/2} W),
/// G^{-1/2} = sum_i lambda_i^{-1/2} v_i v_i^T. Its cost does not depend on the conditioning (Householder
/// tridiagonalisation and QL; the modular MLP's four matrices in 1.6 ms a step under load, against 6.9 ms for the warm
/// Jacobi SVD side by side), unlike Newton-Schulz (iterations grow with
/// log(sigma_max / sigma_min)) or the warm-started Jacobi SVD (a cluster of small singular values that moves every
/// step is re-diagonalised from scratch: 8-9 sweeps late in a nuclear-penalised run).
/// </summary>
/// <remarks>
/// <para>Accuracy: G's entries are exact products of the float weights summed in double, so its eigenvalues carry
/// an absolute error ~n eps_64 lambda_max, and U V^T an error ~eps_64 (sigma_max / sigma_min)^2 (the Gram route
/// squares the condition number). A float32 W is itself only known to eps_32 relative, which leaves U V^T uncertain
/// by ~eps_32 sigma_max / sigma_min along the smallest singular values: the Gram route's error stays below that as
/// long as sigma_max / sigma_min is below eps_32 / eps_64 ~ 5e8. What limits it is resolving lambda_min at all:
/// below sigma_min = eps_32 sigma_max (lambda_min ~ 64 eps_64 lambda_max, the float32 noise floor: the directions
/// of such singular values are set by the rounding of W) the call goes to the Jacobi SVD
/// (<see cref="MinRelativeSingularValue"/>), which keeps absolute accuracy for tiny singular values and completes U
/// for numerically zero ones, so its U V^T has a column for every singular value, as LAPACK's gesdd under
/// torch.linalg.svd (whose vectors for such values are also set by rounding: any orthonormal completion is as
/// valid). Late in a nuclear-penalised run the weights' small singular values hover near Adam's step size,
/// 1e-4 - 1e-5 of the largest: the Gram route and the double Jacobi SVD then agree to ~1e-6, up to 2e-5 when sigma_min nears 1e-6 sigma_max
/// (docs/BENCHMARKS.md).
/// For double matrices (tests, gradient checks) the threshold is 1e-3, where the route's error is at most ~1e-10.</para>
/// <para>Allocates nothing after construction.</para>
/// </remarks>
public sealed class GramPolar<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Below this sigma_min / sigma_max the Jacobi SVD decides (lambda_min / lambda_max below its square):
    /// eps_32 = 2^-23 for float matrices, 1e-3 for double ones (see the remarks).</summary>
    public static double MinRelativeSingularValue => typeof(T) == typeof(float) ? 1.0 / (1 << 23) : 1e-3;

    private readonly int _rows, _cols, _k, _m;
    private readonly bool _tall;
    private readonly double[] _t, _gram, _vectors, _lambda, _work, _root, _product;
    private readonly GroupSvd<T> _fallback;

    public GramPolar(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        (_rows, _cols, _k, _m, _tall) = (rows, cols, Math.Min(rows, cols), Math.Max(rows, cols), rows > cols);
        int kk = _k * _k;
        (_t, _product) = (new double[rows * cols], new double[rows * cols]);
        (_gram, _vectors, _root) = (new double[kk], new double[kk], new double[kk]);
        (_lambda, _work) = (new double[_k], new double[2 * _k]);
        _fallback = new GroupSvd<T>(rows, cols);
    }

    /// <summary>Calls that went to the Jacobi SVD (singular values below <see cref="MinRelativeSingularValue"/>, zero or
    /// non-finite W).</summary>
    public long Fallbacks { get; private set; }

    /// <summary>The Jacobi SVD of the fallback (diagnostics).</summary>
    internal GroupSvd<T> Fallback => _fallback;

    /// <summary><c>dst += scale U V^T</c> of <paramref name="w"/>. Allocates nothing.</summary>
    public void AddPolarFactor(ReadOnlySpan<T> w, Span<T> dst, T scale)
    {
        if (w.Length != _rows * _cols || dst.Length != w.Length)
            throw new ArgumentException($"expected {_rows} x {_cols} matrices, got {w.Length} and {dst.Length} entries");
        if (!TryPolar(w))
        {
            Fallbacks++;
            _fallback.Decompose(w, warmStart: true);
            _fallback.AddPolarFactor(dst, scale);
            return;
        }
        double s = double.CreateTruncating(scale);
        if (_tall)
            for (int i = 0; i < _product.Length; i++) dst[i] += T.CreateTruncating(s * _product[i]);
        else
            for (int r = 0; r < _rows; r++)
                for (int c = 0; c < _cols; c++) dst[r * _cols + c] += T.CreateTruncating(s * _product[c * _k + r]);
    }

    /// <summary>U V^T into _product (the tall layout: m x k, m = the larger side, i.e. of W^T when W is wide); false
    /// when the Gram route cannot decide it to the accuracy above.</summary>
    private bool TryPolar(ReadOnlySpan<T> w)
    {
        int k = _k, m = _m;
        // T = W (tall) or W^T (wide, square): m x k, so that G = T^T T and U V^T = T G^{-1/2} (transposed back when wide)
        if (_tall) for (int i = 0; i < _t.Length; i++) _t[i] = double.CreateTruncating(w[i]);
        else
            for (int r = 0; r < _rows; r++)
                for (int c = 0; c < _cols; c++) _t[c * k + r] = double.CreateTruncating(w[r * _cols + c]);
        DoubleRowProduct.Multiply(k, k, m, _t, 1, k, _t, k, _gram, k);
        if (!SymmetricEigenvalues.ComputeWithVectors(_gram, k, _lambda, _work, _vectors)) return false;
        double largest = TensorPrimitives.Max<double>(_lambda), smallest = TensorPrimitives.Min<double>(_lambda);
        double floor = MinRelativeSingularValue * MinRelativeSingularValue;
        if (!(largest > 0) || !double.IsFinite(largest) || !(smallest >= floor * largest)) return false;
        // rows of V scaled by lambda^{-1/4}: G^{-1/2} = (scaled V)^T (scaled V)
        for (int i = 0; i < k; i++)
        {
            var v = _vectors.AsSpan(i * k, k);
            TensorPrimitives.Multiply(v, 1 / Math.Sqrt(Math.Sqrt(_lambda[i])), v);
        }
        DoubleRowProduct.Multiply(k, k, k, _vectors, 1, k, _vectors, k, _root, k);
        DoubleRowProduct.Multiply(m, k, k, _t, k, 1, _root, k, _product, k);
        return true;
    }
}
