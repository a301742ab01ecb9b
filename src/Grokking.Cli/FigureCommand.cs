using System.CommandLine;
using Grokking.Figures;

namespace Grokking.Cli;

/// <summary>`grok figure N`: runs (or reuses) a paper figure's runs and writes its plot, data and checks.</summary>
internal static class FigureCommand
{
    public static Command Build()
    {
        var cmd = new Command("figure", "Reproduce a figure of the papers: SVG + PNG + CSV + a markdown summary of the claims it checks.");
        var id = new Argument<string>("N") { Description = $"Figure number ({string.Join(", ", FigureCatalog.All.Select(f => f.Id))})" };
        var outOption = new Option<string>("--out") { Description = "Output directory, self-contained (its own runs/) [default: figures/figure-N, or figures/figure-N-quick with --quick, sharing figures/runs/]" };
        var quick = new Option<bool>("--quick") { Description = "Reduced grid/horizon (seconds to a minute)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No live progress display" };
        var force = new Option<bool>("--force") { Description = "Recompute runs even when finished ones exist" };
        cmd.Add(id);
        cmd.Add(outOption);
        cmd.Add(quick);
        cmd.Add(quiet);
        cmd.Add(force);
        cmd.SetAction(parse => Program.Guard(() =>
        {
            var figure = FigureCatalog.Get(parse.GetValue(id)!);
            bool isQuick = parse.GetValue(quick);
            // by default every figure writes under figures/ and shares figures/runs/, so figures over the same
            // runs (4 and 26, ...) reuse each other's; --out DIR makes a self-contained directory
            string? outDir = parse.GetValue(outOption);
            string dir = outDir ?? Path.Combine("figures", $"figure-{figure.Id}{(isQuick ? "-quick" : "")}");
            string? runRoot = outDir is null ? "figures" : null;
            OutputPaths.CheckDirectory("--out", dir);
            using var live = LiveProgress.Create(!parse.GetValue(quiet), $"figure {figure.Id}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var runs = new FigureRunProgress(() => clock.Elapsed.TotalSeconds);
            var result = figure.Produce(new FigureOptions(dir, isQuick, Reuse: !parse.GetValue(force),
                Progress: (id, p) => live.Report(p, () => runs.Describe(id, p)), RunRoot: runRoot, Observer: runs));
            live.Complete();
            foreach (var line in result.Lines) Console.WriteLine(line);
            foreach (var f in result.Files) Console.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
