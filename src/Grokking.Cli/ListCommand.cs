using System.CommandLine;
using Grokking.Experiments;
using Grokking.Figures;

namespace Grokking.Cli;

/// <summary>`grok list`: the experiments and figures this build knows.</summary>
internal static class ListCommand
{
    public static Command Build()
    {
        var cmd = new Command("list", "List the experiments (grok run KIND) and paper figures (grok figure N).");
        cmd.SetAction(_ =>
        {
            Console.WriteLine("experiments:");
            foreach (var e in ExperimentCatalog.All) Console.WriteLine($"  {e.Name,-22} {e.Summary}");
            Console.WriteLine("figures:");
            foreach (var f in FigureCatalog.All) Console.WriteLine($"  {f.Id,-22} {f.Title}");
            return 0;
        });
        return cmd;
    }
}
