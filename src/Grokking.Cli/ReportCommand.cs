using System.CommandLine;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Sweeps;

namespace Grokking.Cli;

/// <summary>`grok report SWEEP|RUNS`: one self-contained HTML page (inline SVG figures, table of runs).</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var cmd = new Command("report", "Write an HTML report (figures, t1/t2 table, configs) of a sweep spec or of a folder of run directories.");
        var target = new Argument<string>("SWEEP|RUNS") { Description = "A sweep spec (YAML) or a folder holding run directories (e.g. runs/)" };
        var outOption = new Option<string>("--out") { Description = "HTML file to write [default: ROOT/reports/<sweep>.html, or RUNS/report.html]" };
        var store = new Option<string>("--store") { Description = "Run store for states and attempts [default: the SQLite file beside the runs, if any]" };
        var root = new Option<string>("--root") { Description = "Root of the sweep's run directories", DefaultValueFactory = _ => "." };
        cmd.Add(target);
        cmd.Add(outOption);
        cmd.Add(store);
        cmd.Add(root);
        cmd.SetAction(parse => Program.Guard(() =>
        {
            string what = parse.GetValue(target)!;
            string? storeLocation = parse.GetValue(store);
            string html;
            if (File.Exists(what))
            {
                var plan = SweepYaml.Load(what).Expand();
                string r = parse.GetValue(root)!;
                using var s = OpenIfPresent(storeLocation, RunStores.DefaultSqlitePath(r), r);
                html = parse.GetValue(outOption) ?? Path.Combine(r, "reports", plan.Name + ".html");
                OutputPaths.CheckFile("--out", html);
                var runs = SweepReport.Collect(plan, r, s);
                SweepReport.Write(html, $"Sweep {plan.Name} ({plan.Sweep.Kind})", runs, s?.Description, File.ReadAllText(what));
            }
            else if (Directory.Exists(what))
            {
                string db = new[] { Path.Combine(what, "lab.db"), RunStores.DefaultSqlitePath(what) }.FirstOrDefault(File.Exists) ?? "";
                using var s = OpenIfPresent(storeLocation, db, what);
                html = parse.GetValue(outOption) ?? Path.Combine(what, "report.html");
                OutputPaths.CheckFile("--out", html);
                SweepReport.Write(html, $"Runs in {Path.GetFullPath(what)}", SweepReport.Collect(what, s), s?.Description, null);
            }
            else throw new SpecException($"'{what}' is neither a sweep spec file nor a folder of runs");
            Console.WriteLine($"wrote {html}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>The named store, or the default SQLite file only if it exists (a report never creates a store).</summary>
    private static IRunStore? OpenIfPresent(string? location, string defaultSqlite, string root) =>
        location is not null ? RunStores.Open(location, root)
        : File.Exists(defaultSqlite) ? RunStores.Open(defaultSqlite, root) : null;
}
