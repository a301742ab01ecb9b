namespace Grokking.Numerics;

/// <summary>Argument checks shared by the GEMM implementations (row-major operands with leading dimensions).</summary>
internal static class GemmShape
{
    public static void Check(MatrixOp opA, MatrixOp opB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        // stored shapes: A is m x k (or k x m transposed), B is k x n (or n x k), C is m x n
        var (aRows, aCols) = opA == MatrixOp.None ? (m, k) : (k, m);
        var (bRows, bCols) = opB == MatrixOp.None ? (k, n) : (n, k);
        Operand("A", aRows, aCols, aLength, lda);
        Operand("B", bRows, bCols, bLength, ldb);
        Operand("C", m, n, cLength, ldc);
    }

    private static void Operand(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(name, $"leading dimension {ld} of {name} is below its {cols} columns");
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
            throw new ArgumentException($"{name} ({rows} x {cols}, leading dimension {ld}) needs {need} elements, the span has {length}");
    }
}
