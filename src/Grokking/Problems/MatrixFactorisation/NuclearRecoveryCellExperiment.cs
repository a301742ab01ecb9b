using Grokking.Experiments;
using Grokking.Numerics;
using Grokking.Problems.Sensing;
using Grokking.Training;

namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// One cell (tau, r, N) of the nuclear-norm recovery grid of spec row E3.6 as a run: its trials, each the A* of (r, trial)
/// and the mask of (tau, r, trial) cut to N entries, completed by the certified Douglas-Rachford / SVT solver. The grid
/// is a sweep of these runs (resumable, Slurm, shared cells between grids with the same trial count).
/// </summary>
public sealed class NuclearRecoveryCellExperiment : IExperiment
{
    public const string KindName = "nuclear-recovery-cell";

    /// <summary>Per trial, in this order, recorded at step trial + 1.</summary>
    public IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new("error", "relative Frobenius recovery error ||A - A*||_F / ||A*||_F of the nuclear-norm solution"),
        new("status", "solver status: 0 optimal, 1 max-iterations"),
        new("iterations", "Douglas-Rachford iterations"),
        new("relative_gap", "relative duality gap of the certificate"),
        new("iterate_residual", "residual of the last iterate"),
        new("dual_norm", "spectral norm of the dual certificate"),
        new("truth_excess", "(||A*||_* - ||A||_*) / ||A*||_*: above the relative gap it proves A* is not a minimiser"),
        new("unobserved_line", "1 when a whole row or column of A* is unobserved, else 0"),
        new("solve_seconds", "wall time of the solve"),
    ];

    private static readonly string[] MetricNames = [.. new NuclearRecoveryCellExperiment().Metrics.Select(m => m.Name)];

    public string Name => KindName;
    public string Summary => "one cell (tau, r, N) of the nuclear-norm completion grid: min ||A||_* s.t. the observed entries, over its trials (spec E3.6)";
    public ParameterSchema Schema => Parameters;

    public static ParameterSchema Parameters { get; } = new ParameterSchema(
    [
        Parameter.Int("n", 10, "A* is n x n", min: 1, max: 1000),
        Parameter.Int("r", 1, "rank of A* (r <= n)", min: 1),
        Parameter.Int("N", 10, "observed entries (N <= n^2)", min: 1),
        Parameter.Real("tau", 0, "coherence priority: the int(tau N) entries of largest mu_i + nu_j first, then uniform", min: 0, max: 1),
        Parameter.Int("trials", 20, "trials of the cell (A* and mask of each trial)", min: 1, max: 100_000),
    ]).Check(spec =>
    {
        long n = spec.Int("n");
        if (spec.Int("r") > n) throw new SpecException($"r = {spec.Int("r")} is larger than n = {n}");
        if (spec.Int("N") > n * n) throw new SpecException($"N = {spec.Int("N")} is more than the n^2 = {n * n} entries");
    });

    /// <summary>The spec of one cell.</summary>
    public static RunSpec Cell(int n, int rank, int observations, double tau, int trials) =>
        RunSpec.Create(KindName, Parameters,
            [new("n", (long)n), new("r", (long)rank), new("N", (long)observations), new("tau", tau), new("trials", (long)trials)]);

    public PreparedRun Prepare(RunSpec spec)
    {
        int n = (int)spec.Int("n"), rank = (int)spec.Int("r"), observations = (int)spec.Int("N"), trials = (int)spec.Int("trials");
        double tau = spec.Real("tau");
        var solver = new NuclearNormSolver();
        var cell = new TrialCell(trials, MetricNames, (k, values) =>
        {
            var truth = new NuclearRecoverySweep.TruthMatrix(NuclearRecoverySweep.Truth(n, rank, k));
            var mask = NuclearRecoverySweep.Mask(n, observations, tau, truth.Mu, truth.Nu, rank, k);
            var t = NuclearRecoverySweep.Solve(solver, truth, mask);
            values[0] = t.Error;
            values[1] = (int)t.Status;
            values[2] = t.Iterations;
            values[3] = t.RelativeGap;
            values[4] = t.IterateResidual;
            values[5] = t.DualNorm;
            values[6] = t.TruthExcess;
            values[7] = t.UnobservedLine ? 1 : 0;
            values[8] = t.Seconds;
        });
        return new PreparedRun
        {
            Trainable = cell, Schedule = TrialCell.Schedule, Steps = trials, TimeLabel = "trial",
            Summarise = (record, timing) =>
            {
                var trialsOf = Trials(record);
                return TrialCell.Summarise(spec, timing, new(StringComparer.Ordinal)
                {
                    ["mean_error"] = NuclearRecoverySweep.Mean(trialsOf),
                    ["max_error"] = trialsOf.Max(t => t.Error),
                    ["optimal_trials"] = trialsOf.Count(t => t.Status == NuclearNormStatus.Optimal),
                });
            },
        };
    }

    /// <summary>The trials of a finished cell, read back from its record.</summary>
    public static NuclearTrial[] Trials(MetricRecord record)
    {
        var c = MetricNames.Select(m => TrialCell.Values(record, m)).ToArray();
        return Enumerable.Range(0, c[0].Length).Select(k => new NuclearTrial(c[0][k], (NuclearNormStatus)(int)c[1][k], (int)c[2][k],
            c[3][k], c[4][k], c[5][k], c[6][k], c[7][k] != 0, c[8][k])).ToArray();
    }
}
