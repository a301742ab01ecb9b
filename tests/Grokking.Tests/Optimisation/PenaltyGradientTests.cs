using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

/// <summary>The penalty transforms add the gradient of the penalty values in <see cref="Norms"/> (central finite
/// differences where differentiable), and the proximal transforms minimise the Moreau objective.</summary>
public class PenaltyGradientTests
{
    private static readonly ParameterLayout Layout = new(("W", 3, 4), ("b", 5, 1));

    private static double[] RandomVector(int n, int seed, double zeroFraction = 0)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble() < zeroFraction ? 0 : rng.NextDouble() * 4 - 2).ToArray();
    }

    /// <summary>The penalty value over all groups, the same conventions the transform's gradient uses.</summary>
    private static double Penalty(string name, double[] p) => name switch
    {
        "l1" => Norms.L1<double>(p),
        "l2sq" => Norms.HalfSquaredL2<double>(p),
        "l2" => Layout.Groups.Sum(g => Norms.L2(g.Of<double>(p))),
        _ => Norms.Nuclear<double>(Layout["W"].Of<double>(p), 3, 4),
    };

    private static IGradientTransform<double> Gradient(string name) => name switch
    {
        "l1" => new AddL1Subgradient<double>(1),
        "l2sq" => new AddDecayedWeights<double>(1),
        "l2" => new AddL2NormGradient<double>(1),
        _ => new AddNuclearSubgradient<double>(1),
    };

    [Theory]
    [InlineData("l1")]
    [InlineData("l2sq")]
    [InlineData("l2")]
    [InlineData("nuclear")]
    public void GradientTermMatchesCentralFiniteDifferencesOfTheValue(string name)
    {
        var p = RandomVector(Layout.Size, 1);
        var g = new double[p.Length];
        var t = Gradient(name);
        t.Update(g, t.Init(Layout), p);
        const double eps = 1e-6;
        for (int i = 0; i < p.Length; i++)
        {
            var pp = (double[])p.Clone(); pp[i] += eps;
            var pm = (double[])p.Clone(); pm[i] -= eps;
            double fd = (Penalty(name, pp) - Penalty(name, pm)) / (2 * eps);
            Assert.Equal(fd, g[i], 1e-7);
        }
    }

    [Fact]
    public void NormValuesHaveTheirClosedForms()
    {
        double[] x = [3, -4];
        Assert.Equal(7, Norms.L1<double>(x));
        Assert.Equal(5, Norms.L2<double>(x));
        Assert.Equal(12.5, Norms.HalfSquaredL2<double>(x));
        Assert.Equal(5f, Norms.L2<float>([3f, -4f]));
        Assert.Equal(5, Norms.Nuclear<double>([2, 0, 0, -3], 2, 2), 1e-15);
    }

    [Theory]
    [InlineData("soft")]
    [InlineData("block")]
    [InlineData("svt")]
    public void ProximalStepMinimisesTheMoreauObjective(string name)
    {
        // z = prox_{t h}(x) must beat every perturbation of itself on 0.5||z - x||^2 + t h(z)
        var layout = new ParameterLayout(("W", 3, 4));
        var x = RandomVector(12, 7, zeroFraction: 0.2);
        const double t = 0.3;
        IGradientTransform<double> prox = name switch
        {
            "soft" => new SoftThreshold<double>(t),
            "block" => new BlockSoftThreshold<double>(t),
            _ => new SingularValueThreshold<double>(t),
        };
        double H(double[] v) => name switch
        {
            "soft" => Norms.L1<double>(v),
            "block" => Norms.L2<double>(v),
            _ => Norms.Nuclear<double>(v, 3, 4),
        };
        // start from p = 0 with displacement x, so p + u lands on prox(x)
        var z = new double[12];
        var u = (double[])x.Clone();
        new Optimiser<double>(prox, layout).Step(z, u);
        double Obj(double[] v) => 0.5 * v.Zip(x, (a, b) => (a - b) * (a - b)).Sum() + t * H(v);
        double best = Obj(z);
        var rng = new System.Random(3);
        for (int k = 0; k < 300; k++)
        {
            var w = z.Select(v => v + (rng.NextDouble() - 0.5) * 1e-3).ToArray();
            Assert.True(Obj(w) >= best - 1e-12, $"{name}: perturbation {k} improves the prox objective");
        }
    }

    [Fact]
    public void FloatTransformsAgreeWithDouble()
    {
        var p = RandomVector(Layout.Size, 5);
        var g = RandomVector(Layout.Size, 6);
        var pf = p.Select(v => (float)v).ToArray();
        IGradientTransform<double> Chain64() => new Chain<double>(new OrthoGrad<double>(), new AddL1Subgradient<double>(0.1),
            new AddL2NormGradient<double>(0.2), new AddNuclearSubgradient<double>(0.3), new ScaleByAdam<double>(), new ScaleByLearningRate<double>(0.01));
        IGradientTransform<float> Chain32() => new Chain<float>(new OrthoGrad<float>(), new AddL1Subgradient<float>(0.1f),
            new AddL2NormGradient<float>(0.2f), new AddNuclearSubgradient<float>(0.3f), new ScaleByAdam<float>(), new ScaleByLearningRate<float>(0.01f));
        var o64 = new Optimiser<double>(Chain64(), Layout);
        var o32 = new Optimiser<float>(Chain32(), Layout);
        for (int step = 0; step < 5; step++)
        {
            var g64 = (double[])g.Clone();
            var g32 = g.Select(v => (float)v).ToArray();
            o64.Step(p, g64);
            o32.Step(pf, g32);
        }
        for (int i = 0; i < p.Length; i++) Assert.Equal(p[i], pf[i], 1e-5);
    }
}
