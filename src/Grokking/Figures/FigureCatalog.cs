using Grokking.Experiments;

namespace Grokking.Figures;

/// <summary>Every reproducible paper figure, by its number (one per line, in paper order), then the spec rows the paper
/// states without a figure (by their spec id, e.g. "e3.6").</summary>
public static class FigureCatalog
{
    public static IReadOnlyList<IFigure> All { get; } =
    [
        new Figure3(),
        new Figure4(),
        new Figure5(),
        new Figure6(),
        new Figure7(),
        new Figure8(),
        new Figure9(),
        new SampleSizeCurves("12", "proj_subgradient"),
        new SampleSizeCurves("13", "ista"),
        new Figure14(),
        new Figure15(),
        new Figure16(),
        new Figure17(),
        new Figure18(),
        new Figure19(),
        new Figure20(),
        new Figure21(),
        new Figure22(),
        new Figure23(),
        new Figure24(),
        new Figure25(),
        new Figure26(),
        new SampleSizeCurves("27", "subgradient"),
        new Figure28(),
        new Figure29(),
        new NuclearRecoveryFigure(),
    ];

    public static IFigure Get(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown figure '{id}' (available: {string.Join(", ", All.Select(f => f.Id))})");
}
