using Grokking.Experiments;
using Grokking.Problems.Sensing;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// One cell (N, tau) of the coherence grid of Figure 19(a) as a run: its trials, each M = get_measures(N, Phi, tau, 1/N)
/// from the stream seeded by (phi-seed, tau, N, trial), and the coherence mu(M^T, Phi) of each, Phi the QR basis of
/// phi-seed. The grid is a sweep of these runs (resumable, Slurm, shared cells between grids).
/// </summary>
public sealed class CoherenceCellExperiment : IExperiment
{
    public const string KindName = "coherence-cell";

    public string Name => KindName;
    public string Summary => "one cell (N, tau) of the coherence grid: mu(M^T, Phi) of random measurements over its trials (paper 1, Fig 19a)";
    public ParameterSchema Schema => Parameters;

    public IReadOnlyList<MetricInfo> Metrics { get; } = [new("coherence", "mu(M^T, Phi) of the trial's measurement matrix, at step trial + 1")];

    public static ParameterSchema Parameters { get; } = new(
    [
        Parameter.Int("n", 100, "signal dimension (Phi is n x n)", min: 1, max: 10_000),
        Parameter.Int("phi-seed", 1, "numpy seed of the orthonormal basis Phi (QR of a Gaussian matrix)", min: 0, max: int.MaxValue),
        Parameter.Int("N", 1, "number of measurements (rows of M)", min: 1, max: 100_000),
        Parameter.Real("tau", 0, "fraction of rows of M copied from columns of Phi", min: 0, max: 1),
        Parameter.Int("trials", 10, "draws of M in the cell", min: 1, max: 100_000),
    ]);

    /// <summary>The spec of one cell.</summary>
    public static RunSpec Cell(int n, int phiSeed, int rows, double tau, int trials) =>
        RunSpec.Create(KindName, Parameters,
            [new("n", (long)n), new("phi-seed", (long)phiSeed), new("N", (long)rows), new("tau", tau), new("trials", (long)trials)]);

    public PreparedRun Prepare(RunSpec spec)
    {
        int n = (int)spec.Int("n"), phiSeed = (int)spec.Int("phi-seed"), rows = (int)spec.Int("N"), trials = (int)spec.Int("trials");
        double tau = spec.Real("tau");
        var phi = Basis.Orthonormal(n, phiSeed);
        double[] phiColumns = Coherence.NormalizedColumns(phi.ToDense());
        var scratch = new double[n];
        var cell = new TrialCell(trials, ["coherence"], (k, values) =>
        {
            var stream = new NumpyRandomState(TrialSeeds.Of(TrialSeeds.Coherence, phiSeed, TrialSeeds.TauKey(tau), rows, k));
            var (m, _) = Measurements.DrawM(rows, phi, tau, 1.0 / rows, seed: null, stream);
            values[0] = Coherence.OfMeasurements(m, phiColumns, n, scratch);
        });
        return new PreparedRun
        {
            Trainable = cell, Schedule = TrialCell.Schedule, Steps = trials, TimeLabel = "trial",
            Summarise = (record, timing) => TrialCell.Summarise(spec, timing, new(StringComparer.Ordinal)
            {
                ["mean_coherence"] = CoherenceSweep.Mean(Values(record)),
            }),
        };
    }

    /// <summary>The coherence of every trial of a finished cell, in trial order.</summary>
    public static double[] Values(MetricRecord record) => TrialCell.Values(record, "coherence");
}
