using System.Numerics;
using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Training;

namespace Grokking.Tests.Problems;

/// <summary>The complex (Fourier basis) path. Expected values from numpy on the reference construction:
/// seed(1); M = (randn(30,100) + 1j randn(30,100)) * sqrt(1/30); X = M @ (fft(eye(100)) / sqrt(100)).</summary>
public class ComplexSparseRecoveryTests
{
    private static RunSpec Spec(params (string, object)[] kv) => RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
        kv.Select(p => new KeyValuePair<string, object>(p.Item1, p.Item2)).Append(new("basis", "fourier")));

    [Fact]
    public void FourierBasisIsUnitary()
    {
        const int n = 16;
        var phi = ComplexSparseData.FourierBasis(n);
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
            {
                Complex dot = 0;
                for (int i = 0; i < n; i++) dot += Complex.Conjugate(phi[i * n + j]) * phi[i * n + k];
                Assert.True((dot - (j == k ? 1 : 0)).Magnitude < 1e-14, $"<phi_{j}, phi_{k}> = {dot}");
            }
    }

    [Fact]
    public void MeasurementsMatchNumpysComplexConstruction()
    {
        var d = ComplexSparseData.Create(Spec());
        Complex[] expected = [new(0.11060864893286285, 0.5699661466222352), new(-0.045732886076079435, 0.09840185641920739), new(0.33415648939950177, -0.10217661502256022)];
        for (int k = 0; k < 3; k++) Assert.True((d.X[k] - expected[k]).Magnitude < 1e-13, $"X[0,{k}] = {d.X[k]}");
        Assert.True((d.X[29 * 100 + 99] - new Complex(-0.04335052788784409, -0.3609584056868768)).Magnitude < 1e-12);
        double norm = Math.Sqrt(d.X.Sum(c => c.Real * c.Real + c.Imaginary * c.Imaginary));
        Assert.Equal(14.158521644028333, norm, 1e-10);
        var (bound, _) = ComplexSparseModel.Theory(d, 0);
        Assert.Equal(0.1379248971117891, bound, 1e-12);
    }

    [Theory]
    [InlineData("subgradient", 25, 41_000)]
    [InlineData("proj_subgradient", 1, 41_000)]
    public void ComplexRunsMemoriseThenRecover(string method, long t1, long t2)
    {
        var prepared = new SparseRecoveryExperiment().Prepare(Spec(("method", method), ("snr", "inf"), ("alpha", 0.1),
            ("steps", 45_000L), ("components", false)));
        var record = new MetricRecord();
        var summary = prepared.Summarise(record, Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record));
        Assert.Equal(t1, summary.T1);
        Assert.Equal(t2, summary.T2);
    }

    [Fact]
    public void RealOnlyDepthWithTheComplexBasisIsBadInput()
    {
        var e = Assert.Throws<SpecException>(() => Spec(("depth", 2L)));
        Assert.Contains("complex", e.Message);
    }
}
