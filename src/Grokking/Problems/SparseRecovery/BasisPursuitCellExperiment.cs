using Grokking.Experiments;
using Grokking.Numerics;
using Grokking.Problems.Sensing;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// One cell (tau, s, N) of the basis-pursuit grid of Figures 19(b) and 20 as a run: its trials, each a fresh X
/// (seeded by (tau, s, N, trial)) and the cell's a* (seeded by (tau, s)), solved by the certified LP solver. The grid is
/// a sweep of these runs, so it is resumable, runs on Slurm and shares cells between the quick and paper grids.
/// </summary>
public sealed class BasisPursuitCellExperiment : IExperiment
{
    public const string KindName = "basis-pursuit-cell";

    /// <summary>Per trial, in this order, recorded at step trial + 1.</summary>
    public IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new("error", "relative l2 recovery error ||a - a*|| / ||a*|| of the basis-pursuit solution"),
        new("status", "solver status: 0 optimal, 1 infeasible, 2 max-iterations"),
        new("iterations", "interior-point iterations"),
        new("polished", "1 when the solution was polished on its support, else 0"),
        new("relative_residual", "||X a - y|| / ||y|| of the certificate"),
        new("dual_infeasibility", "dual infeasibility of the certificate"),
        new("relative_gap", "relative duality gap of the certificate"),
        new("solve_seconds", "wall time of the solve"),
    ];

    private static readonly string[] MetricNames = [.. new BasisPursuitCellExperiment().Metrics.Select(m => m.Name)];

    public string Name => KindName;
    public string Summary => "one cell (tau, s, N) of the basis-pursuit grid: min ||a||_1 s.t. X a = X a* over its trials (paper 1, Figs 19b, 20)";

    public ParameterSchema Schema => Parameters;

    public static ParameterSchema Parameters { get; } = new ParameterSchema(
    [
        Parameter.Int("n", 100, "signal dimension", min: 1, max: 10_000),
        Parameter.Int("s", 1, "non-zeros of a* (s <= n)", min: 1),
        Parameter.Int("N", 1, "number of measurements (rows of X)", min: 1, max: 100_000),
        Parameter.Real("tau", 0, "coherence: fraction of rows of X copied from the identity basis", min: 0, max: 1),
        Parameter.Int("trials", 4, "trials of the cell (a fresh X each)", min: 1, max: 100_000),
    ]).Check(spec =>
    {
        if (spec.Int("s") > spec.Int("n"))
            throw new SpecException($"s = {spec.Int("s")} is larger than n = {spec.Int("n")}: a* cannot have more non-zeros than entries");
    });

    /// <summary>The spec of one cell.</summary>
    public static RunSpec Cell(int n, int s, int rows, double tau, int trials) =>
        RunSpec.Create(KindName, Parameters,
            [new("n", (long)n), new("s", (long)s), new("N", (long)rows), new("tau", tau), new("trials", (long)trials)]);

    public PreparedRun Prepare(RunSpec spec)
    {
        int n = (int)spec.Int("n"), s = (int)spec.Int("s"), rows = (int)spec.Int("N"), trials = (int)spec.Int("trials");
        double tau = spec.Real("tau");
        var signal = ConvexRecoverySweep.Signal(n, tau, s);
        var solver = new BasisPursuitSolver();
        var cell = new TrialCell(trials, MetricNames, (k, values) =>
        {
            var t = ConvexRecoverySweep.Solve(solver, signal, tau, s, rows, k);
            values[0] = t.Error;
            values[1] = (int)t.Status;
            values[2] = t.Iterations;
            values[3] = t.Polished ? 1 : 0;
            values[4] = t.RelativeResidual;
            values[5] = t.DualInfeasibility;
            values[6] = t.RelativeGap;
            values[7] = t.Seconds;
        });
        return new PreparedRun
        {
            Trainable = cell, Schedule = TrialCell.Schedule, Steps = trials, TimeLabel = "trial",
            Summarise = (record, timing) =>
            {
                var trialsOf = Trials(record);
                return TrialCell.Summarise(spec, timing, new(StringComparer.Ordinal)
                {
                    ["mean_error"] = ConvexRecoverySweep.Mean(trialsOf),
                    ["max_error"] = trialsOf.Max(t => t.Error),
                    ["optimal_trials"] = trialsOf.Count(t => t.Status == BasisPursuitStatus.Optimal),
                });
            },
        };
    }

    /// <summary>The trials of a finished cell, read back from its record.</summary>
    public static RecoveryTrial[] Trials(Training.MetricRecord record)
    {
        var columns = MetricNames.Select(m => TrialCell.Values(record, m)).ToArray();
        return Enumerable.Range(0, columns[0].Length).Select(k => new RecoveryTrial(columns[0][k], (BasisPursuitStatus)(int)columns[1][k],
            (int)columns[2][k], columns[3][k] != 0, columns[4][k], columns[5][k], columns[6][k], columns[7][k])).ToArray();
    }
}
