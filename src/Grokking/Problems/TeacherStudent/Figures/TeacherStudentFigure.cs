using System.Globalization;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Reports;
using Grokking.Runs;

namespace Grokking.Problems.TeacherStudent.Figures;

/// <summary>
/// Figures 10, 31, 32, 33 (teacher-student under l1, l2, nuclear; spec B.12) and 11, 34 (Sobolev training; spec D.1)
/// of paper 1: the family's (alpha, beta) grid (<see cref="TeacherStudentGrid"/>) over `--seeds`, the MSE curves per
/// alpha and the norms' companion chart (seed 0), one CSV row per run, the cells' median t1 / t2, and the claim
/// that a smaller alpha·beta gives a later t2 (<see cref="AlphaBetaDelay"/>). Figures with the same family share runs.
/// </summary>
public sealed class TeacherStudentFigure(string id, string family, IReadOnlyList<double> alphas, string title) : GridFigure, ISeededFigure
{
    public override string Id => id;
    public override string Title => title;
    public string Family => family;

    protected override IReadOnlyList<string> Columns =>
        TeacherStudentGrid.IsSobolev(family) ? ["lr", "beta", "init-seed"] : ["penalty", "lr", "beta", "init-seed"];

    protected override IReadOnlyList<RunSpec> Specs(bool quick) => Specs(quick, 1);

    protected override IReadOnlyList<RunSpec> Specs(FigureOptions options) => Specs(options.Quick, options.Seeds);

    /// <summary>The figure's runs: its alphas x the betas, each over seeds 0 .. seeds-1.</summary>
    public IReadOnlyList<RunSpec> Specs(bool quick, int seeds) => TeacherStudentGrid.Specs(family, alphas, quick, seeds);

    private string FamilyName => TeacherStudentGrid.IsSobolev(family) ? "Sobolev" : family;

    private static IReadOnlyList<RunResult> Drawn(IEnumerable<RunResult> runs) => [.. runs.Where(r => TeacherStudentGrid.SeedOf(r.Spec) == 0)];

    protected override string Setting(bool quick)
    {
        var shown = TeacherStudentGrid.AlphasOf(family, alphas, quick);
        string what = TeacherStudentGrid.IsSobolev(family)
            ? "Sobolev training: MSE + β ‖J − J*‖_F, the student's input-Jacobians against the teacher's over the whole batch, unsquared (the reference code's form), no weight penalty"
            : $"MSE + β × the {family} norm{(family == TeacherStudentGrid.L2 ? " (unsquared Frobenius)" : "")} of each weight matrix";
        return $"Figure {id}: one panel per α ({string.Join(", ", shown.Select(GrokkingCell.Num))}), train (solid) and test (dashed) MSE " +
               "against step + 1 (log axes; the paper's y axis is linear, log here because the MSE spans six decades), one colour per β; " +
               "dotted lines: t2, the arg-min of the test MSE (drawn when before the horizon). Companion chart: the l0 (|w| > 1e-4), l1, l2 " +
               "and nuclear norms of all weights. Curves: seed 0 of each cell.\n\n" +
               "Setting: a ReLU student B ReLU(A x) (100 -> 500 -> 2, no biases, init N(0, 1/out_features)) learns a teacher of the same " +
               "shape (A* ~ N(0, 1), B* ~ N(0, 1/500²)) from 100 of 1,100 Gaussian inputs (test: 1,000 of the rest, sklearn's split with " +
               $"random_state 0), full-batch Adam at lr = α on {what}. Records at step 0, every step to 100, then every 10. " +
               "The reference draws the inputs and the teacher unseeded and its init is not reproducible: here the data is numpy seed 0 " +
               "for every run and repetition k of a cell uses init seed k (the data is the same across seeds). " +
               (quick
                   ? $"`--quick` (chosen by measuring 20,001-step runs): α ∈ {{{string.Join(", ", shown.Select(GrokkingCell.Num))}}}, " +
                     $"β ∈ {{{string.Join(", ", TeacherStudentGrid.QuickBetas(family).Select(GrokkingCell.Num))}}}, {TeacherStudentGrid.QuickSteps:N0} steps" +
                     (TeacherStudentGrid.QuickEvalEvery(family) is long every ? $", records every {every} steps after step 100" : "") +
                     $" (the paper: α ∈ {{{string.Join(", ", alphas.Select(GrokkingCell.Num))}}}, β ∈ {{1e-7, ..., 1e-1}}, " +
                     $"{TeacherStudentGrid.StepsOf(family, quick: false):N0} steps): the smaller α and β do not reach their minimum test MSE in a short horizon" +
                     (TeacherStudentGrid.IsSobolev(family) ? " (Sobolev: at α = 1e-3 the test MSE still falls at step 20,000 for β ≤ 1e-3)" : "") + ". "
                   : $"Grid: α ∈ {{{string.Join(", ", alphas.Select(GrokkingCell.Num))}}}, β ∈ {{1e-7, 1e-6, ..., 1e-1}} (the reference lists 1e-1 twice: one run), " +
                     $"{TeacherStudentGrid.StepsOf(family, quick: false):N0} steps. ") +
               "t1: first recorded step with train MSE ≤ 1e-4; t2: the first step at the minimum test MSE (the reference's rule), read as " +
               "\"not reached\" when that minimum is the last record (the test MSE is still falling at the horizon); `t2_threshold` in the CSV: " +
               "first step with test MSE ≤ 1e-3. The claim (the paper states no numbers): the smaller α·β, the later t2, checked on the cells' " +
               "median t2 over the seeds (a seed that never reaches t2 counts as later than any step; a cell whose median is not reached is " +
               "left out of the ordering and named) and by Spearman's ρ of t2 with 1/(α·β).";
    }

    protected override IEnumerable<(string Stem, Figure Chart)> Charts(IReadOnlyList<RunResult> runs, bool quick)
    {
        var drawn = Drawn(runs);
        yield return ($"figure-{id}", TeacherStudentCurves.Mse(drawn, $"Figure {id} — {FamilyName}: train (solid) and test (dashed) MSE per α"));
        yield return ($"figure-{id}-norms", TeacherStudentCurves.NormCurves(drawn, $"Figure {id} — {FamilyName}: norms of the weights per α"));
    }

    protected override IEnumerable<Claim> Claims(IReadOnlyList<RunResult> runs, bool quick) =>
        AlphaBetaDelay.Claims(FamilyName, TeacherStudentGrid.Cells(runs),
            [.. runs.DistinctBy(r => r.Spec.Id).Select(r => new AlphaBetaDelay.RunTime(TeacherStudentGrid.RunName(r), r.Spec.Real("lr"), r.Spec.Real("beta"), TeacherStudentGrid.Times(r).T2))],
            TeacherStudentGrid.IsSobolev(family) ? "larger αβ groks faster (E4.4)" : "smaller αβ, longer delay (E4.3)");

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
    [
        ("", FigureCsv.PerRun(runs, Columns)),
        ("-curves", FigureCsv.PerRecord(Drawn(runs), [.. Columns.Where(c => c != "init-seed")],
            [TeacherStudentModel.TrainLoss, TeacherStudentModel.TestLoss, .. TeacherStudentCurves.Norms.Select(n => n.Metric)], LogThinned)),
    ];

    /// <summary>The curves CSV keeps every record below step 1,000, then ~900 per decade (10^6 steps: ~3,700 rows a run).</summary>
    internal static bool LogThinned(long step) => step < 1000 || step % (long)Math.Pow(10, Math.Floor(Math.Log10(step)) - 2) == 0;

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick) =>
        GrokkingTables.Details(runs, TeacherStudentGrid.Cells, TeacherStudentGrid.SeedOf, TeacherStudentGrid.Times, TeacherStudentGrid.RunName,
            "t1 at train MSE ≤ 1e-4, t2 at the minimum test MSE", "Runs whose test MSE was still falling at the horizon (t2 not reached)",
            [
                ("αβ", r => Claim.Real(AlphaBetaDelay.Of(r.Spec.Real("lr"), r.Spec.Real("beta")), 3)),
                ("min test MSE", r => Final(r, TeacherStudentModel.TestLoss)), ("final train MSE", r => Final(r, TeacherStudentModel.TrainLoss)),
            ]);

    private static string Final(RunResult r, string metric)
    {
        var (_, values) = r.Record.Series(metric);
        if (values.Length == 0) return "";
        double v = metric == TeacherStudentModel.TestLoss ? values.Min() : values[^1];
        return v.ToString("G3", CultureInfo.InvariantCulture);
    }
}

/// <summary>The six teacher-student and Sobolev figures; 10 and 31 share their runs, as 11 and 34.</summary>
public sealed class TeacherStudentFigures : IFigureSet
{
    private static readonly (string Id, string Family, double[] Alphas, string Title)[] Table =
    [
        ("10", TeacherStudentGrid.L1, TeacherStudentGrid.ThreeAlphas, "teacher-student, l1: the smaller αβ, the longer the delay (paper 1, Fig 10)"),
        ("31", TeacherStudentGrid.L1, TeacherStudentGrid.Alphas, "teacher-student, l1, six α: the smaller αβ, the longer the delay (paper 1, Fig 31)"),
        ("32", TeacherStudentGrid.L2, TeacherStudentGrid.Alphas, "teacher-student, l2: the smaller αβ, the longer the delay (paper 1, Fig 32)"),
        ("33", TeacherStudentGrid.Nuclear, TeacherStudentGrid.Alphas, "teacher-student, nuclear norm: the smaller αβ, the longer the delay (paper 1, Fig 33)"),
        ("11", TeacherStudentGrid.Sobolev, TeacherStudentGrid.ThreeAlphas, "Sobolev training: larger αβ groks faster (paper 1, Fig 11)"),
        ("34", TeacherStudentGrid.Sobolev, TeacherStudentGrid.Alphas, "Sobolev training, six α: larger αβ groks faster (paper 1, Fig 34)"),
    ];

    public IEnumerable<IFigure> Figures => Table.Select(t => new TeacherStudentFigure(t.Id, t.Family, t.Alphas, t.Title));
}
