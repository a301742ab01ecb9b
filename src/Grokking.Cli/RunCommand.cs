using System.CommandLine;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Runs;
using Grokking.Store;

namespace Grokking.Cli;

/// <summary>`grok run KIND --param value ...`: one run, flags generated from the experiment's schema.</summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var run = new Command("run", "Run one experiment: live progress, t1/t2, a run directory with spec.json, metrics.csv, summary.json and plots.");
        foreach (var experiment in ExperimentCatalog.All) run.Add(BuildKind(experiment));
        return run;
    }

    private static Command BuildKind(IExperiment experiment)
    {
        var metrics = string.Join("\n", experiment.Metrics.Select(m => $"  {m.Name,-18} {m.Description}"));
        var cmd = new Command(experiment.Name, $"{experiment.Summary}\n\nMetrics it records (metrics.csv):\n{metrics}");
        var options = new List<(Parameter Parameter, Option<string> Option)>();
        foreach (var p in experiment.Schema.Parameters)
        {
            string choices = p.Choices is { } c ? $" ({string.Join("|", c)})" : "";
            var o = new Option<string>("--" + p.Name) { Description = $"{p.Help}{choices} [default: {p.DefaultText}]", HelpName = HelpName(p) };
            cmd.Add(o);
            options.Add((p, o));
        }
        var outOption = new Option<string>("--out")
        {
            Description = "Run directory to write [default: runs/<kind>-<id>]. It must be new, empty, or a run directory holding only " +
                          "the lab's files (spec.json, metrics.csv, summary.json, plots): a run replaces its directory as a whole, so " +
                          "grok refuses any other directory rather than delete files it did not write",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No live progress display" };
        var force = new Option<bool>("--force") { Description = "Run again even if the directory holds this finished run" };
        cmd.Add(outOption);
        cmd.Add(quiet);
        cmd.Add(force);

        cmd.SetAction(parse => Program.Guard(() =>
        {
            var overrides = new List<KeyValuePair<string, object>>();
            foreach (var (p, o) in options)
                if (parse.GetValue(o) is string text) overrides.Add(new(p.Name, text));
            var spec = RunSpec.Create(experiment.Name, experiment.Schema, overrides);
            string dir = parse.GetValue(outOption) ?? Path.Combine("runs", $"{experiment.Name}-{spec.Id}");
            bool reuse = !parse.GetValue(force);
            OutputPaths.PrepareRunDirectory("--out", dir, reusable: reuse && RunDirectory.IsComplete(dir, spec));

            using var live = LiveProgress.Create(!parse.GetValue(quiet), spec.ToString());
            var result = RunExecutor.Execute(spec, dir, reuse: reuse, progress: live.Report,
                plots: RunPlots.Write);
            live.Complete();
            Report.PrintRun(result);
            // `grok run` refuses a run that diverges (nothing is written), but --out may name a diverged run a sweep kept
            if (result.DivergedAtStep is long step)
                return Program.Fail($"training diverged: NaN or Inf at step {step}; its records up to then are in " +
                                    $"{result.Directory}; lower the step size or the init scale");
            return 0;
        }));
        return cmd;
    }

    private static string HelpName(Parameter p) => p.Kind switch
    {
        ParameterKind.Integer => "int",
        ParameterKind.Real => "real",
        ParameterKind.Boolean => "bool",
        ParameterKind.Text => "text",
        _ => "name",
    };
}
