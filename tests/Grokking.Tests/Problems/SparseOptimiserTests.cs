using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Training;

namespace Grokking.Tests.Problems;

/// <summary>Sparse recovery's --optimiser: the general path through a chain of gradient transforms, added without
/// changing the id of any spec written before it existed.</summary>
public class SparseOptimiserTests
{
    private static RunSpec Spec(params (string Name, object Value)[] values) =>
        RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value)));

    private static MetricRecord Run(RunSpec spec)
    {
        var prepared = new SparseRecoveryExperiment().Prepare(spec);
        var record = new MetricRecord();
        Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        return record;
    }

    public static TheoryData<string[]> OlderSpecs => new()
    {
        Array.Empty<string>(),
        new[] { "alpha", "0.05", "beta1", "1e-4", "method", "ista" },
        new[] { "depth", "2", "init", "random", "steps", "1e7" },
        new[] { "basis", "fourier", "snr", "inf" },
    };

    [Theory]
    [MemberData(nameof(OlderSpecs))]
    public void SpecsAtTheDefaultOptimiserKeepTheIdsTheyHadBeforeTheParameterExisted(string[] pairs)
    {
        var overrides = Enumerable.Range(0, pairs.Length / 2).Select(i => new KeyValuePair<string, object>(pairs[2 * i], pairs[2 * i + 1])).ToArray();
        // the schema as it was: without the parameters that stay out of the id at their default
        var before = new ParameterSchema(SparseRecoveryParameters.Schema.Parameters.Where(p => !p.OmittedAtDefault));
        var old = RunSpec.Create("sparse-recovery", before, overrides);
        var now = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema, overrides);
        Assert.Equal(old.CanonicalJson, now.CanonicalJson);
        Assert.Equal(old.Id, now.Id);
        Assert.Equal("gd", now.Text("optimiser"));
        Assert.Equal(0.9, now.Real("momentum"));
    }

    [Fact]
    public void ANonDefaultOptimiserIsPartOfTheIdAndRoundTrips()
    {
        var adam = Spec(("optimiser", "adam"));
        Assert.Contains("\"optimiser\":\"adam\"", adam.CanonicalJson);
        Assert.DoesNotContain("momentum", adam.CanonicalJson);
        Assert.NotEqual(Spec().Id, adam.Id);
        var back = RunSpec.FromJson(adam.CanonicalJson, _ => SparseRecoveryParameters.Schema);
        Assert.Equal(adam.Id, back.Id);
        Assert.Equal("gd", RunSpec.FromJson(Spec().CanonicalJson, _ => SparseRecoveryParameters.Schema).Text("optimiser"));
    }

    [Theory]
    [InlineData("method", "ista")]
    [InlineData("depth", "3")]
    [InlineData("basis", "fourier")]
    public void NonDefaultOptimisersRunTheRealDepthOneSubgradientMethodOnly(string name, string value)
    {
        var e = Assert.Throws<SpecException>(() => Spec(("optimiser", "adam"), (name, value)));
        Assert.Contains("optimiser adam runs the real, depth-1 subgradient method only", e.Message);
    }

    [Fact]
    public void ChainRunsAreNotBatched()
    {
        var exp = new SparseRecoveryExperiment();
        Assert.NotNull(exp.BatchKey(Spec()));
        Assert.Null(exp.BatchKey(Spec(("optimiser", "sgd-momentum"))));
    }

    [Fact]
    public void MomentumZeroThroughTheChainReproducesTheFusedRun()
    {
        // the same update (a -= alpha (G + beta1 sign a + beta2 a)) by the two paths: the records agree to rounding
        (string, object)[] common = [("steps", 2000L), ("components", false), ("beta1", 1e-3), ("beta2", 1e-3)];
        var fused = Run(Spec(common));
        var chain = Run(Spec([.. common, ("optimiser", "sgd-momentum"), ("momentum", 0.0)]));
        var (steps, f) = fused.Series(SparseRecoveryModel.RecoveryError);
        var (steps2, c) = chain.Series(SparseRecoveryModel.RecoveryError);
        Assert.Equal(steps, steps2);
        for (int k = 0; k < f.Length; k++) Assert.Equal(f[k], c[k], 1e-12);
    }

    [Theory]
    [InlineData("sgd-momentum", 0.01, 1e-2)]
    [InlineData("nesterov", 0.01, 1e-2)]
    [InlineData("adam", 0.01, 0.1)] // Adam's steps stay ~lr in size, so it hovers at a few percent (3e-2 measured)
    public void OtherOptimisersFitTheMeasurements(string optimiser, double alpha, double reduction)
    {
        var record = Run(Spec(("optimiser", optimiser), ("alpha", alpha), ("steps", 3000L), ("components", false)));
        var (_, train) = record.Series(SparseRecoveryModel.TrainError);
        Assert.All(train, v => Assert.True(double.IsFinite(v)));
        Assert.True(train[^1] < reduction * train[0], $"{optimiser}: train error {train[0]:E2} -> {train[^1]:E2}");
    }
}
