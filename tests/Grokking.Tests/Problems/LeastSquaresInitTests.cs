using System.Numerics;
using System.Text.Json;
using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Tests.Sweeps;
using Grokking.Training;

namespace Grokking.Tests.Problems;

/// <summary>
/// init least-squares starts where the reference starts: a_LS = pinv(X^H X + beta2) X^H y with beta2 added to every
/// entry of the Gram (spec B.0.5), checked against numpy (tools/reference/least_squares_init_reference.py, whose
/// output is Problems/Data/least-squares-init.json). With beta2 = 0 it is the min-norm solution pinv(X) y.
/// </summary>
public class LeastSquaresInitTests
{
    private static JsonElement Reference()
    {
        string path = Path.Combine(TestSupport.RepoRoot(), "tests", "Grokking.Tests", "Problems", "Data", "least-squares-init.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>The initial point of a run, read back from its step-0 record of every component.</summary>
    private static double[] InitialPoint(double beta2)
    {
        var spec = RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
            [new("init", "least-squares"), new("init-scale", 1.0), new("beta2", beta2), new("components", true)]);
        var model = new SparseRecoveryExperiment().Prepare(spec).Trainable;
        var record = new MetricRecord();
        model.RegisterMetrics(record);
        model.Record(0, record);
        return Enumerable.Range(0, 100).Select(i => record.Series(SparseRecoveryModel.Component, i).Values[0]).ToArray();
    }

    [Theory]
    [InlineData(0.01, "a_ls")]
    [InlineData(0.0, "min_norm")]
    public void TheRealInitIsTheReferencesLeastSquaresPoint(double beta2, string key)
    {
        var real = Reference().GetProperty("real");
        var expected = Doubles(real.GetProperty(key));
        var actual = InitialPoint(beta2);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10, $"a[{i}]: {actual[i]:R} vs numpy {expected[i]:R}");
    }

    [Fact]
    public void Beta2MovesTheInitAwayFromTheMinNormPoint()
    {
        // the two numpy points differ by far more than the tolerance above: the test above tells them apart
        var real = Reference().GetProperty("real");
        var ls = Doubles(real.GetProperty("a_ls"));
        var minNorm = Doubles(real.GetProperty("min_norm"));
        Assert.True(ls.Zip(minNorm, (a, b) => Math.Abs(a - b)).Max() > 1e-4);
    }

    [Fact]
    public void TheComplexLeastSquaresPointAddsBeta2ToEveryEntry()
    {
        var c = Reference().GetProperty("complex");
        int N = c.GetProperty("N").GetInt32(), n = c.GetProperty("n").GetInt32();
        double beta2 = c.GetProperty("beta2").GetDouble();
        var x = new Complex[N * n];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < n; j++) x[i * n + j] = new Complex(Math.Sin(i + 2 * j), Math.Cos(3 * i - j));
        var y = Enumerable.Range(0, N).Select(i => new Complex(1 + i, -0.5 * i)).ToArray();
        var actual = ComplexLinearAlgebra.ReferenceDiagnostic(x, N, n, y, beta2);
        var re = Doubles(c.GetProperty("re"));
        var im = Doubles(c.GetProperty("im"));
        for (int j = 0; j < n; j++)
        {
            Assert.True(Math.Abs(actual[j].Real - re[j]) <= 1e-10, $"Re a[{j}] = {actual[j].Real:R} vs numpy {re[j]:R}");
            Assert.True(Math.Abs(actual[j].Imaginary - im[j]) <= 1e-10, $"Im a[{j}] = {actual[j].Imaginary:R} vs numpy {im[j]:R}");
        }
    }
}
