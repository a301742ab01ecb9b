using Grokking.Problems.WeightDecayFlow;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>Proposition 2 on the closed-form problem: the real run at t = s / lambda stays O(lambda ln(1/lambda)) close
/// to the predicted slow flow, and the diagnostic sees the null space of X as the tangent space.</summary>
public class DriftStudyTests
{
    [Fact]
    public void TheRealRunFollowsThePredictedSlowFlowInRescaledTime()
    {
        var experiment = new LinearRegressionExperiment();
        var spec = FlowTestProblems.Spec("wd-linear", "N=10,d=30,lambda=1e-3");
        var rows = DriftStudy.Run(experiment, spec, [0.5, 1, 2, 4]);
        double scale = Math.Sqrt(rows[0].PredictedNorm2);
        foreach (var row in rows)
        {
            Assert.Equal(30 - 10, row.KernelDimension);
            // the real run lags the flow by the hand-over time ~ ln(1/lambda)/c in t, i.e. ~ lambda ln(1/lambda) in s,
            // and carries the ridge bias O(lambda): both below 2 % of ||w|| at lambda = 1e-3
            Assert.True(row.DistanceToPrediction < 0.02 * scale, $"s = {row.S}: distance {row.DistanceToPrediction} against {scale}");
        }
        // the null-space part (the test loss) decays as e^{-2s} on both
        Assert.Equal(Math.Exp(-2 * (4 - 0.5)), rows[3].PredictedTestLoss / rows[0].PredictedTestLoss, 1e-6);
        Assert.InRange(rows[3].TestLoss / rows[0].TestLoss, 0.9 * Math.Exp(-7), 1.1 * Math.Exp(-7));
        // weight decay's tangent part lambda ||P_null w|| decays as e^{-s}; its normal part lambda ||P_row w|| stays at
        // lambda ||X^+ y|| (the row-space part is pinned by the data)
        Assert.InRange(rows[3].TangentForce / rows[0].TangentForce, 0.95 * Math.Exp(-3.5), 1.05 * Math.Exp(-3.5));
        Assert.InRange(rows[3].NormalForce / rows[0].NormalForce, 0.98, 1.02);
    }
}
