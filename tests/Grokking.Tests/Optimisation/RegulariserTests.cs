using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

public class RegulariserTests
{
    private static double[] RandomVector(int n, int seed, double zeroFraction = 0)
    {
        var rng = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble() < zeroFraction ? 0 : rng.NextDouble() * 4 - 2).ToArray();
    }

    public static TheoryData<string> Names => new() { "l1", "l2sq", "l2" };

    private static IRegulariser<double> Make(string name) => name switch
    {
        "l1" => new L1<double>(),
        "l2sq" => new SquaredL2<double>(),
        _ => new L2<double>(),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void SubgradientMatchesCentralFiniteDifferencesWhereDifferentiable(string name)
    {
        var h = Make(name);
        var x = RandomVector(50, 1);
        var g = new double[x.Length];
        h.AddSubgradient(x, 1.0, g);
        const double eps = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            var xp = (double[])x.Clone(); xp[i] += eps;
            var xm = (double[])x.Clone(); xm[i] -= eps;
            double fd = (h.Value(xp) - h.Value(xm)) / (2 * eps);
            Assert.Equal(fd, g[i], 1e-7);
        }
    }

    [Fact]
    public void L1SubgradientUsesSignWithSignOfZeroEqualToZero()
    {
        var g = new double[] { 10, 10, 10 };
        new L1<double>().AddSubgradient(new double[] { -3, 0, 2 }, 0.5, g);
        Assert.Equal(new double[] { 9.5, 10, 10.5 }, g);
    }

    [Fact]
    public void SoftThresholdClosedForm()
    {
        var x = new double[] { -3, -0.5, 0, 0.2, 1.5 };
        new L1<double>().Prox(x, 1.0);
        Assert.Equal(new double[] { -2, 0, 0, 0, 0.5 }, x);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ProxMinimisesTheMoreauObjective(string name)
    {
        // z = prox_{t h}(x) must beat every perturbation of itself on 0.5||z - x||^2 + t h(z)
        var h = Make(name);
        var x = RandomVector(20, 7, zeroFraction: 0.2);
        const double t = 0.3;
        var z = (double[])x.Clone();
        h.Prox(z, t);
        double Obj(double[] v) => 0.5 * v.Zip(x, (a, b) => (a - b) * (a - b)).Sum() + t * h.Value(v);
        double best = Obj(z);
        var rng = new System.Random(3);
        for (int k = 0; k < 500; k++)
        {
            var w = z.Select(v => v + (rng.NextDouble() - 0.5) * 1e-3).ToArray();
            Assert.True(Obj(w) >= best - 1e-12, $"{name}: perturbation {k} improves the prox objective");
        }
    }

    [Fact]
    public void L2ProxIsBlockSoftThresholdAndKillsSmallVectors()
    {
        var x = new double[] { 3, 4 };
        new L2<double>().Prox(x, 1.0);
        Assert.Equal(2.4, x[0], 1e-15);
        Assert.Equal(3.2, x[1], 1e-15);
        var small = new double[] { 0.3, 0.4 };
        new L2<double>().Prox(small, 1.0);
        Assert.Equal(new double[] { 0, 0 }, small);
    }

    [Fact]
    public void GradientDescentStepIsAlphaTimesGradientPlusBetaSubgradient()
    {
        // x <- x - alpha (G + beta1 sign(x) + beta2 x), all terms at the old x (paper 1, eq. 1)
        var gd = new GradientDescent<double>(0.1, [new(new L1<double>(), 0.01, PenaltyMode.Subgradient),
                                                  new(new SquaredL2<double>(), 0.5, PenaltyMode.Subgradient)]);
        var x = new double[] { 1, -2, 0 };
        var g = new double[] { 0.5, 0.5, 0.5 };
        gd.Step(x, g);
        Assert.Equal(1 - 0.1 * (0.5 + 0.01 + 0.5), x[0], 1e-15);
        Assert.Equal(-2 - 0.1 * (0.5 - 0.01 - 1.0), x[1], 1e-15);
        Assert.Equal(-0.05, x[2], 1e-15);
    }

    [Fact]
    public void IstaStepIsSoftThresholdOfTheGradientStep()
    {
        var gd = new GradientDescent<double>(0.5, [new(new L1<double>(), 0.2, PenaltyMode.Proximal)]);
        var x = new double[] { 1, 0.05 };
        var g = new double[] { 0.4, 0 };
        gd.Step(x, g);
        Assert.Equal(0.7, x[0], 1e-15); // 1 - 0.5*0.4 = 0.8, shrink by 0.1
        Assert.Equal(0, x[1]);
    }

    [Fact]
    public void FloatVersionAgreesWithDouble()
    {
        var x = RandomVector(33, 5);
        var xf = x.Select(v => (float)v).ToArray();
        Assert.Equal(new L1<double>().Value(x), new L1<float>().Value(xf), 1e-4);
        Assert.Equal(new L2<double>().Value(x), new L2<float>().Value(xf), 1e-4);
    }
}
