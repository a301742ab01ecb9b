using Grokking.Numerics;
using Grokking.Problems.WeightDecayFlow;
using Grokking.Problems.WeightDecayFlow.Figures;
using Grokking.Training;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>The measurements behind p2-collapse and p2-drift, against closed forms.</summary>
public class PaperTwoFigureTests
{
    [Fact]
    public void FittedOrderIsTheExponentOfAPowerLaw()
    {
        double[] lambdas = [1e-2, 1e-3, 1e-4];
        Assert.Equal(0.8, FigureP2Drift.FittedOrder(lambdas, lambdas.Select(l => 3 * Math.Pow(l, 0.8)).ToArray()), 1e-12);
        // a distance that does not shrink has order 0, one that grows a negative order
        Assert.Equal(0, FigureP2Drift.FittedOrder(lambdas, [0.1, 0.1, 0.1]), 1e-12);
        Assert.True(FigureP2Drift.FittedOrder(lambdas, [0.01, 0.1, 1]) < 0);
    }

    /// <summary>Linear regression: at t_WD the row-space part sits at X^+ y and the null-space part is still
    /// e^{-lambda t_WD} w_perp(0); at lambda t = 3 it is e^{-3} w_perp(0). So the norm drop is
    /// (||X^+ y||^2 + e^{-2 lambda t_WD} ||w_perp||^2) / (||X^+ y||^2 + e^{-6} ||w_perp||^2) up to the ridge bias
    /// O(lambda / sigma_min^2): about 3.4 from a unit init, 1 + O(1e-4) from an init of variance 1e-4.</summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-4)]
    public void NormDropOfLinearRegressionIsTheNullSpacePartsDecay(double variance)
    {
        double lambda = 1e-3; // the ridge bias O(lambda / sigma_min^2) is then below 0.2 % of the norm drop
        var spec = FlowTestProblems.Spec("wd-linear", $"lambda={lambda},init-variance={variance},steps={(long)(3 / lambda / 0.1)}");
        var experiment = new LinearRegressionExperiment();
        var prepared = experiment.Prepare(spec);
        var record = new MetricRecord { TimeOf = prepared.TimeOf };
        var summary = prepared.Summarise(record, Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record));
        var p = (LinearRegression)experiment.CreateProblem(spec);
        var w0 = WeightDecayExperiment.InitialPoint(spec, p.D);
        var rowPart = LeastSquares.MinNorm(p.X, p.N, p.D, Multiply(p, w0));
        double perp2 = 0;
        for (int i = 0; i < p.D; i++) perp2 += (w0[i] - rowPart[i]) * (w0[i] - rowPart[i]);
        double star2 = Kernels.Dot<double>(p.MinNormSolution, p.MinNormSolution);
        double tWd = summary.Theory["t_wd"];
        double expected = (star2 + Math.Exp(-2 * lambda * tWd) * perp2) / (star2 + Math.Exp(-6) * perp2);
        double measured = FigureP2Collapse.NormDrop(record, 0.1, tWd);
        Assert.Equal(expected, measured, 0.01 * expected);
        if (variance == 1) Assert.True(measured > 2, $"{measured}");
        else Assert.InRange(measured, 1, 1.01);
    }

    private static double[] Multiply(LinearRegression p, double[] w)
    {
        var y = new double[p.N];
        Kernels.Gemv<double>(p.X, p.N, p.D, w, y);
        return y;
    }
}
