namespace Grokking.Reports;

/// <summary>
/// A lookup-table colour map with matplotlib's <c>ListedColormap</c> semantics: t in [0, 1] selects
/// entry floor(t * N), clamped to the ends, so <c>Viridis.At(0.5)</c> is exactly matplotlib's
/// <c>viridis(0.5)</c> (#21918c).
/// </summary>
public sealed class ColorMap
{
    private readonly Rgb[] _entries;

    private ColorMap(string name, Rgb[] entries)
    {
        Name = name;
        _entries = entries;
    }

    /// <summary>matplotlib's viridis (256 entries, perceptually uniform, colour-blind safe).</summary>
    public static ColorMap Viridis { get; } = FromTable("viridis", ViridisTable.Rgb);

    public string Name { get; }

    public int Count => _entries.Length;

    /// <summary>Colour at t in [0, 1]; values outside are clamped, NaN gives the low end.</summary>
    public Rgb At(double t)
    {
        if (double.IsNaN(t)) t = 0;
        int n = _entries.Length;
        // Same arithmetic as matplotlib: index = int(t * N), with t == 1 mapped to the last entry.
        double scaled = Math.Clamp(t, 0, 1) * n;
        int i = scaled >= n ? n - 1 : (int)scaled;
        return _entries[i];
    }

    /// <summary>"#rrggbb" at t in [0, 1].</summary>
    public string Hex(double t) => At(t).ToHex();

    /// <summary>n colours evenly spaced over the whole map (first = 0, last = 1), e.g. one per curve.</summary>
    public string[] Colors(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new string[n];
        for (int i = 0; i < n; i++) result[i] = Hex(n == 1 ? 0.0 : (double)i / (n - 1));
        return result;
    }

    private static ColorMap FromTable(string name, ReadOnlySpan<double> rgb)
    {
        var entries = new Rgb[rgb.Length / 3];
        for (int i = 0; i < entries.Length; i++) entries[i] = Rgb.FromUnit(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
        return new ColorMap(name, entries);
    }
}
