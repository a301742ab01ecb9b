using Grokking.Numerics;
using static Grokking.Tests.MatrixFactorisation.JacobiSvdTests;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>
/// The vector-lane rotation kernel (<see cref="SvdLanes"/>, AVX-512) against MathNet and against the scalar
/// kernel: every column count it takes (2..16, the low-lane-only path up to 8, full plus low-lane sweeps above),
/// wide and tall shapes, warm starts through the nuclear-norm regime it was built for, and the scale fallback.
/// On a machine without AVX-512 both paths are the scalar kernel and the MathNet checks still apply.
/// </summary>
public class JacobiSvdLanesTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(5, 5)]
    [InlineData(8, 8)]
    [InlineData(9, 9)]
    [InlineData(10, 10)]
    [InlineData(16, 16)]
    [InlineData(11, 7)]
    [InlineData(7, 11)]
    [InlineData(20, 16)]
    [InlineData(12, 15)]
    public void LanesMatchMathNetAndTheScalarKernel(int rows, int cols)
    {
        var rng = new System.Random(rows * 31 + cols);
        for (int trial = 0; trial < 4; trial++)
        {
            var a = JacobiSvdTests.Random(rng, rows, cols, Math.Pow(10, 2 * trial - 3));
            var lanes = new JacobiSvd(rows, cols);
            CheckAgainstMathNet(a, rows, cols, $"lanes {rows}x{cols} trial {trial}", svd: lanes);
            var scalar = new JacobiSvd(rows, cols) { UseLanes = false };
            scalar.Decompose(a, rows);
            double smax = scalar.SingularValues[0];
            for (int i = 0; i < Math.Min(rows, cols); i++)
                Assert.True(Math.Abs(lanes.SingularValues[i] - scalar.SingularValues[i]) <= 1e-13 * smax,
                    $"{rows}x{cols}: sigma_{i} lanes {lanes.SingularValues[i]:R} vs scalar {scalar.SingularValues[i]:R}");
            if (SvdLanes.IsSupported) Assert.True(lanes.LaneSweeps.Full + lanes.LaneSweeps.Low > 0, "the lane kernel did not run");
        }
    }

    /// <summary>
    /// The regime of the nuclear-norm runs: A*'s two large values next to eight tiny, nearly equal ones, changed a
    /// little every call and decomposed warm-started. After the first call the two large columns sit in the high
    /// lanes and settle in one full sweep, so the tiny cluster is converged by low-lane sweeps.
    /// </summary>
    [Fact]
    public void WarmStartedNuclearIteratesStayAccurate()
    {
        const int n = 10;
        var rng = new System.Random(17);
        var a = LowRank(rng, n, n, 2, scale: 5);
        var cluster = LowRank(rng, n, n, 8, scale: 1e-5);
        for (int i = 0; i < a.Length; i++) a[i] += cluster[i];
        var svd = new JacobiSvd(n, n);
        for (int call = 0; call < 40; call++)
        {
            var step = JacobiSvdTests.Random(rng, n, n, 3e-6);
            for (int i = 0; i < a.Length; i++) a[i] += step[i];
            CheckAgainstMathNet(a, n, n, $"call {call}", warm: true, svd: svd);
        }
        if (SvdLanes.IsSupported) Assert.True(svd.LaneSweeps.Low > 0, "no low-lane sweep ran");
    }

    /// <summary>Entries of 1e±80 (squares and products of column norms leave the double range) give the
    /// singular values of the unit-scale matrix times the scale, to rounding (MathNet's own SVD is off by 50 % at
    /// 1e-80, so the reference is the unit-scale decomposition).</summary>
    [Theory]
    [InlineData(1e80)]
    [InlineData(1e-80)]
    public void HugeAndTinyMatricesAreScaledExactly(double scale)
    {
        var rng = new System.Random(4);
        var unit = JacobiSvdTests.Random(rng, 10, 10);
        var reference = new JacobiSvd(10, 10);
        CheckAgainstMathNet(unit, 10, 10, "unit scale", svd: reference);
        var a = unit.Select(x => x * scale).ToArray();
        var svd = new JacobiSvd(10, 10);
        svd.Decompose(a, 10);
        for (int i = 0; i < 10; i++)
            Assert.True(Math.Abs(svd.SingularValues[i] / scale - reference.SingularValues[i]) <= 1e-13 * reference.SingularValues[0],
                $"scale {scale:G}: sigma_{i} / scale = {svd.SingularValues[i] / scale:R} vs {reference.SingularValues[i]:R}");
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                Assert.True(Math.Abs(Math.Abs(svd.U(i, j)) - Math.Abs(reference.U(i, j))) <= 1e-12, $"U[{i},{j}]");
    }

    /// <summary>
    /// A zero singular value whose left vector is spread over all coordinates (|u[c]| = 1/sqrt(10) &lt; 0.5 for
    /// every c): no canonical vector keeps half its length against the other nine columns of U, which used to
    /// leave a NaN column (run alpha 0.825, beta* 1e-6 of Fig 6's grid, step 1,904,900). The completion must still
    /// give an orthonormal U, with both kernels.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ASpreadNullVectorIsCompletedOrthonormally(bool lanes)
    {
        const int n = 10;
        var rng = new System.Random(12);
        var spread = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => j == 0 ? 1.0 / Math.Sqrt(n) : JacobiSvdTests.Random(rng, 1, 1)[0]);
        var u = spread.QR().Q;                         // column 0 spans ones / sqrt(n); columns 1..9 its complement
        var v = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (_, _) => JacobiSvdTests.Random(rng, 1, 1)[0]).QR().Q;
        var a = new double[n * n];
        for (int l = 1; l < n; l++)
        {
            double sigma = 1 + l;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) a[j * n + i] += sigma * u[i, l] * v[j, l];
        }
        var svd = new JacobiSvd(n, n) { UseLanes = lanes };
        CheckAgainstMathNet(a, n, n, $"spread null vector (lanes {lanes})", svd: svd);
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(Math.Abs(svd.U(i, n - 1)) - 1 / Math.Sqrt(n)) <= 1e-12, $"u_10[{i}] = {svd.U(i, n - 1)}");
    }
}
