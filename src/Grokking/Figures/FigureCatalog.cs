using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>Every reproducible paper figure, by its number.</summary>
public static class FigureCatalog
{
    public static IReadOnlyList<IFigure> All { get; } = [new Figure3(), new Figure19(), new Figure20()];

    public static IFigure Get(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown figure '{id}' (available: {string.Join(", ", All.Select(f => f.Id))})");
}
