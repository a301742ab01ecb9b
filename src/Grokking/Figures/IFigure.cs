using Grokking.Training;

namespace Grokking.Figures;

/// <summary>How to produce a figure: where, how big a grid/horizon, and where to report progress.</summary>
public sealed record FigureOptions(string OutputDirectory, bool Quick = false, bool Reuse = true,
    Action<string, TrainingProgress>? Progress = null, string? RunRoot = null, IFigureRunObserver? Observer = null)
{
    /// <summary>Where run directories go (<c>RunRoot/runs/&lt;id&gt;</c>); figures sharing it share finished runs.</summary>
    public string Runs => RunRoot ?? OutputDirectory;
}

/// <summary>What a display of a multi-run figure needs beside <see cref="FigureOptions.Progress"/>: how many distinct
/// runs the figure has, and when each starts, is reused, ends or fails (to show "run k of N", overall progress, ETA).</summary>
public interface IFigureRunObserver
{
    void Planned(int runs);
    void OnEvent(Sweeps.RunEvent e);
}

/// <summary>What a figure produced: files written and the headline lines (t1, t2, checks) to print.</summary>
public sealed record FigureResult(IReadOnlyList<string> Files, IReadOnlyList<string> Lines);

/// <summary>A paper figure: its runs (a sweep spec), its plot recipe and the claims it checks.</summary>
public interface IFigure
{
    /// <summary>The figure's number in the paper ("3"), as typed after `grok figure`.</summary>
    string Id { get; }
    string Title { get; }
    FigureResult Produce(FigureOptions options);
}
