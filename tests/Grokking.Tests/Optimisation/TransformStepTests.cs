using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

/// <summary>One step of each transform against its closed form.</summary>
public class TransformStepTests
{
    // W (2 x 2) then b (3): the two-group layout most tests use
    private static readonly ParameterLayout Layout = new(("W", 2, 2), ("b", 3, 1));

    private static double[] Apply(IGradientTransform<double> t, double[] grad, double[] p, ParameterLayout? layout = null)
    {
        var u = (double[])grad.Clone();
        var state = t.Init(layout ?? Layout);
        t.Update(u, state, p);
        return u;
    }

    [Fact]
    public void LayoutPlacesGroupsEndToEndAndSelectsByKindOrName()
    {
        Assert.Equal(7, Layout.Size);
        Assert.Equal(new ParameterGroup("b", 4, 3, 1), Layout["b"]);
        Assert.Equal(["W"], Layout.Select(GroupSelector.Matrices).Select(g => g.Name));
        Assert.Equal(["b"], Layout.Select(GroupSelector.Named("b")).Select(g => g.Name));
        Assert.Throws<ArgumentException>(() => new ParameterLayout(("W", 2, 2), ("W", 1, 1)));
    }

    [Fact]
    public void LearningRateScalingIsMinusLrSoParamsPlusUpdateDescends()
    {
        var opt = new Optimiser<double>(Optimisers.GradientDescent(0.25), Layout);
        double[] p = [1, 2, 3, 4, 5, 6, 7], g = [4, 0, -4, 8, 1, 2, 3];
        opt.Step(p, g);
        Assert.Equal([0, 2, 4, 2, 4.75, 5.5, 6.25], p);
        Assert.Equal([-1, 0, 1, -2, -0.25, -0.5, -0.75], g); // the displacement that was added
    }

    [Fact]
    public void WeightDecayRestrictedToMatricesLeavesTheVectorGroupAlone()
    {
        double[] p = [1, -2, 3, 4, 5, 6, 7], g = new double[7];
        var u = Apply(new AddDecayedWeights<double>(0.5, GroupSelector.Matrices), g, p);
        Assert.Equal([0.5, -1, 1.5, 2, 0, 0, 0], u);
    }

    [Fact]
    public void L1SubgradientIsBetaSignWithSignOfZeroZero()
    {
        double[] p = [-3, 0, 2, -0.0, 1e-300, 0, -5], g = [10, 10, 10, 10, 10, 10, 10];
        var u = Apply(new AddL1Subgradient<double>(0.5), g, p);
        Assert.Equal([9.5, 10, 10.5, 10, 10.5, 10, 9.5], u);
    }

    [Fact]
    public void L2NormGradientIsBetaWOverFrobeniusPerGroupAndZeroAtZero()
    {
        // W = [[3, 0], [0, 4]] has ||W||_F = 5; b = 0 gets nothing (the subgradient 0 at W = 0)
        double[] p = [3, 0, 0, 4, 0, 0, 0], g = [1, 1, 1, 1, 1, 1, 1];
        var u = Apply(new AddL2NormGradient<double>(2.0), g, p);
        Assert.Equal([1 + 2 * 0.6, 1, 1, 1 + 2 * 0.8, 1, 1, 1], u);
    }

    [Fact]
    public void NuclearSubgradientIsUVTransposeOfEachMatrix()
    {
        // W = [[2, 0], [0, -3]]: U V^T = [[1, 0], [0, -1]]; W = [[1, 1], [1, 1]] (rank 1): U V^T = W / 2;
        // the vector group is not a matrix and is left alone
        double[] p = [2, 0, 0, -3, 1, 1, 1], g = new double[7];
        var u = Apply(new AddNuclearSubgradient<double>(0.5), g, p);
        double[] expected = [0.5, 0, 0, -0.5, 0, 0, 0];
        for (int i = 0; i < 7; i++) Assert.Equal(expected[i], u[i], 1e-15);

        var rect = new ParameterLayout(("W", 2, 3));
        double[] w = [1, 2, 2, 2, 1, -2]; // orthogonal rows of norm 3: W = I (3 I) (W / 3), so U V^T = W / 3
        var ur = Apply(new AddNuclearSubgradient<double>(1.0), new double[6], w, rect);
        for (int i = 0; i < 6; i++) Assert.Equal(w[i] / 3, ur[i], 1e-14);
    }

    [Fact]
    public void MomentumAndNesterovFollowTorchSgdOverTwoSteps()
    {
        var layout = ParameterLayout.Vector(1);
        double[] p = [0];
        foreach (bool nesterov in new[] { false, true })
        {
            var t = new Momentum<double>(0.9, nesterov);
            var s = t.Init(layout);
            double[] u1 = [2];
            t.Update(u1, s, p);                  // b = 2
            Assert.Equal(nesterov ? 2 + 0.9 * 2 : 2, u1[0], 1e-15);
            double[] u2 = [1];
            t.Update(u2, s, p);                  // b = 0.9 * 2 + 1 = 2.8
            Assert.Equal(nesterov ? 1 + 0.9 * 2.8 : 2.8, u2[0], 1e-15);
        }
    }

    [Fact]
    public void AdamFirstStepIsGradientOverItsMagnitudeThenBiasCorrectedMoments()
    {
        // t = 1: m = 0.1 g, v = 0.001 g^2, bias corrections 0.1 and 0.001: u = g / (|g| + eps)
        var layout = ParameterLayout.Vector(3);
        var adam = new ScaleByAdam<double>();
        var s = adam.Init(layout);
        double[] p = new double[3], u = [2, -0.5, 0];
        adam.Update(u, s, p);
        Assert.Equal(2 / (2 + 1e-8), u[0], 1e-15);
        Assert.Equal(-0.5 / (0.5 + 1e-8), u[1], 1e-15);
        Assert.Equal(0, u[2]);
        // t = 2 with g = 1 on entry 0: m = 0.09*2*... written out
        double[] u2 = [1, 0, 0];
        adam.Update(u2, s, p);
        double m = 0.9 * 0.2 + 0.1 * 1, v = 0.999 * 0.004 + 0.001 * 1;
        double expected = m / (Math.Sqrt(v) / Math.Sqrt(1 - 0.999 * 0.999) + 1e-8) / (1 - 0.9 * 0.9);
        Assert.Equal(expected, u2[0], 1e-14);
    }

    [Fact]
    public void AdamWDecayIsDecoupledFromTheMoments()
    {
        // with g = 0 Adam's direction is 0, so AdamW moves p by exactly -lr wd p; Adam (coupled) instead feeds wd p
        // through the moments, which normalise it to about -lr sign(p)
        var layout = ParameterLayout.Vector(2);
        double[] pW = [2, -4], gW = [0, 0];
        new Optimiser<double>(Optimisers.AdamW(0.1, 0.01), layout).Step(pW, gW);
        Assert.Equal(2 * (1 - 0.1 * 0.01), pW[0], 1e-15);
        Assert.Equal(-4 * (1 - 0.1 * 0.01), pW[1], 1e-15);
        double[] pA = [2, -4], gA = [0, 0];
        new Optimiser<double>(Optimisers.Adam(0.1, weightDecay: 0.01), layout).Step(pA, gA);
        Assert.Equal(2 - 0.1, pA[0], 1e-6);
        Assert.Equal(-4 + 0.1, pA[1], 1e-6);
    }

    [Fact]
    public void SoftThresholdLandsOnTheProxOfTheGradientStep()
    {
        // p + u = [1.5, -0.2, 0.05, -3]; threshold 0.5 -> [1, 0, 0, -2.5]
        var layout = ParameterLayout.Vector(4);
        double[] p = [1, 0, 0.05, -2], u = [0.5, -0.2, 0, -1];
        new Optimiser<double>(new SoftThreshold<double>(0.5), layout).Step(p, u);
        Assert.Equal([1, 0, 0, -2.5], p);
    }

    [Fact]
    public void BlockSoftThresholdShrinksEachGroupTowardZeroAndKillsSmallOnes()
    {
        // group a: p + u = (3, 4), norm 5, threshold 1 -> (2.4, 3.2); group c: p + u = (0.3, 0.4) -> 0
        var layout = new ParameterLayout(("a", 2, 1), ("c", 2, 1));
        double[] p = [1, 1, 0.3, 0], u = [2, 3, 0, 0.4];
        new Optimiser<double>(new BlockSoftThreshold<double>(1.0), layout).Step(p, u);
        Assert.Equal(2.4, p[0], 1e-15);
        Assert.Equal(3.2, p[1], 1e-15);
        Assert.Equal(0, p[2]);
        Assert.Equal(0, p[3]);
    }

    [Fact]
    public void SingularValueThresholdShrinksTheSpectrum()
    {
        // p + u = diag(3, -0.5) -> singular values (3, 0.5) shrunk by 1 -> diag(2, 0)
        var layout = new ParameterLayout(("W", 2, 2));
        double[] p = [1, 0, 0, 0], u = [2, 0, 0, -0.5];
        new Optimiser<double>(new SingularValueThreshold<double>(1.0), layout).Step(p, u);
        double[] expected = [2, 0, 0, 0];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], p[i], 1e-15);
    }

    [Fact]
    public void GrokfastEmaStartsAtTheFirstGradientThenFilters()
    {
        var layout = ParameterLayout.Vector(1);
        var t = new GrokfastEma<double>();
        var s = t.Init(layout);
        double[] p = [0], u1 = [1];
        t.Update(u1, s, p);                      // ema = 1: u = 1 + 2 * 1
        Assert.Equal(3, u1[0], 1e-15);
        double[] u2 = [-1];
        t.Update(u2, s, p);                      // ema = 0.98 - 0.02 = 0.96: u = -1 + 1.92
        Assert.Equal(-1 + 2 * 0.96, u2[0], 1e-15);
    }

    [Fact]
    public void OrthoGradRemovesTheComponentAlongTheWeightsAndKeepsTheNorm()
    {
        // w = (1, 0), g = (3, 4): g_perp = (0, 4), rescaled to ||g|| = 5 -> (0, 5); per group
        var layout = new ParameterLayout(("a", 2, 1), ("c", 2, 1));
        double[] p = [1, 0, 0, 2], u = [3, 4, 1, 1];
        var t = new OrthoGrad<double>();
        t.Update(u, t.Init(layout), p);
        Assert.Equal(0, u[0], 1e-15);
        Assert.Equal(5, u[1], 1e-15);
        Assert.Equal(Math.Sqrt(2), u[2], 1e-15); // c: w = (0, 2), g = (1, 1) -> (1, 0) * sqrt 2
        Assert.Equal(0, u[3], 1e-15);
    }

    [Fact]
    public void ChainAppliesItsTransformsInOrder()
    {
        // (g + 0.5 p) then * -0.1, versus the reverse order, which adds the decay after the scaling
        var layout = ParameterLayout.Vector(1);
        double[] p = [2], g = [1];
        var u = Apply(new Chain<double>(new AddDecayedWeights<double>(0.5), new ScaleByLearningRate<double>(0.1)), g, p, layout);
        Assert.Equal(-0.2, u[0], 1e-15);
        var v = Apply(new Chain<double>(new ScaleByLearningRate<double>(0.1), new AddDecayedWeights<double>(0.5)), g, p, layout);
        Assert.Equal(0.9, v[0], 1e-15);
    }

    [Fact]
    public void UpdateRejectsBuffersOfTheWrongLength()
    {
        var t = new AddL1Subgradient<double>(1);
        var s = t.Init(Layout);
        Assert.Throws<ArgumentException>(() => t.Update(new double[6], s, new double[7]));
    }
}
