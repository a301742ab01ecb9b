using Grokking.Problems.Sensing;
using Grokking.Numerics;
using Grokking.Problems.SparseRecovery;
using Grokking.Tests.Random;

namespace Grokking.Tests.Problems;

/// <summary>Bases of spec B.0.2 against numpy (create_normal_basis bit-exact, QR to rounding).</summary>
public class BasisTests
{
    [Fact]
    public void GaussianBasisIsScaledRandnBitExact()
    {
        // create_normal_basis(4, seed=3)
        double[] expected =
        [
            0.8943142367151593, 0.21825492525599471, 0.04824873403600431, -0.9317463516822454,
            -0.13869410125719953, -0.17737948963449338, -0.041370740741229886, -0.31350033841192365,
            -0.02190908448796412, -0.23860901517975133, -0.6569323766813411, 0.4423111902497923,
            0.4406590211037649, 0.8547865318264742, 0.025016821088430105, -0.20233870730044543,
        ];
        BitAssert.Equal(expected, Basis.Gaussian(4, seed: 3).Matrix!.Data);
    }

    [Fact]
    public void OrthonormalBasisMatchesNumpyQrIncludingSigns()
    {
        // create_orthonormal_basis(5, seed=0) = np.linalg.qr(randn(5, 5) / sqrt(5))[0]
        double[] expected =
        [
            -0.5388637501503593, -0.24904609572211528, -0.6246931176839889, 0.5072353487213366, 0.008527057245281727,
            0.2985283427064745, -0.35254992113392025, 0.29807046284336414, 0.5220997794971347, -0.6520392634947519,
            -0.0440008819002606, -0.6154363466919195, -0.2592356719158149, -0.6625264419028, -0.33638906900860244,
            -0.10192724710737805, -0.6408642689799815, 0.44954092961066977, 0.12058129203203906, 0.6018944505962189,
            0.7798598887389502, -0.15561390435721026, -0.501619703470399, 0.12900770150687707, 0.3151786045228303,
        ];
        double[] q = Basis.Orthonormal(5, seed: 0).Matrix!.Data;
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], q[k], 1e-14);
        }
    }

    [Fact]
    public void LargeOrthonormalBasisMatchesNumpyToRounding()
    {
        // create_orthonormal_basis(100, seed=1)
        DenseMatrix q = Basis.Orthonormal(100, seed: 1).Matrix!;
        double[] row0 = [-0.16580216577142703, 0.03538190142416479, -0.05759343985102257];
        double[] row99 = [0.0951155524165529, 0.026679691066412378, 0.020267912833265248];
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(row0[j], q[0, j], 1e-12);
            Assert.Equal(row99[j], q[99, 97 + j], 1e-12);
        }
        Assert.Equal(-0.12636619001587784, q[50, 50], 1e-12);
        double trace = 0;
        for (int i = 0; i < 100; i++)
        {
            trace += q[i, i];
        }
        Assert.Equal(-6.44475900975245, trace, 1e-11);

        // Orthonormal columns.
        double worst = 0;
        for (int a = 0; a < 100; a++)
        {
            for (int b = a; b < 100; b++)
            {
                double dot = 0;
                for (int i = 0; i < 100; i++)
                {
                    dot += q[i, a] * q[i, b];
                }
                worst = Math.Max(worst, Math.Abs(dot - (a == b ? 1 : 0)));
            }
        }
        Assert.True(worst < 1e-13, $"Q^T Q deviates from I by {worst}.");
    }

    [Fact]
    public void HouseholderQrFollowsLapackSignConventions()
    {
        // np.linalg.qr(A)[0] for a 4 x 2 matrix; diag(R) gets the opposite sign of each pivot.
        var tall = new DenseMatrix(4, 2, [1.0, 2, 0, 1, 3, -1, 0, 0.5]);
        double[] expected = [-0.316227766016838, -0.8468017304727874, -0.0, -0.4032389192727559, -0.9486832980505138, 0.28226724349092924, -0.0, -0.20161945963637795];
        double[] q = HouseholderQr.ComputeQ(tall).Data;
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], q[k], 1e-15);
        }

        // Zero pivot: Fortran SIGN(norm, +0) is +norm, so beta = -3 and Q[:, 0] = -e_2.
        var zeroPivot = new DenseMatrix(3, 2, [0.0, 2, 0, 1, 3, -1]);
        double[] expectedZero = [0.0, -0.8944271909999157, 0.0, -0.44721359549995787, -1.0, 0.0];
        double[] qZero = HouseholderQr.ComputeQ(zeroPivot).Data;
        for (int k = 0; k < expectedZero.Length; k++)
        {
            Assert.Equal(expectedZero[k], qZero[k], 1e-15);
        }

        // Already-triangular columns give tau = 0 (no reflection): qr(-I)[0] = I.
        var minusIdentity = new DenseMatrix(3, 3, [-1.0, 0, 0, 0, -1, 0, 0, 0, -1]);
        Assert.Equal(DenseMatrix.Identity(3).Data, HouseholderQr.ComputeQ(minusIdentity).Data);
    }

    [Fact]
    public void IdentityIsImplicit()
    {
        Basis identity = Basis.Identity(3);
        Assert.True(identity.IsIdentity);
        Assert.Equal(1.0, identity[2, 2]);
        Assert.Equal(0.0, identity[0, 2]);
        Assert.Equal(DenseMatrix.Identity(3).Data, identity.ToDense().Data);
        Assert.Equal(new[] { 1.0, -2.0, 3.0 }, identity.Apply([1.0, -2.0, 3.0]));
        Assert.Throws<ArgumentException>(() => Basis.Identity(0));
    }
}
