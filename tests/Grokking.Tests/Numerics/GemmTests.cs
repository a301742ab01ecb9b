using System.Runtime.Intrinsics;
using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Tests.Numerics;

public class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
        [(1, 1, 1), (7, 13, 5), (33, 65, 17), (100, 1, 3), (1, 100, 3), (3, 2, 100), (14, 32, 8), (29, 97, 64), (64, 64, 257)];

    private static readonly (float Alpha, float Beta)[] Scalars = [(1f, 0f), (1f, 1f), (-0.7f, 0.3f), (2f, -1f)];

    private static readonly MatrixOp[] Ops = [MatrixOp.None, MatrixOp.Transpose];

    public static TheoryData<GemmPath> Paths()
    {
        var data = new TheoryData<GemmPath> { GemmPath.Scalar };
        if (Vector256.IsHardwareAccelerated) data.Add(GemmPath.Vector256);
        if (Vector512.IsHardwareAccelerated) data.Add(GemmPath.Vector512);
        return data;
    }

    [Theory, MemberData(nameof(Paths))]
    public void Float_MatchesTripleLoop_OnOddShapes_AllTransposes(GemmPath path)
    {
        var gemm = new Gemm(path: path);
        foreach (var shape in Shapes)
            foreach (var opA in Ops)
                foreach (var opB in Ops)
                    foreach (var (alpha, beta) in Scalars)
                        Case(gemm, shape.M, shape.N, shape.K, opA, opB, alpha, beta, pad: 3, seed: shape.M * 31 + shape.K);
    }

    [Fact]
    public void Float_Vector512_AlwaysPacking_MatchesTripleLoop()
    {
        // the default reads narrow operands in place; this covers the packed route of the same kernel
        if (!Vector512.IsHardwareAccelerated) return;
        var gemm = new Gemm(path: GemmPath.Vector512) { InPlace = false };
        foreach (var shape in Shapes)
            foreach (var opA in Ops)
                foreach (var opB in Ops)
                    Case(gemm, shape.M, shape.N, shape.K, opA, opB, -0.7f, 0.3f, pad: 2, seed: shape.N);
    }

    [Theory, MemberData(nameof(Paths))]
    public void Float_SmallCacheBlocks_CrossEveryBlockEdge(GemmPath path)
    {
        // blocks far below the shapes, so every loop runs several times with ragged last blocks and beta is applied
        // only in the first k-block
        var gemm = new Gemm(path: path) { Mc = 2 * 14, Kc = 7, Nc = 64 };
        foreach (var opA in Ops)
            foreach (var opB in Ops)
            {
                Case(gemm, 61, 150, 45, opA, opB, 1.5f, 0.5f, pad: 0, seed: 1);
                Case(gemm, 130, 33, 16, opA, opB, 1f, 0f, pad: 5, seed: 2);
            }
    }

    [Fact]
    public void Float_TwoThreads_EqualOneThread_Bitwise()
    {
        var threads = new RunThreads(2);
        threads.Grant(2);
        var two = new Gemm(threads) { ParallelMinMultiplyAdds = 1L << 21 };
        var one = new Gemm();
        var rng = new System.Random(5);
        foreach (var (m, n, k) in new[] { (200, 130, 120), (40, 600, 100) })
        {
            Assert.True((long)m * n * k >= two.ParallelMinMultiplyAdds);
            var a = Random(rng, m * k);
            var b = Random(rng, k * n);
            var c1 = Random(rng, m * n);
            var c2 = (float[])c1.Clone();
            one.Multiply(MatrixOp.None, MatrixOp.Transpose, m, n, k, 0.5f, a, k, b, k, 0.25f, c1, n);
            two.Multiply(MatrixOp.None, MatrixOp.Transpose, m, n, k, 0.5f, a, k, b, k, 0.25f, c2, n);
            Assert.Equal(c1, c2);
            Case(two, m, n, k, MatrixOp.Transpose, MatrixOp.None, 1f, 1f, pad: 1, seed: 9);
        }
    }

    [Fact]
    public void Float_RepeatedProducts_DoNotAllocate()
    {
        // the pack buffers grow on the first call of a shape and are reused after it
        var gemm = new Gemm();
        var rng = new System.Random(6);
        var a = Random(rng, 300 * 97);
        var b = Random(rng, 97 * 64);
        var c = new float[300 * 97];
        Allocations.AssertNone(() =>
        {
            gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, 300, 97, 64, 1f, a, 64, b, 64, 0f, c, 97);
            gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, 97, 64, 300, 1f, a, 97, a, 64, 1f, c, 64);
        });
    }

    [Fact]
    public void Float_BetaZero_OverwritesNaN_AndKZeroScales()
    {
        var gemm = new Gemm();
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 1, 0, 0, 1 };
        var c = new float[] { float.NaN, float.NaN, float.NaN, float.NaN };
        gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(a, c);
        gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 0, 1f, a, 2, b, 2, 3f, c, 2);
        Assert.Equal(new float[] { 3, 6, 9, 12 }, c);
        gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 0f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void Shapes_AreChecked()
    {
        var gemm = new Gemm();
        var x = new float[6];
        Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 3, 1f, x, 3, x, 2, 0f, new float[3], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 3, 2, 1f, x, 2, x, 2, 0f, x, 3));
    }

    [Fact]
    public void Double_MatchesTripleLoop()
    {
        var gemm = new Gemm();
        var rng = new System.Random(3);
        foreach (var (m, n, k) in Shapes)
            foreach (var opA in Ops)
                foreach (var opB in Ops)
                {
                    int lda = (opA == MatrixOp.None ? k : m) + 2, ldb = (opB == MatrixOp.None ? n : k) + 1, ldc = n + 3;
                    var a = RandomD(rng, (opA == MatrixOp.None ? m : k) * lda);
                    var b = RandomD(rng, (opB == MatrixOp.None ? k : n) * ldb);
                    var c = RandomD(rng, m * ldc);
                    var (want, scale) = Naive(opA, opB, m, n, k, -0.7, a, lda, b, ldb, 0.3, c, ldc);
                    gemm.Multiply<double>(opA, opB, m, n, k, -0.7, a, lda, b, ldb, 0.3, c, ldc);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                            Assert.True(Math.Abs(c[i * ldc + j] - want[i * ldc + j]) <= 4 * (k + 2) * 1.1e-16 * scale[i * ldc + j],
                                $"double {opA}/{opB} {m}x{n}x{k} at ({i},{j})");
                }
    }

    private static void Case(Gemm gemm, int m, int n, int k, MatrixOp opA, MatrixOp opB, float alpha, float beta, int pad, int seed)
    {
        var rng = new System.Random(seed);
        int lda = (opA == MatrixOp.None ? k : m) + pad, ldb = (opB == MatrixOp.None ? n : k) + pad, ldc = n + pad;
        var a = Random(rng, (opA == MatrixOp.None ? m : k) * lda);
        var b = Random(rng, (opB == MatrixOp.None ? k : n) * ldb);
        var c = Random(rng, m * ldc);
        var (want, scale) = Naive(opA, opB, m, n, k, alpha, Array.ConvertAll(a, v => (double)v), lda,
            Array.ConvertAll(b, v => (double)v), ldb, beta, Array.ConvertAll(c, v => (double)v), ldc);
        gemm.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int at = i * ldc + j;
                // float32 accumulation: the error of a k-term sum grows at most like k eps times the sum of magnitudes
                double tol = 2 * (k + 2) * Math.Pow(2, -24) * scale[at];
                Assert.True(Math.Abs(c[at] - want[at]) <= tol,
                    $"{gemm.Path} {opA}/{opB} {m}x{n}x{k} alpha={alpha} beta={beta}: C[{i},{j}] = {c[at]}, want {want[at]} (tol {tol:g3})");
            }
            for (int j = n; j < ldc && Index(i, j) < c.Length; j++)
                Assert.Equal((float)want[Index(i, j)], c[Index(i, j)]); // padding between rows is not touched
        }
        int Index(int i, int j) => i * ldc + j;
    }

    /// <summary>The triple loop in double, and per element the sum of magnitudes that bounds the rounding error.</summary>
    private static (double[] C, double[] Scale) Naive(MatrixOp opA, MatrixOp opB, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        var result = (double[])c.Clone();
        var scale = new double[c.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = (opA == MatrixOp.None ? a[i * lda + p] : a[p * lda + i]) * (opB == MatrixOp.None ? b[p * ldb + j] : b[j * ldb + p]);
                    sum += x;
                    mag += Math.Abs(x);
                }
                result[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
                scale[i * ldc + j] = Math.Abs(alpha) * mag + Math.Abs(beta * c[i * ldc + j]) + double.Epsilon;
            }
        return (result, scale);
    }

    private static float[] Random(System.Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(2 * rng.NextDouble() - 1);
        return x;
    }

    private static double[] RandomD(System.Random rng, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * rng.NextDouble() - 1;
        return x;
    }
}
