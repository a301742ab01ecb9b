namespace Grokking.Figures;

/// <summary>Figures 12, 13 and 27: the sample-size curves of projected subgradient, ISTA and subgradient descent.</summary>
public sealed class SampleSizeFigures : IFigureSet
{
    public IEnumerable<IFigure> Figures =>
        [new SampleSizeCurves("12", "proj_subgradient"), new SampleSizeCurves("13", "ista"), new SampleSizeCurves("27", "subgradient")];
}
