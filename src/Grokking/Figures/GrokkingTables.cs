using System.Globalization;
using System.Text;
using Grokking.Experiments;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The markdown tables of the seeded grid figures (modular addition, teacher-student, Sobolev, MNIST): the cells with
/// the median and range of t1 and t2 over their seeds, the runs that never reached t2 named, and one row per run
/// with its t1, t2 and the family's own columns.
/// </summary>
public static class GrokkingTables
{
    /// <param name="rule">How t1 and t2 are read, for the heading ("t1, t2 at accuracy ≥ 0.99").</param>
    public static string Cells(IEnumerable<GrokkingCell> cells, int seeds, string rule)
    {
        var sb = new StringBuilder();
        sb.Append($"## Cells ({seeds} seed{(seeds == 1 ? "" : "s")} each; {rule})\n\n");
        sb.Append("| penalty | α | β | grokked | median t1 | t1 range | median t2 | t2 range |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var c in cells)
            sb.Append($"| {c.Penalty} | {GrokkingCell.Num(c.Alpha)} | {GrokkingCell.Num(c.Beta)} | {c.Grokked} of {c.Seeds} | " +
                      $"{GrokkingCell.Step(c.MedianT1)} | {c.RangeT1} | {GrokkingCell.Step(c.MedianT2)} | {c.RangeT2} |\n");
        return sb.ToString();
    }

    /// <summary>"{sentence}: none." or the runs named, one paragraph.</summary>
    public static string Never(IEnumerable<RunResult> never, string sentence, Func<RunResult, string> name)
    {
        var list = never.ToArray();
        return $"\n{sentence}: " + (list.Length == 0 ? "none.\n" : string.Join(", ", list.Select(name)) + ".\n");
    }

    /// <summary>One row per distinct run: the run id, then the columns given (name, cell of a run).</summary>
    public static string Runs(IEnumerable<RunResult> runs, IReadOnlyList<(string Header, Func<RunResult, string> Cell)> columns)
    {
        var sb = new StringBuilder();
        sb.Append("\n## Runs\n\n| run | ").Append(string.Join(" | ", columns.Select(c => c.Header))).Append(" |\n");
        sb.Append("| --- |").Append(string.Concat(columns.Select(_ => " --- |"))).Append('\n');
        foreach (var r in runs.DistinctBy(r => r.Spec.Id))
            sb.Append($"| {r.Spec.Id} | ").Append(string.Join(" | ", columns.Select(c => c.Cell(r)))).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>
    /// The details of a seeded network figure: the cells, the runs without a t2 named, and one row per run (α, β, seed,
    /// t1, t2, then <paramref name="extra"/>).
    /// </summary>
    public static string Details(IReadOnlyList<RunResult> runs, Func<IEnumerable<RunResult>, IReadOnlyList<GrokkingCell>> cells,
        Func<RunSpec, int> seedOf, Func<RunResult, (long? T1, long? T2)> times, Func<RunResult, string> name, string rule, string never,
        IReadOnlyList<(string Header, Func<RunResult, string> Cell)> extra)
    {
        var finished = runs.Finished();
        int seeds = runs.Select(r => seedOf(r.Spec)).Distinct().Count();
        return Cells(cells(finished), seeds, rule) + Never(finished.Where(r => times(r).T2 is null), never, name) +
               Runs(runs,
               [
                   ("α", r => GrokkingCell.Num(r.Spec.Real("lr"))), ("β", r => GrokkingCell.Num(r.Spec.Real("beta"))),
                   ("seed", r => seedOf(r.Spec).ToString(CultureInfo.InvariantCulture)),
                   ("t1", r => GrokkingCell.Step(times(r).T1)), ("t2", r => GrokkingCell.Step(times(r).T2)), .. extra,
               ]);
    }
}
