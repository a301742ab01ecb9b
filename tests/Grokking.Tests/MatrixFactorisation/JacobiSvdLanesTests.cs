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
    /// lanes, are decoupled from the tiny cluster by deflation passes (block rotations, no full sweeps) and the
    /// cluster is converged by low-lane sweeps. Also the plateau before recovery, where the eight small values are
    /// spread up to a fifth of the large ones: deflation still runs (its convergence is measured, not assumed);
    /// and tall and wide shapes with ten singular values (13 rows: odd row counts; wide: through the transpose).
    /// </summary>
    [Theory]
    [InlineData(10, 10, 1e-5, 3e-6)]
    [InlineData(10, 10, 1.0, 1e-4)]
    [InlineData(13, 10, 1e-5, 3e-6)]
    [InlineData(10, 13, 1e-5, 3e-6)]
    public void WarmStartedNuclearIteratesStayAccurate(int rows, int cols, double clusterScale, double stepScale)
    {
        var rng = new System.Random(17);
        var a = LowRank(rng, rows, cols, 2, scale: 5);
        var cluster = LowRank(rng, rows, cols, 8, scale: clusterScale);
        for (int i = 0; i < a.Length; i++) a[i] += cluster[i];
        var svd = new JacobiSvd(rows, cols);
        for (int call = 0; call < 40; call++)
        {
            var step = JacobiSvdTests.Random(rng, rows, cols, stepScale);
            for (int i = 0; i < a.Length; i++) a[i] += step[i];
            CheckAgainstMathNet(a, rows, cols, $"{rows}x{cols} call {call}", warm: true, svd: svd);
        }
        if (SvdLanes.IsSupported)
        {
            Assert.True(svd.LaneSweeps.Low > 0, "no low-lane sweep ran");
            Assert.True(svd.LaneDeflations >= 39, $"deflation ran in {svd.LaneDeflations} passes over 40 calls");
        }
    }

    /// <summary>
    /// <c>AddPolarFactor</c> straight after <c>Decompose</c> reads W and V in the lanes (no sort, no U: the solvers'
    /// step); it must equal U V^T built from the finished factors, which the accessors force. Covers the deflation
    /// regime (warm-started nuclear iterates), the low-lane-only and full-sweep sizes, a tall shape, and a
    /// rank-deficient matrix, whose zero singular values make the fast path stand down for the completion of U.
    /// </summary>
    [Theory]
    [InlineData(10, 10, 0)]
    [InlineData(10, 10, 10)]
    [InlineData(7, 7, 0)]
    [InlineData(13, 13, 0)]
    [InlineData(12, 9, 0)]
    [InlineData(10, 10, 6)]
    public void PolarFactorFromTheLanesMatchesTheFinishedFactors(int rows, int cols, int rank)
    {
        var rng = new System.Random(rows * 7 + cols + rank);
        int ld = JacobiSvd.PaddedRows(rows);
        var svd = new JacobiSvd(rows, cols);
        var a = new double[ld * cols];
        double[] dense = rank switch
        {
            0 => JacobiSvdTests.Random(rng, rows, cols),
            10 => LowRank(rng, rows, cols, 2, scale: 5).Zip(LowRank(rng, rows, cols, 8, scale: 1e-5), (x, y) => x + y).ToArray(),
            _ => LowRank(rng, rows, cols, rank),
        };
        for (int call = 0; call < 5; call++)
        {
            var step = JacobiSvdTests.Random(rng, rows, cols, rank == 10 ? 3e-6 : 1e-3);
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < rows; i++) a[j * ld + i] = dense[j * rows + i] += rank == 6 ? 0 : step[j * rows + i];
            svd.Decompose(a, ld, warmStart: true);
            var fast = new double[ld * cols];
            svd.AddPolarFactor(fast, ld, 0.5);
            int k = Math.Min(rows, cols);
            double worst = 0, orth = 0;
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                {
                    double h = 0;
                    for (int l = 0; l < k; l++) h += svd.U(i, l) * svd.V(j, l);
                    worst = Math.Max(worst, Math.Abs(fast[j * ld + i] - 0.5 * h));
                }
            for (int p = 0; p < cols; p++)          // (2 H)^T (2 H) = I for square and tall shapes
                for (int q = 0; q < cols; q++)
                {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) dot += 4 * fast[p * ld + i] * fast[q * ld + i];
                    orth = Math.Max(orth, Math.Abs(dot - (p == q ? 1 : 0)));
                }
            Assert.True(worst <= 1e-14, $"{rows}x{cols} rank {rank} call {call}: lanes vs finished factors {worst:G3}");
            Assert.True(orth <= 1e-13, $"{rows}x{cols} rank {rank} call {call}: H^T H - I = {orth:G3}");
            for (int i = ld * cols - 1; i >= 0; i--)
                if (i % ld >= rows) Assert.True(fast[i] == 0, $"padding row {i % ld} written");
        }
    }

    /// <summary>A call that left its result in the lanes (deferred finish) followed by a warm call of the scalar
    /// kernel: the scalar warm start must take the lanes' V, not a stale copy.</summary>
    [Fact]
    public void ScalarWarmStartAfterADeferredLaneCall()
    {
        const int n = 10;
        var rng = new System.Random(23);
        var a = LowRank(rng, n, n, 2, scale: 5);
        var svd = new JacobiSvd(n, n);
        for (int call = 0; call < 6; call++)
        {
            var step = JacobiSvdTests.Random(rng, n, n, 1e-4);
            for (int i = 0; i < a.Length; i++) a[i] += step[i];
            svd.UseLanes = call % 2 == 0;
            svd.Decompose(a, n, warmStart: true);        // nothing read: the lane calls stay deferred
        }
        svd.UseLanes = false;
        CheckAgainstMathNet(a, n, n, "scalar warm start after lanes", warm: true, svd: svd);
        Assert.True(svd.LastSweeps <= 3, $"the warm start took {svd.LastSweeps} sweeps: it did not start from the last V");
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
