using Grokking.Analysis;
using Grokking.Numerics;
using Grokking.Problems.WeightDecayFlow;
using Grokking.Training;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>Where the slow phase ends (spec A.2, Props 3-4): the diagonal network at the minimum-l1 interpolator, the
/// factorised completion at the low-rank ground truth.</summary>
public class LimitTests
{
    /// <summary>Phi(w0): gradient descent without weight decay until the residual is at rounding, polished onto M.</summary>
    private static double[] FlowMap(FlowProblem p, double[] w0, double eta, long steps)
    {
        var flow = new WeightDecayStepper(p, w0, eta, 0);
        flow.Advance(steps);
        var w = flow.W.ToArray();
        RiemannianDrift.Retract(p, w);
        return w;
    }

    /// <summary>The predicted slow flow (lambda -> 0, no Lasso bias) from Phi(w0) ends at balanced factors of the certified
    /// minimum-l1 interpolator: u ⊙ v = beta_BP to 1e-4.</summary>
    [Fact]
    public void TheDiagonalNetworksSlowFlowEndsAtTheMinimumL1Interpolator()
    {
        var p = FlowTestProblems.Diagonal();
        var w0 = FlowTestProblems.Point(p.Dimension, Math.Sqrt(0.1), seed: 2);
        var start = FlowMap(p, w0, 0.01, 20_000);
        Assert.True(p.Loss(start) < 1e-20);
        double bpStart = Distance(p, start);
        Assert.True(bpStart > 1e-2, $"Phi(w0) is already at the minimum-l1 interpolator ({bpStart}): nothing left to test");
        var end = RiemannianDrift.SlowFlow(p, start, [25.0], ds: 0.05)[0];
        Assert.True(Distance(p, end) < 1e-4, $"||u v - beta_BP||_inf = {Distance(p, end)}");
        // and the teacher is that interpolator here (exact recovery), as in the paper's figure
        for (int j = 0; j < p.D; j++) Assert.Equal(p.Teacher[j], p.MinL1Interpolator[j], 1e-6);
    }

    private static double Distance(DiagonalNetwork p, double[] w)
    {
        double e = 0;
        for (int j = 0; j < p.D; j++) e = Math.Max(e, Math.Abs(w[j] * w[p.D + j] - p.MinL1Interpolator[j]));
        return e;
    }

    /// <summary>
    /// Gradient descent with weight decay (lambda = 1e-3, a 6 x 6 rank-1 matrix, 28 of 36 entries observed, eta = 0.02) to
    /// t = 2e4: one singular value within 1e-3 relative of the ground truth's (the nuclear-norm shrinkage is ~lambda / p in
    /// absolute terms), the others below 1e-3, test loss below 1e-4. The full-size check (10 x 10, rank 3) is a figure claim.
    /// </summary>
    [Fact]
    public void CompletionEndsAtTheLowRankGroundTruth()
    {
        var spec = FlowTestProblems.Spec("wd-completion", "n1=6,n2=6,rank=1,observed=0.78,eta=0.02,steps=1000000,eval-per-decade=5");
        var prepared = new FactorisedCompletionExperiment().Prepare(spec);
        var record = new MetricRecord { TimeOf = prepared.TimeOf };
        var summary = prepared.Summarise(record, Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record));
        double star = summary.Theory["sigma_star_0"];
        Assert.True(Math.Abs(summary.Final["sigma_0"] - star) < 1e-3 * star, $"sigma_0 = {summary.Final["sigma_0"]} vs {star}");
        for (int c = 1; c < 6; c++) Assert.True(summary.Final[$"sigma_{c}"] < 1e-3, $"sigma_{c} = {summary.Final[$"sigma_{c}"]}");
        Assert.True(summary.Final["test_loss"] < 1e-4, $"test loss {summary.Final["test_loss"]}");
        Assert.True(summary.Final["train_loss"] < 1e-5);
    }
}
