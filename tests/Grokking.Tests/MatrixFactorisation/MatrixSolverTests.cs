using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Training;

namespace Grokking.Tests.MatrixFactorisation;

/// <summary>Solver behaviour: no allocation in a step, bad input rejected with one line, projected / proximal /
/// sensing / deep variants doing what their definitions say.</summary>
public class MatrixSolverTests
{
    private static RunSpec Spec(params (string, object)[] values) =>
        RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema,
            values.Select(v => new KeyValuePair<string, object>(v.Item1, v.Item2)));

    private static (MetricRecord Record, RunSummary Summary) Run(RunSpec spec)
    {
        var prepared = new MatrixFactorisationExperiment().Prepare(spec);
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        return (record, prepared.Summarise(record, timing));
    }

    [Theory]
    [InlineData("completion", "subgradient", 1)]
    [InlineData("sensing", "proj-subgradient", 1)]
    [InlineData("sensing", "ista", 1)]
    [InlineData("completion", "subgradient", 2)]
    public void SteppingAndRecordingAllocateNothing(string problem, string method, long depth)
    {
        var spec = Spec(("problem", problem), ("method", method), ("N", 70L), ("depth", depth), ("beta1", 1e-6), ("beta2", 1e-6));
        var model = new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        record.Reserve((1 + 20L * Allocations.MaxRuns) * model.RowsPerRecord);
        model.Advance(50);
        model.Record(0, record);
        long step = 0;
        Allocations.AssertNone(() => { for (int k = 1; k <= 20; k++) { model.Advance(20); model.Record(++step, record); } });
    }

    [Theory]
    [InlineData("rank", 11L, "rank = 11 is larger than min(n1, n2) = 10")]
    [InlineData("N", 101L, "N = 101 is larger than n1 n2 = 100")]
    [InlineData("tau", 1.5, "--tau: 1.5 must be <= 1")]
    public void InconsistentSizesAreRejected(string name, object value, string message)
    {
        var e = Assert.Throws<SpecException>(() => Spec((name, value)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void StepSizeAboveTwoOverLambdaMaxIsRejected()
    {
        var e = Assert.Throws<SpecException>(() => new MatrixFactorisationExperiment().Prepare(Spec(("alpha", 2.0))));
        Assert.Contains("stability bound", e.Message);
        Assert.Contains("= 2;", e.Message);
        var sensing = Assert.Throws<SpecException>(() => new MatrixFactorisationExperiment().Prepare(
            Spec(("problem", "sensing"), ("N", 70L), ("alpha", 50.0))));
        Assert.Contains("stability bound", sensing.Message);
    }

    [Fact]
    public void CliRejectsBadInputWithExitCodeTwo()
    {
        foreach (var args in new[] { new[] { "--rank", "11" }, ["--N", "101"], ["--alpha", "2.5"], ["--tau", "-0.1"] })
        {
            var err = new StringWriter();
            var old = Console.Error;
            Console.SetError(err);
            try
            {
                int code = Grokking.Cli.Program.Main(["run", "matrix-factorisation", "--steps", "10", "-q", "--out", Path.Combine(Path.GetTempPath(), "mf-bad"), .. args]);
                Assert.Equal(2, code);
            }
            finally { Console.SetError(old); }
            Assert.Single(err.ToString().Trim().Split('\n'));
        }
    }

    [Fact]
    public void ProjectedSubgradientInterpolatesFromTheFirstStep()
    {
        var (record, _) = Run(Spec(("problem", "sensing"), ("N", 70L), ("method", "proj-subgradient"), ("steps", 200L)));
        var (steps, train) = record.Series("train_error");
        Assert.True(train[Array.IndexOf(steps, 1L)] < 1e-10, $"train error after one projected step {train[1]:G3}");
        var completion = Run(Spec(("method", "proj-subgradient"), ("steps", 50L))).Record.Series("train_error").Values;
        Assert.True(completion[1] < 1e-12);
    }

    [Fact]
    public void ProximalStepThresholdsTheSingularValues()
    {
        // with a huge beta* every singular value is shrunk to zero: A stays 0 after the first step
        var (record, summary) = Run(Spec(("method", "ista"), ("beta-star", 1e3), ("alpha", 0.1), ("steps", 5L)));
        Assert.Equal(summary.Theory["a_star_nuclear"], record.Series("error_nuclear").Values[^1], 1e-12);
        Assert.All(record.Series("recovery_error").Values.Skip(1), v => Assert.Equal(1.0, v, 1e-6));
        // with a small beta* the threshold only trims: sigma recorded before thresholding exceeds alpha beta*
        var (mild, _) = Run(Spec(("method", "ista"), ("steps", 200L)));
        Assert.True(mild.Series("train_error").Values[^1] < 1e-3);
    }

    [Fact]
    public void DeepFactorisationWithSmallInitFitsTheObservations()
    {
        // A = A1 A2, no explicit regulariser: plain gradient descent on the product memorises the observed entries
        var (record, summary) = Run(Spec(("depth", 2L), ("beta-star", 0.0), ("init-scale", 1e-2), ("init", "random"),
            ("steps", 3000L), ("eval-first", 100L), ("eval-every", 100L)));
        Assert.True(summary.Final["train_error"] < 1e-4, $"train error {summary.Final["train_error"]:G3}");
        var (_, rec) = record.Series("recovery_error");
        Assert.True(rec[^1] < 0.5, $"recovery error {rec[^1]:G3}");
    }

    [Fact]
    public void DeepGradientIsTheChainRuleOfTheProduct()
    {
        // finite differences of g(A1 A2) = 1/2 ||P o (A1 A2 - A*)||^2 against one synchronous step
        var data = MatrixData.Create(Spec());
        var rng = new System.Random(4);
        var a1 = new PaddedMatrix(10, 10);
        var a2 = new PaddedMatrix(10, 10);
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++) { a1[i, j] = rng.NextDouble() - 0.5; a2[i, j] = rng.NextDouble() - 0.5; }
        double Loss(PaddedMatrix x, PaddedMatrix y)
        {
            var p = new PaddedMatrix(10, 10);
            DeepMatrixModel.Multiply(x, false, y, false, p);
            double s = 0;
            for (int i = 0; i < 10; i++)
                for (int j = 0; j < 10; j++) s += data.Mask[i, j] * Math.Pow(p[i, j] - data.AStar[i, j], 2);
            return s / 2;
        }
        var prod = new PaddedMatrix(10, 10);
        DeepMatrixModel.Multiply(a1, false, a2, false, prod);
        var g = new PaddedMatrix(10, 10);
        for (int i = 0; i < g.Data.Length; i++) g.Data[i] = data.Mask.Data[i] * (prod.Data[i] - data.AStar.Data[i]);
        var grad1 = new PaddedMatrix(10, 10);
        DeepMatrixModel.Multiply(g, false, a2, true, grad1);     // dg/dA1 = G A2^T
        const double h = 1e-6;
        foreach (var (i, j) in new[] { (0, 0), (3, 7), (9, 2) })
        {
            double keep = a1[i, j];
            a1[i, j] = keep + h; double up = Loss(a1, a2);
            a1[i, j] = keep - h; double down = Loss(a1, a2);
            a1[i, j] = keep;
            Assert.Equal((up - down) / (2 * h), grad1[i, j], 1e-6);
        }
    }
}
