using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Training;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>
/// Golden values from tools/reference/matrix_reference.py, a numpy port of the reference solver on the same A*
/// (numpy seed 0) and the same observed entries (np.random.seed(0), permutation). Up to t ~ 100 the iterate is
/// full rank with distinct singular values, so U V^T is unique and the runs agree to rounding; later the
/// spurious singular values (~1e-2 .. 1e-5) are near-degenerate and the agreement is looser, hence the bands.
/// The long-horizon values (t1 = 90, t2 = 370,000, final error 2.0e-5) are checked by `grok figure 5`.
/// </summary>
public class MatrixGoldenTests
{
    private static RunSpec Spec(params (string, object)[] values) =>
        RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema,
            values.Select(v => new KeyValuePair<string, object>(v.Item1, v.Item2)));

    [Fact]
    public void DataMatchTheNumpyReference()
    {
        var d = MatrixData.Create(Spec());
        Assert.Equal(8.16990525187987, d.SigmaStar[0], 1e-12);
        Assert.Equal(5.766510918684341, d.SigmaStar[1], 1e-12);
        Assert.Equal(-2.4355927809709663, d.AStar[0, 0], 1e-13);
        Assert.Equal(0.7050193540855797, d.AStar[0, 1], 1e-13);
        Assert.Equal(1.9647486534884195, d.AStar[0, 2], 1e-13);
        Assert.Equal(new[] { 26, 86, 2, 55, 75, 93, 16, 73, 54, 95 }, d.Observed[..10]);
        Assert.Equal(80, d.Mask.Data.Sum());
        Assert.True(d.SigmaStar[2] < 1e-13, "A* has rank 2");
        Assert.Equal(10.0, d.AStar.FrobeniusNorm(), 1e-12);
    }

    [Fact]
    public void CoherenceSelectionTakesTheLargestMuPlusNuFirstThenUniform()
    {
        var d = MatrixData.Create(Spec(("N", 70L), ("tau", 0.5)));
        Assert.Equal(new[] { 12, 10, 16, 14, 22, 20, 26, 18, 2, 24 }, d.Observed[..10]);
        Assert.Equal(new[] { 99, 68, 71, 73, 57, 48, 59, 91, 5, 47 }, d.Observed[35..45]);
        Assert.Equal(70, d.Observed.Distinct().Count());
        // the first int(tau N) = 35 entries have the largest mu_i + nu_j
        double P(int k) => d.Mu[k / 10] + d.Nu[k % 10];
        double weakestChosen = d.Observed[..35].Min(P);
        Assert.All(Enumerable.Range(0, 100).Except(d.Observed[..35]), k => Assert.True(P(k) <= weakestChosen));
        // local coherences average to 1 (sum_i ||U_i||^2 = r)
        Assert.Equal(1.0, d.Mu.Average(), 1e-12);
        Assert.Equal(1.0, d.Nu.Average(), 1e-12);
    }

    /// <summary>The reference's equal seeds for M1 and M2 make every sensing row U*^T (m m^T) V*: rank n(n+1)/2 = 55
    /// for 10 x 10 (numpy: matrix_rank(X) = 55 with N = 70); independent seeds give the full N = 70.</summary>
    [Theory]
    [InlineData("same", 55)]
    [InlineData("independent", 70)]
    public void SensingDesignRankDependsOnTheSeedsOfM1AndM2(string seeds, int rank)
    {
        var d = MatrixData.Create(Spec(("problem", "sensing"), ("N", 70L), ("sensing-seeds", seeds)));
        var gram = Grokking.Numerics.LeastSquares.GramRows(d.X, d.N, d.VecLength);
        var eig = Grokking.Numerics.SymmetricEigen.Decompose(gram, d.N).Values;
        Assert.Equal(rank, eig.Count(l => l > 1e-10 * eig[0]));
        // y = X vec A*, i.e. y_q = X1_q^T A* X2_q
        Assert.Equal(d.N, d.Y.Length);
        Assert.True(d.Y.All(double.IsFinite));
    }

    [Fact]
    public void SubgradientCompletionFollowsTheNumpyReference()
    {
        var prepared = new MatrixFactorisationExperiment().Prepare(Spec(("steps", 3000L), ("eval-every", 1000L)));
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        var summary = prepared.Summarise(record, timing);
        Assert.Equal(90, summary.T1);

        var (steps, train) = record.Series("train_error");
        var (_, recovery) = record.Series("recovery_error");
        (long Step, double Train, double Recovery, double S0, double S2, double S9, double Tol)[] golden =
        [
            (1, 0.8999999270278817, 0.9075654759848705, 1e-06, 1e-06, 1e-06, 1e-12),
            (10, 0.3486897219610666, 0.4298855182951493, 4.826750879667828, 0.85216707026536, 0.011546079069034118, 1e-11),
            (50, 0.005172177748757585, 0.268264805289846, 7.834311387987808, 1.3829362421788949, 0.018722616669340938, 1e-9),
            (90, 9.714714002344763e-05, 0.26816868913869013, 7.878825688953126, 1.3905498801211325, 0.018814000795466336, 1e-8),
            (100, 5.008305713570114e-05, 0.2681562137543857, 7.879275268670879, 1.3905678087640068, 0.018811292366348646, 1e-8),
            (1000, 2.869480926481808e-05, 0.26703590730417714, 7.880876838524248, 1.3853251042135177, 0.018438870975049874, 1e-6),
            (3000, 2.874467167118982e-05, 0.26455625891498885, 7.883925721831344, 1.373619887628092, 0.01725406928302938, 1e-5),
        ];
        foreach (var g in golden)
        {
            int k = Array.IndexOf(steps, g.Step);
            Assert.True(k >= 0, $"step {g.Step} not recorded");
            Rel(g.Train, train[k], g.Tol, $"train at {g.Step}");
            Rel(g.Recovery, recovery[k], g.Tol, $"recovery at {g.Step}");
            Rel(g.S0, record.Series("sigma", 0).Values[k], g.Tol, $"sigma_1 before step {g.Step}");
            Rel(g.S2, record.Series("sigma", 2).Values[k], g.Tol, $"sigma_3 before step {g.Step}");
            Rel(g.S9, record.Series("sigma", 9).Values[k], 100 * g.Tol, $"sigma_10 before step {g.Step}");
        }
        Assert.Equal(0.26827921979747926, summary.Theory["ls_recovery_error"], 1e-12);
        Assert.Equal(1.765032521205676, summary.Theory["ls_spectral_error"], 1e-12);
        Assert.Equal(176503.2521205676, summary.Theory["t2_predicted"], 1e-6);
    }

    private static void Rel(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tol * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):G3})");
}
