using Grokking.Optimisation;
using Grokking.Problems.WeightDecayFlow;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>
/// The fused weight-decay stepper w &lt;- (1 - eta lambda) w - eta grad F(w) is the gradient-transform chain
/// Chain(AddDecayedWeights(lambda), GradientDescent(eta)) written as one pass: a few hundred steps of each of the four
/// problems agree to rounding. One step's decay term alone moves w by eta lambda |w| >= 1e-5 |w| here, far above the
/// band, so a dropped, doubled or mis-signed decay fails it; so does a wrong step size.
/// </summary>
public class StepperChainTests
{
    private const int Steps = 300;

    public static TheoryData<string, double, double> Problems => new()
    {
        { "linear", 0.1, 1e-3 },
        { "diagonal", 0.01, 1e-2 },
        { "completion", 0.01, 1e-2 },
        { "relu", 0.002, 1e-2 },
    };

    private static FlowProblem Problem(string name) => name switch
    {
        "linear" => FlowTestProblems.Linear(),
        "diagonal" => FlowTestProblems.Diagonal(),
        "completion" => FlowTestProblems.Completion(),
        _ => FlowTestProblems.Relu(),
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void FusedStepperIsDecayedWeightsThenGradientDescent(string name, double eta, double lambda)
    {
        var problem = Problem(name);
        int d = problem.Dimension;
        var w0 = FlowTestProblems.Point(d, scale: 0.5);
        var fused = new WeightDecayStepper(problem, w0, eta, lambda);
        fused.Advance(Steps);

        var opt = new Optimiser<double>(new Chain<double>(new AddDecayedWeights<double>(lambda), Optimisers.GradientDescent(eta)),
            ParameterLayout.Vector(d, "w"));
        var w = (double[])w0.Clone();
        var g = new double[d];
        for (int k = 0; k < Steps; k++)
        {
            problem.Gradient(w, g);
            opt.Step(w, g);
        }

        double worst = 0, moved = 0;
        for (int i = 0; i < d; i++)
        {
            worst = Math.Max(worst, Math.Abs(fused.W[i] - w[i]));
            moved = Math.Max(moved, Math.Abs(w[i] - w0[i]));
        }
        // measured 1.8e-15 (linear), 2.4e-15 (diagonal), 3.1e-15 (completion), 9.8e-15 (relu)
        Assert.True(worst <= 1e-12, $"{name}: max |fused - chain| = {worst:E3}");
        Assert.True(moved > 1e-2, $"{name}: the run barely moved ({moved:E3}), the comparison would be empty");

        // the same chain without the decay term is measurably different: the band above can tell them apart
        var plain = new WeightDecayStepper(problem, w0, eta, 0);
        plain.Advance(Steps);
        double gap = 0;
        for (int i = 0; i < d; i++) gap = Math.Max(gap, Math.Abs(plain.W[i] - w[i]));
        Assert.True(gap > 1e-6, $"{name}: dropping weight decay changed w by only {gap:E3}");
    }
}
