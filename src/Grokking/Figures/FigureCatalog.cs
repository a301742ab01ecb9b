using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>Every reproducible paper figure, by its number.</summary>
public static class FigureCatalog
{
    public static IReadOnlyList<IFigure> All { get; } = [new Figure3(), new Figure5(), new Figure14(), new Figure15(), new Figure6(), new Figure29(), new Figure8(), new Figure23()];

    public static IFigure Get(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown figure '{id}' (available: {string.Join(", ", All.Select(f => f.Id))})");
}
