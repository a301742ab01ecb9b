using Grokking.Cli;
using Grokking.Sweeps;
using Grokking.Tests.Sweeps;
using Grokking.Training;

namespace Grokking.Tests.Cli;

/// <summary>The live line of a multi-run figure: which run, how far the whole figure is, and when it will end.</summary>
public class FigureRunProgressTests
{
    private static TrainingProgress At(long step, long total) => new(step, total, 1, [], [], [], []);

    [Fact]
    public void ShowsRunKOfNTheOverallFractionAndAnEtaForTheWholeFigure()
    {
        double now = 0;
        var progress = new FigureRunProgress(() => now);
        var specs = Enumerable.Range(0, 4).Select(k => TestSupport.TinySpec(alpha: 0.01 * (k + 1))).ToArray();
        progress.Planned(4);
        progress.OnEvent(new RunEvent(RunEventKind.Skipped, specs[0]));   // reused: done, not part of the rate
        progress.OnEvent(new RunEvent(RunEventKind.Started, specs[1]));
        now = 10;
        // run 2 of 4 half done after 10 s: 1.5 of 4 runs done; 0.5 run computed in 10 s, so 2.5 more take 50 s
        Assert.Equal("run 2 of 4  all 38%  ETA 0:00:50", progress.Describe(specs[1].Id, At(500, 1000)));
        progress.OnEvent(new RunEvent(RunEventKind.Done, specs[1]));
        progress.OnEvent(new RunEvent(RunEventKind.Started, specs[2]));
        now = 20;
        // one run computed in 20 s, two to go
        Assert.Equal("run 3 of 4  all 50%  ETA 0:00:40", progress.Describe(specs[2].Id, At(0, 1000)));
    }

    [Fact]
    public void ABatchReportingUnderItsFirstRunMovesTheWholeBatch()
    {
        double now = 0;
        var progress = new FigureRunProgress(() => now);
        var specs = Enumerable.Range(0, 3).Select(k => TestSupport.TinySpec(alpha: 0.01 * (k + 1))).ToArray();
        progress.Planned(3);
        foreach (var s in specs) progress.OnEvent(new RunEvent(RunEventKind.Started, s));
        now = 30;
        Assert.Equal("runs 1-3 of 3  all 25%  ETA 0:01:30", progress.Describe(specs[0].Id, At(250, 1000)));
    }

    [Fact]
    public void AFigureOfOneRunAddsNothing()
    {
        var progress = new FigureRunProgress(() => 0);
        progress.Planned(1);
        Assert.Null(progress.Describe("x", At(1, 2)));
    }
}
