using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Runs;

namespace Grokking.Problems.ModularArithmetic.Figures;

/// <summary>
/// What Figures 1, 2 and 30 share: their slice of the modular grid (<see cref="ModularGrid"/>), repeated over
/// `--seeds`; one CSV row per run plus the plotted curves; a markdown table of t1 and t2 (both rules) per run and of
/// the median and range over the seeds per cell; the runs that never grokked named. Curves are those of seed 0.
/// </summary>
public abstract class ModularGridFigure : GridFigure, ISeededFigure
{
    /// <summary>The penalties the figure draws.</summary>
    protected abstract IReadOnlyList<string> FigurePenalties { get; }

    /// <summary>The alphas the figure draws; null for the grid's (all three, or the quick two).</summary>
    protected virtual IReadOnlyList<double>? FigureAlphas(bool quick) => null;

    /// <summary>The metrics of the curves CSV (the plotted seed-0 runs).</summary>
    protected virtual IReadOnlyList<string> CurveMetrics => [ModularModel.TrainAccuracy, ModularModel.TestAccuracy];

    protected override IReadOnlyList<string> Columns => ["penalty", "lr", "beta", "init-seed", "shuffle-seed"];

    protected sealed override IReadOnlyList<RunSpec> Specs(bool quick) => Specs(quick, 1);

    protected sealed override IReadOnlyList<RunSpec> Specs(FigureOptions options) => Specs(options.Quick, options.Seeds);

    /// <summary>The figure's runs: its penalties x alphas x betas, each over seeds 0 .. seeds-1.</summary>
    public IReadOnlyList<RunSpec> Specs(bool quick, int seeds) => ModularGrid.Specs(FigurePenalties, quick, seeds, FigureAlphas(quick));

    /// <summary>The runs drawn: seed 0 of every cell.</summary>
    protected static IReadOnlyList<RunResult> Drawn(IEnumerable<RunResult> runs) => [.. runs.Where(r => ModularGrid.SeedOf(r.Spec) == 0)];

    protected static int SeedCount(IReadOnlyList<RunResult> runs) => runs.Select(r => ModularGrid.SeedOf(r.Spec)).Distinct().Count();

    /// <summary>The common setting paragraph: the task, the model, the rules, the grid and the quick choice.</summary>
    protected string CommonSetting(bool quick) =>
        "Setting: x + y mod 97 (all 9,409 pairs, 40 % train split by numpy seed 0), the reference's encoder-decoder (two 64 x 97 " +
        "embeddings, 8 x 8 matrix-product aggregation, a 64-unit ReLU layer, 97 logits, no biases, float32), mini-batches of 2,048, " +
        "Adam at lr = α (no weight decay) on the cross-entropy plus β times the penalty summed over the four weight matrices; " +
        "records at step 0, every step to 100, then every 10. The reference's init is not reproducible (it is drawn before its seed " +
        "is set): run k of a cell uses init seed = shuffle seed = k. " +
        (quick
            ? $"`--quick`: the two largest β of each penalty, α ∈ {{{string.Join(", ", ModularGrid.QuickAlphas.Select(GrokkingCell.Num))}}}; " +
              $"{ModularGrid.Steps:N0} steps at α = 0.01 (seed 0 is then the full grid's run) and {ModularGrid.QuickShortSteps:N0} at " +
              $"α = {GrokkingCell.Num(ModularGrid.QuickShortAlpha)}, where every run of seeds 0-2 groks by step ~2,100 (the paper: six β, α ∈ {{0.001, 0.01, 0.1}}, " +
              "20,002 steps). The larger β and α grok first; at α = 0.1 t2 hardly depends on β, so the β ordering is checked at α = 0.01 as " +
              "the paper draws it. "
            : "Grid: α ∈ {0.001, 0.01, 0.1}; β for l1 ∈ {5e-9, 1e-8, 1e-7, 1e-6, 5e-6, 1e-5}, l2 ∈ {1e-7, 5e-7, 1e-6, 5e-6, 1e-5, 5e-5}, " +
              "nuclear ∈ {5e-8, 1e-7, 1e-6, 1e-5, 5e-5, 1e-4}; 20,002 steps (54 runs per seed, shared by Figures 1, 2 and 30). ") +
        "t1 / t2: first recorded step with train / test accuracy ≥ 0.99 (empty when never reached); t1_best / t2_best: the reference " +
        "figures' rule, the first step at the best accuracy of the run. The claims order the cells by their median t2 (≥ 0.99 rule) " +
        "over the seeds; a cell whose median is not reached (most seeds never grok) is left out of the orderings and named.";

    protected override IEnumerable<(string Suffix, string Csv)> Tables(IReadOnlyList<RunResult> runs, bool quick) =>
    [
        ("", FigureCsv.PerRun(runs, Columns)),
        ("-curves", FigureCsv.PerRecord(Drawn(runs), ["penalty", "lr", "beta"], CurveMetrics)),
    ];

    protected override string Details(IReadOnlyList<RunResult> runs, bool quick)
    {
        var finished = runs.Finished();
        return GrokkingTables.Cells(ModularGrid.Cells(finished), SeedCount(runs), "t1, t2 at accuracy ≥ 0.99") +
               GrokkingTables.Never(finished.Where(r => r.Summary.T2 is null), "Runs that never reached test accuracy 0.99 in the horizon (t2 empty)", RunName) +
               GrokkingTables.Runs(runs,
               [
                   ("penalty", r => r.Spec.Text("penalty")), ("α", r => GrokkingCell.Num(r.Spec.Real("lr"))), ("β", r => GrokkingCell.Num(r.Spec.Real("beta"))),
                   ("seed", r => ModularGrid.SeedOf(r.Spec).ToString(CultureInfo.InvariantCulture)), ("t1", r => GrokkingCell.Step(r.Summary.T1)),
                   ("t2", r => GrokkingCell.Step(r.Summary.T2)), ("t1_best", r => Final(r.Summary, "t1_best")), ("t2_best", r => Final(r.Summary, "t2_best")),
                   ("final test accuracy", r => Final(r.Summary, ModularModel.TestAccuracy, "0.0000")),
               ]);
    }

    internal static string RunName(RunResult r) =>
        $"{r.Spec.Text("penalty")} α = {GrokkingCell.Num(r.Spec.Real("lr"))} β = {GrokkingCell.Num(r.Spec.Real("beta"))} seed {ModularGrid.SeedOf(r.Spec)}";

    private static string Final(RunSummary s, string key, string format = "N0") =>
        s.Final.TryGetValue(key, out double v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
