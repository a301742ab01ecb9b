using Grokking.Numerics;
using Grokking.Random;

namespace Grokking.Problems.Sensing;

/// <summary>Which construction of the reference code a <see cref="Basis"/> comes from.</summary>
public enum BasisKind
{
    /// <summary><c>np.eye(n)</c> (what every compressed-sensing figure ends up using).</summary>
    Identity,

    /// <summary><c>create_orthonormal_basis</c>: Q of <c>np.linalg.qr(randn(n, n) / sqrt(n))</c>.</summary>
    Orthonormal,

    /// <summary><c>create_normal_basis(normalized=False)</c>: <c>randn(n, n) / sqrt(n)</c>.</summary>
    Gaussian,

    /// <summary>A caller-supplied matrix.</summary>
    Custom,
}

/// <summary>
/// The real basis Phi (n x m) of the compressed-sensing code. The identity is kept implicit so that
/// <c>Phi @ a</c> and <c>M @ Phi</c> are exact copies, as they are in numpy (multiplying by 1 and
/// adding zeros does not round).
/// </summary>
public sealed class Basis
{
    private Basis(BasisKind kind, int rows, int cols, DenseMatrix? matrix)
    {
        Kind = kind;
        Rows = rows;
        Cols = cols;
        Matrix = matrix;
    }

    /// <summary>How the basis was built.</summary>
    public BasisKind Kind { get; }

    /// <summary>n = Phi.shape[0].</summary>
    public int Rows { get; }

    /// <summary>m = Phi.shape[1].</summary>
    public int Cols { get; }

    /// <summary>The dense matrix, or null for the implicit identity.</summary>
    public DenseMatrix? Matrix { get; }

    /// <summary>True for <see cref="Identity"/>.</summary>
    public bool IsIdentity => Matrix is null;

    /// <summary>Phi[i, j].</summary>
    public double this[int i, int j] => Matrix is { } m ? m[i, j] : CheckedIdentity(i, j);

    /// <summary><c>np.eye(n)</c>.</summary>
    public static Basis Identity(int n)
    {
        RequirePositive(n);
        return new Basis(BasisKind.Identity, n, n, null);
    }

    /// <summary>
    /// <c>create_orthonormal_basis(n, seed=seed)</c>: <c>randn(n, n)</c> (seeded with save/restore, or
    /// from <paramref name="globalStream"/> when seed is null), times <c>1/sqrt(n)</c>, then the Q of a
    /// LAPACK-convention Householder QR (matches numpy's Q to rounding, signs included).
    /// </summary>
    public static Basis Orthonormal(int n, int? seed, NumpyRandomState? globalStream = null)
    {
        DenseMatrix scaled = ScaledGaussian(n, seed, globalStream, nameof(Orthonormal));
        return new Basis(BasisKind.Orthonormal, n, n, HouseholderQr.ComputeQ(scaled));
    }

    /// <summary><c>create_normal_basis(n, seed=seed, normalized=False)</c> = <c>(1/sqrt(n)) * randn(n, n)</c>; bit-exact.</summary>
    public static Basis Gaussian(int n, int? seed, NumpyRandomState? globalStream = null) =>
        new(BasisKind.Gaussian, n, n, ScaledGaussian(n, seed, globalStream, nameof(Gaussian)));

    /// <summary>Wraps an n x m matrix (not copied).</summary>
    public static Basis FromMatrix(DenseMatrix phi)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (phi.Rows <= 0 || phi.Cols <= 0)
        {
            throw new ArgumentException($"A basis needs positive dimensions, got {phi.Rows} x {phi.Cols}.", nameof(phi));
        }
        return new Basis(BasisKind.Custom, phi.Rows, phi.Cols, phi);
    }

    /// <summary>The basis as a dense matrix (a new identity for <see cref="Identity"/>).</summary>
    public DenseMatrix ToDense() => Matrix ?? DenseMatrix.Identity(Rows);

    /// <summary>b = Phi a (length n); exact copy for the identity, plain dot products otherwise.</summary>
    public double[] Apply(ReadOnlySpan<double> a)
    {
        if (a.Length != Cols)
        {
            throw new ArgumentException($"Phi is {Rows} x {Cols} but the vector has length {a.Length}.", nameof(a));
        }
        if (Matrix is not { } phi)
        {
            return a.ToArray();
        }
        var b = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            ReadOnlySpan<double> row = phi.Row(i);
            double sum = 0.0;
            for (int j = 0; j < row.Length; j++)
            {
                sum += row[j] * a[j];
            }
            b[i] = sum;
        }
        return b;
    }

    private static DenseMatrix ScaledGaussian(int n, int? seed, NumpyRandomState? globalStream, string function)
    {
        RequirePositive(n);
        NumpyRandomState rng = RandomStreams.Resolve(seed, globalStream, function);
        var phi = new DenseMatrix(n, n);
        rng.StandardNormal(phi.Data);
        // The reference multiplies by the float 1/np.sqrt(n) rather than dividing by sqrt(n).
        double scaler = 1.0 / Math.Sqrt(n);
        for (int k = 0; k < phi.Data.Length; k++)
        {
            phi.Data[k] = scaler * phi.Data[k];
        }
        return phi;
    }

    private double CheckedIdentity(int i, int j)
    {
        if ((uint)i >= (uint)Rows || (uint)j >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(i), $"Index ({i}, {j}) is outside a {Rows} x {Cols} basis.");
        }
        return i == j ? 1.0 : 0.0;
    }

    private static void RequirePositive(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentException($"Basis dimension n must be positive, got {n}.", nameof(n));
        }
    }
}
