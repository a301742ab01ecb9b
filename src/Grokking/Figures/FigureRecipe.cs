namespace Grokking.Figures;

/// <summary>
/// A figure's recipe: how it gets its data (its runs, run or reused from the store, or a solver sweep) and what it
/// shows from them (<see cref="FigurePage"/>: charts, CSV tables, claims, setting and conclusion). Every figure is
/// one; <see cref="FigureWriter"/> writes them all the same way. Getting the data is kept apart from showing it, so
/// each can change without the other.
/// </summary>
public abstract class FigureRecipe<TData> : IFigure
{
    public abstract string Id { get; }
    public abstract string Title { get; }

    /// <summary>The figure's data: the paper's grid or horizon, or the reduced one with <see cref="FigureOptions.Quick"/>.</summary>
    protected abstract TData Acquire(FigureOptions options);

    /// <summary>What the figure shows from its data.</summary>
    protected abstract FigurePage Page(TData data, bool quick);

    public FigureResult Produce(FigureOptions options) => Write(Acquire(options), options);

    private protected FigureResult Write(TData data, FigureOptions options) =>
        FigureWriter.Write(Id, Title, options, Page(data, options.Quick));
}
