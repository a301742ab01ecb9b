using Grokking.Experiments;
using Grokking.Optimisation;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Problems.SparseRecovery;

namespace Grokking.Tests.Optimisation;

/// <summary>
/// The convex families' fused steppers are fast paths of gradient-transform chains: a few hundred steps of each
/// agree with the chain (gradient descent + l1 subgradient / squared l2 / nuclear subgradient, or the proximal
/// forms) to rounding. The bands are far below the smallest change a single penalty term makes in one step
/// (alpha beta >= 1e-6 here), so a dropped, doubled or mis-signed term fails them.
/// </summary>
public class ChainEqualsFusedTests
{
    private const int Steps = 300;

    private static SparseRecoveryData SparseData() =>
        SparseRecoveryData.Create(RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, []));

    [Fact]
    public void FusedSubgradientKernelIsGradientDescentWithL1AndSquaredL2Terms()
    {
        var d = SparseData();
        double alpha = 0.1, beta1 = 1e-4, beta2 = 1e-3;
        var init = Enumerable.Range(0, d.n).Select(i => 1e-3 * Math.Sin(i + 1)).ToArray();
        var fused = new FusedSubgradientStepper(d, (double[])init.Clone(), alpha, beta1, beta2);
        var chain = new ChainStepper(d, (double[])init.Clone(), ChainStepper.Transform("gd", alpha, beta1, beta2, 0));
        fused.Advance(Steps);
        chain.Advance(Steps);
        AssertClose(fused.A, chain.A, 1e-14); // measured 2.4e-17
    }

    [Fact]
    public void IstaStepperIsDecayThenSoftThresholdOnTheDisplacement()
    {
        var d = SparseData();
        double alpha = 0.1, beta1 = 1e-3, beta2 = 1e-3;
        var init = Enumerable.Range(0, d.n).Select(i => 1e-2 * Math.Cos(i)).ToArray();
        var ista = new IstaStepper(d, (double[])init.Clone(), alpha, beta1, beta2);
        var chain = new ChainStepper(d, (double[])init.Clone(), new Chain<double>(new AddDecayedWeights<double>(beta2),
            new ScaleByLearningRate<double>(alpha), new SoftThreshold<double>(alpha * beta1)));
        ista.Advance(Steps);
        chain.Advance(Steps);
        AssertClose(ista.A, chain.A, 1e-14); // measured 2.9e-17
        Assert.Contains(0.0, chain.A.ToArray()); // the threshold produced exact zeros, as ISTA's does
    }

    [Theory]
    [InlineData("subgradient")]
    [InlineData("ista")]
    public void MatrixStepperIsTheChainWithNuclearSubgradientOrSingularValueThresholding(string method)
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema,
            [new("method", method), new("init", "random"), new("init-scale", 1.0), new("beta-star", 1e-3),
             new("beta1", 1e-4), new("beta2", 1e-3), new("alpha", 0.2)]);
        var d = MatrixData.Create(spec);
        double alpha = 0.2, betaStar = 1e-3, beta1 = 1e-4, beta2 = 1e-3;
        var init = MatrixFactorisationExperiment.InitialPoint(d, random: true, scale: 1.0, seed: 0);
        var model = new MatrixModel(d, method == "ista" ? MatrixMethod.Proximal : MatrixMethod.Subgradient,
            alpha, betaStar, beta1, beta2, init.Clone(), spectrum: false);

        int n1 = d.N1, n2 = d.N2;
        double[] Compact(PaddedMatrix m)
        {
            var c = new double[n1 * n2];
            for (int i = 0; i < n1; i++) for (int j = 0; j < n2; j++) c[i * n2 + j] = m[i, j];
            return c;
        }
        var a = Compact(init);
        var mask = Compact(d.Mask);
        var aStar = Compact(d.AStar);
        IGradientTransform<double> transform = method == "ista"
            ? new Chain<double>(new AddL1Subgradient<double>(beta1), new AddDecayedWeights<double>(beta2),
                new ScaleByLearningRate<double>(alpha), new SingularValueThreshold<double>(alpha * betaStar))
            : new Chain<double>(new AddNuclearSubgradient<double>(betaStar), new AddL1Subgradient<double>(beta1),
                new AddDecayedWeights<double>(beta2), new ScaleByLearningRate<double>(alpha));
        var opt = new Optimiser<double>(transform, new ParameterLayout(("A", n1, n2)));
        var g = new double[a.Length];
        for (int t = 0; t < Steps; t++)
        {
            for (int k = 0; k < a.Length; k++) g[k] = mask[k] * (a[k] - aStar[k]); // completion: Mask o (A - A*)
            opt.Step(a, g);
        }
        model.Advance(Steps);
        // measured: 6.7e-16 (subgradient), 3.4e-12 (thresholding: each step rebuilds A from its SVD, whose
        // reconstruction error, ~1e-14 here, accumulates); one step's nuclear term alone is alpha beta* = 2e-4
        AssertClose(Compact(model.Current), a, method == "ista" ? 1e-10 : 1e-13);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= tol, $"max |fused - chain| = {worst:E3} > {tol:E1}");
    }
}
