using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Grokking.Numerics;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// The data-fitting term <c>g(A) = ½ ||X vec A - y*||²</c> on padded column-major matrices, with its buffers:
/// gradient <c>unvec(X^T (X vec A - y*))</c>, residual norm and the projection onto <c>{X vec A = y*}</c>.
/// Completion never forms X: its gradient is <c>Mask ∘ (A - A*)</c> (distinct one-hot rows, X^T X = diag(mask)).
/// Allocation-free after construction.
/// </summary>
internal sealed class DataFit
{
    private readonly MatrixData _d;
    private readonly double[] _r, _z, _gramInverse;

    public DataFit(MatrixData data, bool projection)
    {
        _d = data;
        _r = new double[data.N];
        _z = new double[data.N];
        YNorm = Kernels.Norm2<double>(data.Y);
        _gramInverse = [];
        if (projection && !data.Completion)
        {
            // (X X^T)^{-1} for the projection A - unvec(X^T (X X^T)^{-1} (X vec A - y))
            var gram = LeastSquares.GramRows(data.X, data.N, data.VecLength);
            _gramInverse = new double[data.N * data.N];
            LeastSquares.PseudoInverseSymmetric(gram, data.N, _gramInverse);
        }
    }

    public double YNorm { get; }

    /// <summary>g = unvec(X^T (X vec A - y)); returns ||X vec A - y||.</summary>
    public double Gradient(double[] a, double[] g)
    {
        if (_d.Completion)
        {
            MaskedDifference(a, g);
            return Kernels.Norm2<double>(g);
        }
        int n = _d.VecLength;
        Kernels.Gemv<double>(_d.X, _d.N, n, a, _r);
        Kernels.Subtract<double>(_r, _d.Y, _r);
        Kernels.GemvT<double>(_d.X, _d.N, n, _r, g);
        return Kernels.Norm2<double>(_r);
    }

    /// <summary>g = Mask ∘ (A - A*), whole vectors over the padded storage.</summary>
    private void MaskedDifference(double[] a, double[] g)
    {
        ref double ra = ref MemoryMarshal.GetArrayDataReference(a);
        ref double rm = ref MemoryMarshal.GetArrayDataReference(_d.Mask.Data);
        ref double rs = ref MemoryMarshal.GetArrayDataReference(_d.AStar.Data);
        ref double rg = ref MemoryMarshal.GetArrayDataReference(g);
        for (int i = 0; i < a.Length; i += 4)
        {
            var v = Vector256.LoadUnsafe(ref rm, (nuint)i) * (Vector256.LoadUnsafe(ref ra, (nuint)i) - Vector256.LoadUnsafe(ref rs, (nuint)i));
            v.StoreUnsafe(ref rg, (nuint)i);
        }
    }

    /// <summary>A &lt;- A - unvec(X^T (X X^T)^{-1} (X vec A - y)): completion resets the observed entries to y.</summary>
    public void Project(double[] a)
    {
        if (_d.Completion)
        {
            var m = _d.Mask.Data;
            var s = _d.AStar.Data;
            for (int i = 0; i < a.Length; i++) if (m[i] != 0) a[i] = s[i];
            return;
        }
        int n = _d.VecLength;
        Kernels.Gemv<double>(_d.X, _d.N, n, a, _r);
        Kernels.Subtract<double>(_r, _d.Y, _r);
        Kernels.Gemv<double>(_gramInverse, _d.N, _d.N, _r, _z);
        for (int q = 0; q < _d.N; q++)
        {
            double zq = _z[q];
            var row = _d.X.AsSpan(q * n, n);
            for (int k = 0; k < n; k++) a[k] -= zq * row[k];
        }
    }

    /// <summary>||X vec A - y||.</summary>
    public double ResidualNorm(double[] a, double[] scratch) => Gradient(a, scratch);
}
