using Grokking.Experiments;
using Grokking.Problems.WeightDecayFlow;
using Grokking.Training;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>The discretisation: curves in flow time t = k eta do not depend on eta (to first order), the step allocates
/// nothing, and the update is w - eta (g + lambda w).</summary>
public class FlowDynamicsTests
{
    [Fact]
    public void TheFusedStepIsGradientPlusWeightDecay()
    {
        double[] w = [1.0, -2.0, 0.5];
        double[] g = [0.25, 1.0, -4.0];
        WeightDecayStepper.Step(w, g, eta: 0.1, lambda: 0.5);
        Assert.Equal(1.0 - 0.1 * (0.25 + 0.5 * 1.0), w[0], 1e-15);
        Assert.Equal(-2.0 - 0.1 * (1.0 + 0.5 * -2.0), w[1], 1e-15);
        Assert.Equal(0.5 - 0.1 * (-4.0 + 0.5 * 0.5), w[2], 1e-15);
    }

    /// <summary>Train-loss curve of the diagonal network at the flow times <paramref name="times"/>.</summary>
    private static double[] Curve(FlowProblem p, double[] w0, double eta, double lambda, double[] times)
    {
        var stepper = new WeightDecayStepper(p, w0, eta, lambda);
        var result = new double[times.Length];
        long done = 0;
        for (int i = 0; i < times.Length; i++)
        {
            long k = (long)Math.Round(times[i] / eta);
            stepper.Advance(k - done);
            done = k;
            result[i] = p.Loss(stepper.W);
        }
        return result;
    }

    /// <summary>
    /// Gradient descent is the flow plus O(eta): halving eta moves the curve L(t) by about half as much again, so the
    /// differences D(eta) = max_t |L_eta(t) - L_{eta/2}(t)| must shrink by 2 from one halving to the next (first-order
    /// convergence to one curve in t), and the curves agree to a few per cent of L(0) at the default-size step.
    /// Deterministic: fixed data, init and horizon.
    /// </summary>
    [Fact]
    public void HalvingTheStepLeavesTheCurvesInFlowTimeUnchanged()
    {
        var p = FlowTestProblems.Diagonal();
        var w0 = FlowTestProblems.Point(p.Dimension, Math.Sqrt(0.1), seed: 2);
        double[] times = [0.5, 1, 2, 5, 10, 20, 50];
        const double eta = 0.004, lambda = 1e-2;
        var l1 = Curve(p, w0, eta, lambda, times);
        var l2 = Curve(p, w0, eta / 2, lambda, times);
        var l4 = Curve(p, w0, eta / 4, lambda, times);
        double d1 = 0, d2 = 0;
        for (int i = 0; i < times.Length; i++)
        {
            d1 = Math.Max(d1, Math.Abs(l1[i] - l2[i]));
            d2 = Math.Max(d2, Math.Abs(l2[i] - l4[i]));
        }
        Assert.InRange(d1 / d2, 1.8, 2.2);
        Assert.True(d1 < 0.02 * p.Loss(w0), $"curves differ by {d1} against L(0) = {p.Loss(w0)}");
    }

    public static TheoryData<string, string> Kinds => new()
    {
        { "wd-linear", "" },
        { "wd-diagonal", "n=10,d=20" },
        { "wd-completion", "" },
        { "wd-relu", "m=20" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SteppingAndRecordingAllocateNothing(string kind, string overrides)
    {
        var spec = FlowTestProblems.Spec(kind, overrides);
        var model = ExperimentCatalog.Get(kind).Prepare(spec).Trainable;
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        record.Reserve(200L * model.RowsPerRecord);
        model.Advance(100); // JIT and tiering warm-up
        model.Record(0, record);
        model.Record(1, record);

        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Advance(2_000);
        for (int k = 2; k <= 50; k++) { model.Advance(10); model.Record(k, record); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryRecordedMetricIsDeclared(string kind, string overrides)
    {
        var experiment = ExperimentCatalog.Get(kind);
        var prepared = experiment.Prepare(FlowTestProblems.Spec(kind, overrides + (overrides.Length > 0 ? "," : "") + "steps=20"));
        var record = new MetricRecord();
        Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        var declared = experiment.Metrics.Select(m => m.Name).ToHashSet();
        Assert.All(record.MetricNames, name => Assert.Contains(name, declared));
        Assert.Equal("t = k*eta", prepared.TimeLabel);
        Assert.Equal(20 * FlowTestProblems.Spec(kind, overrides).Real("eta"), prepared.TimeOf(20), 1e-15);
    }
}
