using System.CommandLine;
using Grokking.Experiments;

namespace Grokking.Cli;

/// <summary>`grok data NAME [--dir DIR]`: puts a data set the lab cannot generate into its data folder.</summary>
internal static class DataCommand
{
    public static Command Build()
    {
        var data = new Command("data", "Fetch a data set the experiments read from disk (data/ under the working directory, or $GROK_DATA).");
        foreach (var source in DataSourceCatalog.All)
        {
            var dir = new Option<string>("--dir") { Description = $"Folder to write [default: {source.DefaultDirectory}, where the experiment looks]" };
            var cmd = new Command(source.Name, source.Description) { dir };
            cmd.SetAction(parse => Program.Guard(() =>
            {
                Console.WriteLine(source.Fetch(parse.GetValue(dir) ?? source.DefaultDirectory));
                return 0;
            }));
            data.Add(cmd);
        }
        return data;
    }
}
