using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Runs;

namespace Grokking.Problems.TeacherStudent.Figures;

/// <summary>
/// The (alpha, beta) grid of Figures 10, 31-33 (teacher-student, spec B.12) and 11, 34 (Sobolev, spec D.1):
/// alpha in {1e-4, 5.5e-4, 1e-3, 5.5e-3, 1e-2, 5.5e-2}, beta in {1e-7, ..., 1e-1} (the reference lists 1e-1 twice: the
/// same run, kept once), 10^6 + 1 steps (Sobolev 10^5 + 1), the reference's records. The data (unseeded in the
/// reference) is data seed 0 for every run; repetition k of a cell uses init seed k, so seed 0 is the default run
/// and `grok run teacher-student --lr A --beta B` gives the same run id as the figure's cell.
/// </summary>
public static class TeacherStudentGrid
{
    public const string L1 = "l1", L2 = "l2", Nuclear = "nuclear", Sobolev = "sobolev";
    public static readonly string[] Families = [L1, L2, Nuclear, Sobolev];

    public static readonly double[] Alphas = [1e-4, 5.5e-4, 1e-3, 5.5e-3, 1e-2, 5.5e-2];
    public static readonly double[] ThreeAlphas = [1e-4, 1e-3, 5.5e-3];
    public static readonly double[] Betas = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
    public const long Steps = 1_000_001, SobolevSteps = 100_001;

    // --quick, chosen by measuring 20,001-step runs at data seed 0 (the figure pages give the numbers). Teacher-student:
    // at alpha in {1e-3, 5.5e-3, 1e-2} every beta >= 1e-4 reaches its minimum test MSE by step ~10,000 under l1, l2
    // and nuclear; smaller betas and alpha = 1e-4 need the full horizon. Sobolev is slower (at alpha = 1e-3 the test
    // MSE still falls at step 20,000 for beta <= 1e-3) and a step costs three times as much: two alphas, three betas,
    // records every 100 steps after step 100. The three-alpha figures (10, 11) draw the quick alphas among theirs.
    public static IReadOnlyList<double> QuickAlphas(string family) => IsSobolev(family) ? [5.5e-3, 1e-2] : [1e-3, 5.5e-3, 1e-2];
    public static IReadOnlyList<double> QuickBetas(string family) => IsSobolev(family) ? [1e-3, 1e-2, 1e-1] : [1e-4, 1e-3, 1e-2, 1e-1];
    public const long QuickSteps = 20_001;
    public static long? QuickEvalEvery(string family) => IsSobolev(family) ? 100 : null;

    public static bool IsSobolev(string family) => family == Sobolev;

    public static IReadOnlyList<double> AlphasOf(string family, IReadOnlyList<double> figureAlphas, bool quick) =>
        quick ? [.. QuickAlphas(family).Where(figureAlphas.Contains)] : figureAlphas;

    public static long StepsOf(string family, bool quick) => quick ? QuickSteps : IsSobolev(family) ? SobolevSteps : Steps;

    /// <summary>Every (alpha, beta) cell of the family at the alphas given, over seeds 0 .. seeds-1 (seed innermost).</summary>
    public static IReadOnlyList<RunSpec> Specs(string family, IReadOnlyList<double> figureAlphas, bool quick, int seeds) =>
        [.. from a in AlphasOf(family, figureAlphas, quick)
            from b in quick ? QuickBetas(family) : Betas
            from s in Enumerable.Range(0, seeds)
            select Spec(family, a, b, s, StepsOf(family, quick), quick ? QuickEvalEvery(family) : null)];

    public static RunSpec Spec(string family, double alpha, double beta, int seed, long steps, long? evalEvery = null)
    {
        var values = new List<KeyValuePair<string, object>> { new("lr", alpha), new("beta", beta), new("steps", steps), new("init-seed", (long)seed) };
        if (!IsSobolev(family)) values.Insert(0, new("penalty", family));
        if (evalEvery is long every) values.Add(new("eval-every", every));
        return IsSobolev(family)
            ? RunSpec.Create("sobolev", SobolevSchema, values)
            : RunSpec.Create("teacher-student", TeacherStudentSchema, values);
    }

    public static ParameterSchema TeacherStudentSchema { get; } = new TeacherStudentExperiment().Schema;
    public static ParameterSchema SobolevSchema { get; } = new SobolevExperiment().Schema;

    public static int SeedOf(RunSpec spec) => (int)spec.Int("init-seed");

    /// <summary>"l1", "l2", "nuclear" or "sobolev".</summary>
    public static string FamilyOf(RunSpec spec) => spec.Kind == "sobolev" ? Sobolev : spec.Text("penalty");

    /// <summary>t1 (train MSE ≤ 1e-4) and t2 (the arg-min of the test MSE), t2 "not reached" when the minimum is the
    /// last record: the test MSE is still falling at the horizon.</summary>
    public static (long? T1, long? T2) Times(RunResult run) =>
        (run.Summary.T1, AlphaBetaDelay.BeforeHorizon(run, TeacherStudentModel.TestLoss, run.Summary.T2));

    public static IReadOnlyList<GrokkingCell> Cells(IEnumerable<RunResult> runs) =>
        GrokkingCell.Of(runs, SeedOf, Families, Times, FamilyOf);

    public static string RunName(RunResult r) =>
        $"α = {GrokkingCell.Num(r.Spec.Real("lr"))} β = {GrokkingCell.Num(r.Spec.Real("beta"))} seed {SeedOf(r.Spec)}";
}
