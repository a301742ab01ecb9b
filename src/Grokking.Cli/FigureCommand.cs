using System.CommandLine;
using Grokking.Experiments;
using Grokking.Figures;

namespace Grokking.Cli;

/// <summary>`grok figure N`: runs (or reuses) a paper figure's runs and writes its plot, data and checks.</summary>
internal static class FigureCommand
{
    /// <summary>More seeds than this is a typo, not a study (each seed repeats the whole grid).</summary>
    private const int MaxSeeds = 100;

    public static Command Build()
    {
        var cmd = new Command("figure", "Reproduce a figure of the papers: SVG + PNG + CSV + a markdown summary of the claims it checks.");
        var id = new Argument<string>("N") { Description = $"Figure number ({string.Join(", ", FigureCatalog.All.Select(f => f.Id))})" };
        var outOption = new Option<string>("--out") { Description = "Output directory, self-contained (its own runs/) [default: figures/figure-N, or figures/figure-N-quick with --quick, sharing figures/runs/]" };
        var quick = new Option<bool>("--quick") { Description = "Reduced grid/horizon (seconds to a minute)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No live progress display" };
        var force = new Option<bool>("--force") { Description = "Recompute runs even when finished ones exist" };
        string seeded = string.Join(", ", FigureCatalog.All.OfType<ISeededFigure>().Select(f => f.Id));
        var seeds = new Option<int>("--seeds")
        {
            Description = $"Run every cell with K seeds (init and shuffle seed 0 .. K-1; seed 0 is the default run) and report " +
                          $"median and range of t1 and t2 per cell; figures {seeded} only (any other figure refuses K > 1)",
            DefaultValueFactory = _ => 1,
            HelpName = "K",
        };
        cmd.Add(id);
        cmd.Add(outOption);
        cmd.Add(quick);
        cmd.Add(quiet);
        cmd.Add(force);
        cmd.Add(seeds);
        cmd.SetAction(parse => Program.Guard(() =>
        {
            var figure = FigureCatalog.Get(parse.GetValue(id)!);
            bool isQuick = parse.GetValue(quick);
            int k = parse.GetValue(seeds);
            if (k < 1 || k > MaxSeeds) throw new SpecException($"--seeds {k}: give a number of seeds from 1 to {MaxSeeds}");
            if (k > 1 && figure is not ISeededFigure)
                throw new SpecException($"--seeds {k}: figure {figure.Id} has one run per cell; seeds repeat the cells of figures {seeded}");
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
                Progress: (id, p) => live.Report(p, () => runs.Describe(id, p)), RunRoot: runRoot, Observer: runs, Seeds: k));
            live.Complete();
            foreach (var line in result.Lines) Console.WriteLine(line);
            foreach (var f in result.Files) Console.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
