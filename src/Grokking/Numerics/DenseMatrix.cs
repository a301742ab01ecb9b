namespace Grokking.Numerics;

/// <summary>
/// Minimal dense float64 matrix: row-major storage (numpy's C order), so <c>Data</c> can be
/// compared element for element with <c>ndarray.ravel()</c> of the reference code.
/// </summary>
public sealed record DenseMatrix
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as a rows x cols row-major matrix.</summary>
    /// <exception cref="ArgumentException">Negative dimensions or data.Length != rows * cols.</exception>
    public DenseMatrix(int rows, int cols, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows < 0 || cols < 0)
        {
            throw new ArgumentException($"Matrix dimensions must be non-negative, got {rows} x {cols}.");
        }
        if (data.Length != (long)rows * cols)
        {
            throw new ArgumentException(
                $"A {rows} x {cols} matrix needs {(long)rows * cols} values, got {data.Length}.", nameof(data));
        }
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>A zero rows x cols matrix.</summary>
    public DenseMatrix(int rows, int cols)
        : this(rows, cols, new double[checked(Math.Max(rows, 0) * Math.Max(cols, 0))])
    {
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Row-major values: element (i, j) is <c>Data[i * Cols + j]</c>.</summary>
    public double[] Data { get; }

    /// <summary>Element (row, col).</summary>
    public double this[int row, int col]
    {
        get => Data[Index(row, col)];
        set => Data[Index(row, col)] = value;
    }

    /// <summary>Row <paramref name="row"/> as a view into <see cref="Data"/>.</summary>
    public Span<double> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside [0, {Rows}).");
        }
        return Data.AsSpan(row * Cols, Cols);
    }

    /// <summary>The n x n identity.</summary>
    public static DenseMatrix Identity(int n)
    {
        var identity = new DenseMatrix(n, n);
        for (int i = 0; i < n; i++)
        {
            identity.Data[i * n + i] = 1.0;
        }
        return identity;
    }

    private int Index(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(
                nameof(row), $"Index ({row}, {col}) is outside a {Rows} x {Cols} matrix.");
        }
        return row * Cols + col;
    }
}
