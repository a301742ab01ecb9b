using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Training;

namespace Grokking.Tests.Problems;

/// <summary>
/// Golden run: Figure 3's setting (spec B.1) shortened to 120,000 steps, which covers t2 = 101,000.
/// Expected values come from tools/reference/sparse_recovery_reference.py, a numpy port of the reference
/// solver on the same (bit-identical) data; the reference code itself gives t1 = 60 and t2 = 101,000 (spec B.1).
/// Early errors agree to ~1e-12 (same data, same arithmetic up to summation order); later ones drift by
/// summation-order rounding amplified through the sign() switching, hence the looser band there.
/// </summary>
public class SparseRecoveryGoldenTests
{
    private static (MetricRecord Record, RunSummary Summary) Run(long steps)
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
            [new("steps", steps), new("components", false)]);
        var prepared = new SparseRecoveryExperiment().Prepare(spec);
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        return (record, prepared.Summarise(record, timing));
    }

    [Fact]
    public void Figure3ShortenedReproducesTheReferenceTimesAndErrors()
    {
        var (record, summary) = Run(120_000);
        Assert.Equal(60, summary.T1);
        Assert.Equal(101_000, summary.T2);
        Assert.Equal(100_940, summary.Dt);

        var (steps, train) = record.Series("train_error");
        var (_, recovery) = record.Series("recovery_error");
        var (_, l1) = record.Series("l1_norm");
        // step, train, recovery, ||a||_1 from the numpy port (tools/reference), printed with repr()
        (long Step, double Train, double Recovery, double L1, double Tol)[] golden =
        [
            (1, 0.6515790709692326, 0.9303924794740599, 0.20638643603712323, 1e-12),
            (10, 0.09781101441631092, 0.8485156555145008, 0.5674091311501114, 1e-12),
            (60, 0.0009669754175105074, 0.8439358419582431, 0.6305326512148136, 1e-10),
            (100, 0.0004221374719676072, 0.8432412354492034, 0.6294872673146745, 1e-9),
            (1000, 0.0004128513789834659, 0.828045820017943, 0.6058604606190545, 1e-8),
            (10_000, 0.00041929907385580915, 0.7037156574500276, 0.48249554006119166, 1e-6),
            (50_000, 0.0003118644056784465, 0.35480934143444837, 0.3557089184137968, 1e-5),
            (100_000, 0.0002878678478458178, 0.0028611035628143063, 0.2911919019993954, 1e-3),
            (120_000, 0.00021311605140328672, 0.00022040480153312294, 0.290874842910122, 1e-3),
        ];
        foreach (var g in golden)
        {
            int k = Array.IndexOf(steps, g.Step);
            Assert.True(k >= 0, $"step {g.Step} was not recorded");
            AssertRel(g.Train, train[k], g.Tol, $"train error at {g.Step}");
            AssertRel(g.Recovery, recovery[k], g.Tol, $"recovery error at {g.Step}");
            AssertRel(g.L1, l1[k], g.Tol, $"||a||_1 at {g.Step}");
        }

        // theory of spec B.1: ||a*||_1, ||a_hat - a*||_inf, LS recovery error, step-size bound
        AssertRel(0.29088436236200443, summary.Theory["a_star_l1"], 1e-14, "||a*||_1");
        AssertRel(0.06954634810464419, summary.Theory["ls_inf_error"], 1e-9, "||a_hat - a*||_inf");
        AssertRel(0.8449470805274923, summary.Theory["ls_recovery_error"], 1e-9, "LS recovery error");
        AssertRel(0.28091608007145735, summary.Theory["step_bound"], 1e-12, "2/lambda_max");
        AssertRel(6.954634810464419e4, summary.Theory["dt_predicted"], 1e-9, "predicted dt");
    }

    private static void AssertRel(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tol * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3} > {tol:G3})");

    [Fact]
    public void SteppingAndRecordingAllocateNothing()
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, []);
        var model = new SparseRecoveryExperiment().Prepare(spec).Trainable;
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        record.Reserve((1 + 100L * Allocations.MaxRuns) * model.RowsPerRecord);
        model.Advance(100);
        model.Record(0, record);
        long step = 0;
        Allocations.AssertNone(() =>
        {
            model.Advance(10_000);
            for (int k = 1; k <= 100; k++) { model.Advance(100); model.Record(++step, record); }
        });
    }

    [Fact]
    public void StepSizeAboveTheStabilityBoundIsRejectedNamingTheBound()
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, [new("alpha", 0.3)]);
        var e = Assert.Throws<SpecException>(() => new SparseRecoveryExperiment().Prepare(spec));
        Assert.Contains("0.280916", e.Message);
    }

    [Fact]
    public void OverflowingInitialisationIsReportedAsDivergenceAtItsStep()
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
            [new("init-scale", 1e308), new("steps", 5000L), new("components", false)]);
        var prepared = new SparseRecoveryExperiment().Prepare(spec);
        var e = Assert.Throws<DivergenceException>(() =>
            Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, new MetricRecord()));
        Assert.Equal(1, e.Step);
        Assert.Contains("step 1", e.Message);
    }

    [Fact]
    public void NoiselessDataHasZeroNoiseAndLargerSnrMeansSmallerNoise()
    {
        var noiseless = SparseRecoveryData.Create(RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, [new("snr", "inf")]));
        Assert.All(noiseless.Xi, v => Assert.Equal(0.0, v));
        var noisy = SparseRecoveryData.Create(RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, []));
        // spec B.0.4: xi[0] = 6.6082e-6, ||xi|| = 2.2525e-5 at SNR 1e8
        Assert.Equal(6.6082e-6, noisy.Xi[0], 1e-9);
        Assert.Equal(new[] { 33, 80, 81, 84, 93 }, noisy.Support.Order());
    }
}

public class SparseRecoveryEdgeTests
{
    [Fact]
    public void PlateauRuleOnARunTooShortForItGivesNoT2InsteadOfFailing()
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
            [new("steps", 1L), new("t2-rule", "plateau"), new("components", false)]);
        var prepared = new SparseRecoveryExperiment().Prepare(spec);
        var record = new MetricRecord();
        var summary = prepared.Summarise(record, Trainer.Run(prepared.Trainable, prepared.Schedule, 1, record));
        Assert.Null(summary.T2);
        Assert.Equal(2, record.Series("train_error").Steps.Length);
    }
}
