using Grokking.Training;

namespace Grokking.Figures;

/// <summary>How to produce a figure: where, how big a grid/horizon, and where to report progress.</summary>
/// <param name="Seeds">How many seeds each cell of an <see cref="ISeededFigure"/> is run with (repetitions 0 .. Seeds-1;
/// repetition 0 is the figure's single-seed run); other figures have one run per cell and take only 1.</param>
public sealed record FigureOptions(string OutputDirectory, bool Quick = false, bool Reuse = true,
    Action<string, TrainingProgress>? Progress = null, string? RunRoot = null, IFigureRunObserver? Observer = null, int Seeds = 1)
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

/// <summary>A figure whose cells can be repeated over seeds (`grok figure N --seeds K`): each cell runs K times, its
/// summary reports the median and range of t1 and t2 over them, and its curves are those of seed 0.</summary>
public interface ISeededFigure : IFigure;
