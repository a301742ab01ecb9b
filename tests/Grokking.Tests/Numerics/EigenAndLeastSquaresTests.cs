using Grokking.Numerics;
using MathNet.Numerics.LinearAlgebra;
using static Grokking.Tests.Numerics.TestData;

namespace Grokking.Tests.Numerics;

public class EigenAndLeastSquaresTests
{
    private static double[] RandomSymmetric(System.Random rng, int n, double scale = 1)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                a[i * n + j] = a[j * n + i] = scale * Gauss(rng);
        return a;
    }

    private static void CheckDecomposition(double[] A, int n, double[] w, double[] V, string what)
    {
        double norm = 0;
        foreach (double v in A) norm = Math.Max(norm, Math.Abs(v));
        norm = Math.Max(norm, 1e-300);
        for (int k = 1; k < n; k++) Assert.True(w[k - 1] >= w[k], $"{what}: not descending at {k}");
        // reconstruction A = V diag(w) V^T and orthogonality V^T V = I
        double recon = 0, orth = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, o = 0;
                for (int k = 0; k < n; k++)
                {
                    s += V[i * n + k] * w[k] * V[j * n + k];
                    o += V[k * n + i] * V[k * n + j];
                }
                recon = Math.Max(recon, Math.Abs(s - A[i * n + j]));
                orth = Math.Max(orth, Math.Abs(o - (i == j ? 1 : 0)));
            }
        Assert.True(recon <= 1e-12 * norm * Math.Max(1, n / 10.0), $"{what}: reconstruction {recon:g3} (|A| {norm:g3})");
        Assert.True(orth <= 1e-12 * Math.Max(1, n / 10.0), $"{what}: orthogonality {orth:g3}");
    }

    [Fact]
    public void Jacobi_MatchesMathNet_RandomSymmetric()
    {
        var rng = new System.Random(1);
        var sizes = new[] { 1, 2, 3, 4, 5, 8, 10, 16, 30, 31, 50, 64, 100 }.Concat(Enumerable.Range(0, 10).Select(_ => rng.Next(1, 80)));
        foreach (int n in sizes)
        {
            double scale = Math.Pow(10, rng.Next(-3, 4));
            var A = RandomSymmetric(rng, n, scale);
            var (w, V) = SymmetricEigen.Decompose(A, n);
            var evd = Matrix<double>.Build.DenseOfRowMajor(n, n, A).Evd(Symmetricity.Symmetric);
            var mn = evd.EigenValues.Select(c => c.Real).OrderByDescending(v => v).ToArray();
            double maxAbs = mn.Max(Math.Abs);
            for (int k = 0; k < n; k++)
                Assert.True(Math.Abs(w[k] - mn[k]) <= 1e-12 * maxAbs, $"n={n} k={k}: {w[k]:R} vs MathNet {mn[k]:R}");
            CheckDecomposition(A, n, w, V, $"n={n}");
            // sign convention: largest-magnitude component of each eigenvector is positive
            for (int k = 0; k < n; k++)
            {
                int arg = 0;
                for (int i = 1; i < n; i++) if (Math.Abs(V[i * n + k]) > Math.Abs(V[arg * n + k])) arg = i;
                Assert.True(V[arg * n + k] > 0);
            }
        }
    }

    [Fact]
    public void Jacobi_200x200_AndGramMatrices()
    {
        var rng = new System.Random(2);
        var A = RandomSymmetric(rng, 200);
        var (w, V) = SymmetricEigen.Decompose(A, 200);
        var mn = Matrix<double>.Build.DenseOfRowMajor(200, 200, A).Evd(Symmetricity.Symmetric).EigenValues
            .Select(c => c.Real).OrderByDescending(v => v).ToArray();
        double maxAbs = mn.Max(Math.Abs);
        for (int k = 0; k < 200; k++) Assert.True(Math.Abs(w[k] - mn[k]) <= 1e-12 * maxAbs);
        CheckDecomposition(A, 200, w, V, "n=200");

        // rank-deficient PSD Gram (100 x 100 of rank 30), as in the sparse-recovery problem
        var X = Vector<double>(rng, 30 * 100, 1 / Math.Sqrt(30));
        var G = LeastSquares.GramCols(X, 30, 100);
        var (wg, Vg) = SymmetricEigen.Decompose(G, 100);
        CheckDecomposition(G, 100, wg, Vg, "Gram 100x100 rank 30");
        for (int k = 30; k < 100; k++) Assert.True(Math.Abs(wg[k]) < 1e-13 * wg[0]);
    }

    [Fact]
    public void Jacobi_DegenerateAndDiagonalCases()
    {
        var I = new double[16];
        for (int i = 0; i < 4; i++) I[i * 4 + i] = 1;
        var (w, V) = SymmetricEigen.Decompose(I, 4);
        Assert.All(w, v => Assert.Equal(1.0, v));
        CheckDecomposition(I, 4, w, V, "identity");

        var D = new double[] { 1, 0, 0, 0, 4, 0, 0, 0, -2 };
        (w, V) = SymmetricEigen.Decompose(D, 3);
        Assert.Equal(new[] { 4.0, 1.0, -2.0 }, w);
        Assert.Equal(new double[] { 0, 1, 0, 1, 0, 0, 0, 0, 1 }, V);

        // repeated eigenvalue: [[2,1,0],[1,2,0],[0,0,3]] -> 3, 3, 1
        var R = new double[] { 2, 1, 0, 1, 2, 0, 0, 0, 3 };
        (w, V) = SymmetricEigen.Decompose(R, 3);
        Assert.Equal(3.0, w[0], 14);
        Assert.Equal(3.0, w[1], 14);
        Assert.Equal(1.0, w[2], 14);
        CheckDecomposition(R, 3, w, V, "repeated");

        var zero = new double[9];
        (w, V) = SymmetricEigen.Decompose(zero, 3);
        Assert.All(w, v => Assert.Equal(0.0, v));

        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[] { 1, double.NaN, double.NaN, 1 }, 2));
    }

    [Fact]
    public void Jacobi_WithWorkspace_DoesNotAllocate()
    {
        var rng = new System.Random(3);
        const int n = 40;
        var A = RandomSymmetric(rng, n);
        var w = new double[n];
        var V = new double[n * n];
        var ws = new double[SymmetricEigen.WorkspaceLength(n)];
        int sweeps = 0;
        Allocations.AssertNone(() => sweeps = SymmetricEigen.Decompose(A, n, w, V, ws));
        Assert.InRange(sweeps, 1, 20);
    }

    private static double[] MathNetPinvSolve(double[] X, int N, int n, double[] y)
    {
        var m = Matrix<double>.Build.DenseOfRowMajor(N, n, X);
        return (m.PseudoInverse() * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(y)).ToArray();
    }

    [Fact]
    public void MinNorm_MatchesMathNetPseudoInverse()
    {
        var rng = new System.Random(4);
        foreach (var (N, n) in new[] { (30, 100), (10, 20), (1, 5), (20, 20), (40, 15), (100, 30) })
        {
            var X = Vector<double>(rng, N * n, 1 / Math.Sqrt(N));
            var y = Vector<double>(rng, N);
            var a = LeastSquares.MinNorm(X, N, n, y);
            var want = MathNetPinvSolve(X, N, n, y);
            Assert.True(RelDiff(a, want) < 1e-10, $"{N}x{n}: {RelDiff(a, want):g3}");
            if (N <= n)
            {
                // interpolates: X â = y
                var r = new double[N];
                Kernels.Residual<double>(X, N, n, a, y, r);
                Assert.True(Kernels.Norm2<double>(r) < 1e-10 * Kernels.Norm2<double>(y));
            }
            var viaBigGram = LeastSquares.ReferenceDiagnostic(X, N, n, y, 0.0);
            Assert.True(RelDiff(viaBigGram, want) < 1e-8, $"reference form {N}x{n}: {RelDiff(viaBigGram, want):g3}");
        }
    }

    [Fact]
    public void MinNorm_RankDeficient_MatchesMathNet()
    {
        var rng = new System.Random(5);
        const int N = 12, n = 30;
        var X = Vector<double>(rng, N * n);
        // duplicate rows 0 -> 5 and 1 -> 7 (rank 10), with consistent targets
        Array.Copy(X, 0, X, 5 * n, n);
        Array.Copy(X, 1 * n, X, 7 * n, n);
        var y = Vector<double>(rng, N);
        y[5] = y[0];
        y[7] = y[1];
        var a = LeastSquares.MinNorm(X, N, n, y);
        var want = MathNetPinvSolve(X, N, n, y);
        Assert.True(RelDiff(a, want) < 1e-9, $"{RelDiff(a, want):g3}");
    }

    [Fact]
    public void StepSize_KnownMatrices()
    {
        // X = diag(1, 2): X^T X = diag(1, 4), lambda_max = 4 -> 2/4
        var X = new double[] { 1, 0, 0, 2 };
        Assert.Equal(4.0, StepSize.LambdaMax(X, 2, 2), 14);
        Assert.Equal(0.5, StepSize.MaxStable(X, 2, 2), 14);
        Assert.Equal(2.0 / 5.0, StepSize.MaxStable(X, 2, 2, beta2: 1.0), 14);
        Assert.True(StepSize.IsStable(0.49, X, 2, 2));
        Assert.False(StepSize.IsStable(0.5, X, 2, 2));
        Assert.False(StepSize.IsStable(0, X, 2, 2));

        // wide and tall random matrices vs MathNet's largest singular value squared
        var rng = new System.Random(6);
        foreach (var (N, n) in new[] { (30, 100), (100, 30), (7, 7) })
        {
            var A = Vector<double>(rng, N * n, 1 / Math.Sqrt(N));
            double smax = Matrix<double>.Build.DenseOfRowMajor(N, n, A).Svd(false).S[0];
            Assert.Equal(smax * smax, StepSize.LambdaMax(A, N, n), 12);
        }
    }
}
