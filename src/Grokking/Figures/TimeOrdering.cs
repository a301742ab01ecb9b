using System.Globalization;

namespace Grokking.Figures;

/// <summary>
/// Whether a generalisation time falls as a knob (beta, alpha, alpha·beta) grows, over cells that grokked: the
/// ordering holds when no cell has a later t2 than a cell with a smaller knob (adjacent knob values in order
/// suffice; cells with one knob value are not compared with each other); the cells that break it are named, and the Spearman rank correlation of t2 with the knob is reported
/// (-1 for a perfect ordering). Cells without a t2 are left out and named.
/// </summary>
public sealed record TimeOrdering(string Knob, int Cells, double Spearman, IReadOnlyList<string> Breaks, IReadOnlyList<string> NeverGrokked)
{
    /// <summary>Holds when at least two cells grokked and none breaks the ordering.</summary>
    public bool Holds => Cells >= 2 && Breaks.Count == 0;

    public string Describe()
    {
        string rho = double.IsNaN(Spearman) ? "n/a" : Spearman.ToString("0.00", CultureInfo.InvariantCulture);
        string text = $"Spearman ρ(t2, {Knob}) = {rho} over {Cells} cells; breaks: {(Breaks.Count == 0 ? "none" : string.Join("; ", Breaks))}";
        if (NeverGrokked.Count > 0) text += $"; never grokked (left out): {string.Join(", ", NeverGrokked)}";
        return text;
    }

    /// <param name="points">(knob, t2, name) of each cell; t2 null when the cell never grokked.</param>
    /// <param name="knob">The knob's name ("β", "α").</param>
    public static TimeOrdering Falling(IEnumerable<(double Knob, double? T2, string Name)> points, string knob)
    {
        var all = points.OrderBy(p => p.Knob).ToArray();
        var grokked = all.Where(p => p.T2 is not null).Select(p => (p.Knob, T2: p.T2!.Value, p.Name)).ToArray();
        var breaks = new List<string>();
        // each cell against every cell of the previous distinct knob value (cells of one knob value are not ordered
        // among themselves); with distinct knobs this is the adjacent pairs
        int previous = -1, start = 0;
        for (int i = 1; i < grokked.Length; i++)
        {
            if (grokked[i].Knob != grokked[i - 1].Knob) { previous = start; start = i; }
            if (previous < 0) continue;
            for (int j = previous; j < start; j++)
                // a tie breaks it too: a larger knob that does not shorten the delay does not show the claim
                if (grokked[i].T2 >= grokked[j].T2)
                    breaks.Add($"{grokked[i].Name} (t2 {GrokkingCell.Step(grokked[i].T2)}) {(grokked[i].T2 > grokked[j].T2 ? "later than" : "no earlier than")} {grokked[j].Name} ({GrokkingCell.Step(grokked[j].T2)})");
        }
        double rho = grokked.Length >= 2
            ? SpearmanRho([.. grokked.Select(p => p.Knob)], [.. grokked.Select(p => p.T2)])
            : double.NaN;
        return new TimeOrdering(knob, grokked.Length, rho, breaks, [.. all.Where(p => p.T2 is null).Select(p => p.Name)]);
    }

    /// <summary>Spearman's rho: Pearson correlation of the ranks (ties get their mean rank); NaN when either side is constant.</summary>
    public static double SpearmanRho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    private static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }
}
