namespace Grokking.Numerics;

/// <summary>How a GEMM operand is read: as stored (row-major) or transposed.</summary>
public enum MatrixOp
{
    None,
    Transpose,
}

/// <summary>Which micro-kernel a <see cref="Gemm"/> context runs (chosen from the hardware, or forced by tests).</summary>
public enum GemmPath
{
    /// <summary>The widest the hardware accelerates.</summary>
    Auto,
    Vector512,
    Vector256,
    Scalar,
}
