using Grokking.Experiments;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>
/// Regression: the warm-started Jacobi SVD carried V across calls; after ~2.09e6 steps of Fig 6's run
/// (alpha 0.75, beta* 1e-6, completion N = 80, seed 0) U V^T turned NaN and the run was reported as diverged,
/// although alpha is far below the stability bound 2. V is now reset every SvdJacobi.ColdStartPeriod calls.
/// A second way to a NaN column, found later in the same grid (alpha 0.825, step 1,904,900), was the orthonormal
/// completion of U for a zero singular value with a spread null vector: see
/// JacobiSvdLanesTests.ASpreadNullVectorIsCompletedOrthonormally.
/// </summary>
public class LongRunStabilityTests
{
    [Fact]
    public void Figure6RunThatLostItsSingularVectorsAfterTwoMillionStepsStaysFinite()
    {
        var experiment = ExperimentCatalog.Get("matrix-factorisation");
        var spec = RunSpec.Create(experiment.Name, experiment.Schema,
            [new("alpha", 0.75), new("beta-star", 1e-6), new("steps", 2_100_000L)]);
        var run = experiment.Prepare(spec).Trainable;
        run.Advance(2_100_000);
        Assert.True(run.IsFinite());
    }
}
