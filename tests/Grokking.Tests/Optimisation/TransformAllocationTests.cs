using Grokking.Optimisation;

namespace Grokking.Tests.Optimisation;

/// <summary>Update allocates nothing: every buffer is made in Init.</summary>
public class TransformAllocationTests
{
    [Fact]
    public void AWarmedUpChainOfEveryTransformAllocatesNothing()
    {
        var layout = new ParameterLayout(("W1", 6, 5), ("b1", 6, 1), ("W2", 3, 6));
        var chain = new Chain<double>(
            new OrthoGrad<double>(GroupSelector.Matrices), new GrokfastEma<double>(),
            new AddL1Subgradient<double>(1e-3), new AddL2NormGradient<double>(1e-3), new AddNuclearSubgradient<double>(1e-3),
            new AddDecayedWeights<double>(1e-2, GroupSelector.Named("b1")), new Momentum<double>(0.9, nesterov: true),
            new ScaleByAdam<double>(), new ScaleByLearningRate<double>(1e-2),
            new SoftThreshold<double>(1e-6, GroupSelector.Named("b1")), new BlockSoftThreshold<double>(1e-6, GroupSelector.Named("b1")),
            new SingularValueThreshold<double>(1e-6));
        var p = Enumerable.Range(0, layout.Size).Select(i => Math.Sin(i + 0.5)).ToArray();
        var g = new double[layout.Size];
        var opt = new Optimiser<double>(chain, layout);
        void Step(int t)
        {
            for (int i = 0; i < g.Length; i++) g[i] = Math.Cos(0.3 * i + t) - 0.1 * p[i];
            opt.Step(p, g);
        }
        for (int t = 0; t < 5; t++) Step(t);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 5; t < 105; t++) Step(t);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(p, v => Assert.True(double.IsFinite(v)));
    }
}
