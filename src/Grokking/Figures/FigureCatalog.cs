using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>A family of figures that share one recipe with different arguments (Figures 12, 13 and 27 differ only in
/// the method); discovered like single figures.</summary>
public interface IFigureSet
{
    IEnumerable<IFigure> Figures { get; }
}

/// <summary>
/// Every reproducible paper figure, by its number, then the spec rows the paper states without a figure (by their id,
/// e.g. "e3.6"). Figures register themselves: every concrete <see cref="IFigure"/> or <see cref="IFigureSet"/> with a
/// public parameterless constructor in the lab's assembly is found, so a new family's figures live in its own folder.
/// </summary>
public static class FigureCatalog
{
    private static readonly Lazy<IReadOnlyList<IFigure>> Discovered = new(Discover);

    /// <summary>In paper order: numbered figures by number, then the others by id.</summary>
    public static IReadOnlyList<IFigure> All => Discovered.Value;

    public static IFigure Get(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown figure '{id}' (available: {string.Join(", ", All.Select(f => f.Id))})");

    private static IReadOnlyList<IFigure> Discover()
    {
        var assembly = typeof(IFigure).Assembly;
        var figures = ExperimentCatalog.Instances<IFigure>(assembly)
            .Concat(ExperimentCatalog.Instances<IFigureSet>(assembly).SelectMany(s => s.Figures))
            .OrderBy(f => int.TryParse(f.Id, out int k) ? k : int.MaxValue).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var twice = figures.GroupBy(f => f.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"two figures have the id '{twice.Key}'");
        return figures;
    }
}
