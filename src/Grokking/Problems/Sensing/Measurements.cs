using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.Sensing;

/// <summary>
/// Output of <c>get_measures</c>: M (N x n), the design X = M Phi (N x m), and the basis columns copied
/// into the first N1 = int(tau N) rows (empty when tau = 0).
/// </summary>
public sealed record Measurements(DenseMatrix M, DenseMatrix X, int[] CoherentColumns)
{
    /// <summary>
    /// <c>get_measures(N, Phi, tau, variance, seed)</c> (B.0.3), real case.
    /// tau = 0: M = randn(N, n). tau &gt; 0: N1 = int(tau N) columns of Phi, distinct
    /// (<c>choice(m, N1, replace=False)</c>, which always draws a full permutation of m) when N1 &lt;= m,
    /// else all m columns then <c>choice(m, N1 - m, replace=True)</c>; rows <c>M[:N1] = Phi[:, cols].T * (1/sqrt(variance))</c>,
    /// then <c>M[N1:] = randn(N - N1, n)</c> (RNG order: choice, then randn). Finally
    /// <c>M = sqrt(variance) * M</c> and <c>X = M @ Phi</c>. variance defaults to 1/n (the notebooks pass 1/N).
    /// M is bit-exact with numpy; X too for the identity basis (a copy of M), to rounding otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">N &lt;= 0, tau outside [0, 1], variance &lt;= 0 or not finite,
    /// or a null seed without a global stream.</exception>
    public static Measurements Create(
        int N,
        Basis phi,
        double tau = 0.0,
        double? variance = null,
        int? seed = null,
        NumpyRandomState? globalStream = null)
    {
        var (mat, columns) = DrawM(N, phi, tau, variance, seed, globalStream);
        return new Measurements(mat, Multiply(mat, phi), columns);
    }

    /// <summary>
    /// M alone (same draws and checks as <see cref="Create"/>), for callers that never use X = M Phi, such as the
    /// coherence sweep of Figure 19(a), where the product would double the cost.
    /// </summary>
    internal static (DenseMatrix M, int[] CoherentColumns) DrawM(
        int N, Basis phi, double tau, double? variance, int? seed, NumpyRandomState? globalStream)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (N <= 0)
        {
            throw new ArgumentException($"The number of measurements N must be positive, got {N}.", nameof(N));
        }
        if (!(tau >= 0.0 && tau <= 1.0))
        {
            throw new ArgumentException($"tau must be in [0, 1], got {tau}.", nameof(tau));
        }
        int n = phi.Rows, m = phi.Cols;
        double v = variance ?? 1.0 / n;
        if (!(v > 0.0 && double.IsFinite(v)))
        {
            throw new ArgumentException($"variance must be positive and finite, got {v}.", nameof(variance));
        }

        NumpyRandomState rng = RandomStreams.Resolve(seed, globalStream, "get_measures");
        var mat = new DenseMatrix(N, n);
        int[] columns = [];
        int coherentRows = 0;
        if (tau != 0.0)
        {
            coherentRows = (int)(tau * N);
            columns = SelectColumns(rng, m, coherentRows);
            double inverseScale = 1.0 / Math.Sqrt(v);
            for (int r = 0; r < coherentRows; r++)
            {
                Span<double> row = mat.Row(r);
                for (int k = 0; k < n; k++)
                {
                    row[k] = phi[k, columns[r]] * inverseScale;
                }
            }
        }
        rng.StandardNormal(mat.Data.AsSpan(coherentRows * n));

        double scale = Math.Sqrt(v);
        double[] data = mat.Data;
        for (int k = 0; k < data.Length; k++)
        {
            data[k] = scale * data[k];
        }
        return (mat, columns);
    }

    internal static int[] SelectColumns(NumpyRandomState rng, int m, int count)
    {
        if (count <= m)
        {
            return rng.Choice(m, count);
        }
        var columns = new int[count];
        for (int j = 0; j < m; j++)
        {
            columns[j] = j;
        }
        rng.ChoiceWithReplacement(m, columns.AsSpan(m));
        return columns;
    }

    /// <summary>X = M Phi; for the identity numpy's product is an exact copy, so copy.</summary>
    private static DenseMatrix Multiply(DenseMatrix mat, Basis phi)
    {
        if (phi.Matrix is not { } p)
        {
            return new DenseMatrix(mat.Rows, mat.Cols, (double[])mat.Data.Clone());
        }
        var x = new DenseMatrix(mat.Rows, p.Cols);
        for (int i = 0; i < mat.Rows; i++)
        {
            ReadOnlySpan<double> mRow = mat.Row(i);
            Span<double> xRow = x.Row(i);
            for (int k = 0; k < mRow.Length; k++)
            {
                double factor = mRow[k];
                ReadOnlySpan<double> pRow = p.Row(k);
                for (int j = 0; j < xRow.Length; j++)
                {
                    xRow[j] += factor * pRow[j];
                }
            }
        }
        return x;
    }
}
