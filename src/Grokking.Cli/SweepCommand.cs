using System.CommandLine;
using System.Globalization;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Store;
using Grokking.Sweeps;
using Grokking.Sweeps.Slurm;

namespace Grokking.Cli;

/// <summary>`grok sweep SPEC`: run a sweep's unfinished runs (all cores, one slice, or as a Slurm job array);
/// `grok sweep status SPEC`: where each run stands, from the store.</summary>
internal static class SweepCommand
{
    private static readonly Option<string> StoreOption = new("--store")
    { Description = "Run store: postgres://user:pw@host:port/db, or a SQLite file [default: ROOT/runs/lab.db]" };
    private static readonly Option<string> RootOption = new("--root")
    { Description = "Where run directories go (ROOT/runs/<id>) [default: .]", DefaultValueFactory = _ => "." };

    public static Command Build()
    {
        var cmd = new Command("sweep", "Run the runs of a sweep spec (YAML) that are not done yet: resumable, on all cores, or as a Slurm job array.");
        var spec = new Argument<string>("SPEC") { Description = "Sweep spec (YAML; see docs/SWEEPS.md)" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Thread budget: threads the runs in flight may use at once (most runs use one) [default: one per core]" };
        var task = new Option<int?>("--task") { Description = "Run only slice i (0-based) of --tasks" };
        var tasks = new Option<int?>("--tasks") { Description = "Number of slices (batches and single runs are dealt round robin, a batch is never split); with --slurm: array tasks [default: one per batch or single run]" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the closing line" };
        var noBatch = new Option<bool>("--no-batch") { Description = "Step every run alone (runs that share data are otherwise batched; results agree to rounding)" };
        var noPlots = new Option<bool>("--no-plots") { Description = "No plot.svg/png in the run directories (large sweeps: the PNG conversion dominates short runs)" };
        var slurm = new Option<bool>("--slurm") { Description = "Submit as an sbatch job array instead of running here" };
        var partition = new Option<string>("--partition") { Description = "Slurm partition" };
        var arrayLimit = new Option<int?>("--array-limit") { Description = "At most M array tasks at once (--array=...%M)" };
        var time = new Option<string>("--time") { Description = "Slurm time limit per task (e.g. 30, 2:00:00)" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per task; the thread budget inside a task", DefaultValueFactory = _ => 1 };
        var dryRun = new Option<bool>("--dry-run") { Description = "With --slurm: print the sbatch script, submit and write nothing" };
        var wait = new Option<bool>("--wait") { Description = "With --slurm: wait until every task has ended (sbatch --wait)" };
        foreach (var o in new Option[] { jobs, task, tasks, StoreOption, RootOption, quiet, noPlots, noBatch, slurm, partition, arrayLimit, time, cpus, dryRun, wait })
            cmd.Add(o);
        cmd.Add(spec);
        cmd.Add(BuildStatus());

        cmd.SetAction(parse => Program.Guard(() =>
        {
            var plan = SweepYaml.Load(parse.GetValue(spec)!).Expand();
            string root = parse.GetValue(RootOption)!;
            if (parse.GetValue(slurm))
            {
                var options = new SlurmOptions
                {
                    Partition = parse.GetValue(partition), ArrayLimit = Positive(parse.GetValue(arrayLimit), "--array-limit"),
                    Time = parse.GetValue(time), CpusPerTask = Positive(parse.GetValue(cpus), "--cpus-per-task")!.Value,
                    Tasks = Positive(parse.GetValue(tasks), "--tasks"), Wait = parse.GetValue(wait),
                };
                return SubmitToSlurm(plan, parse.GetValue(spec)!, root, parse.GetValue(StoreOption), options, parse.GetValue(dryRun));
            }
            if (parse.GetValue(dryRun)) throw new SpecException("--dry-run only applies to --slurm");
            (int, int)? slice = (parse.GetValue(task), parse.GetValue(tasks)) switch
            {
                (null, null) => null,
                (int i, int k) => (i, k),
                _ => throw new SpecException("--task and --tasks go together"),
            };
            if (slice is { } sl) _ = plan.Slice(sl.Item1, sl.Item2); // bad slice: fail before the store is touched
            if (parse.GetValue(jobs) < 0) throw new SpecException("--jobs must be positive");
            using var store = RunStores.Open(parse.GetValue(StoreOption), root);
            return RunLocally(plan, root, store, parse.GetValue(jobs), slice, parse.GetValue(quiet), !parse.GetValue(noPlots), !parse.GetValue(noBatch));
        }));
        return cmd;
    }

    private static int RunLocally(SweepPlan plan, string root, IRunStore store, int jobs, (int, int)? slice, bool quiet, bool plots, bool batch)
    {
        var gate = new object();
        var labels = plan.Runs.ToDictionary(r => r.Spec.Id, r => r.Label);
        var outcome = SweepRunner.Run(plan, root, store, new SweepRunOptions
        {
            Jobs = jobs,
            Batch = batch,
            Plots = plots ? RunPlots.Write : null,
            OnEvent = quiet ? null : e =>
            {
                string? line = e.Kind switch
                {
                    RunEventKind.Done => $"done    {e.Spec.Id}  {labels[e.Spec.Id]}  {Headline(e.Summary!)}" +
                                         (e.Summary!.DivergedAtStep is long d ? $"  DIVERGED at step {d}" : "") +
                                         (e.Reused ? "  (directory reused)" : $"  {e.Summary.WallSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"),
                    RunEventKind.Failed => $"FAILED  {e.Spec.Id}  {labels[e.Spec.Id]}  {e.Error}",
                    _ => null,
                };
                if (line is not null) lock (gate) Console.WriteLine(line);
            },
        }, slice);
        string part = slice is { } s ? $" (slice {s.Item1} of {s.Item2}: {outcome.Total} runs)" : "";
        Console.WriteLine($"sweep {plan.Name}{part}: {outcome.Completed} completed, {outcome.Skipped} skipped (done or running elsewhere), " +
                          $"{outcome.Failures.Count} failed; store: {store.Description}");
        foreach (var (spec, error) in outcome.Failures) Console.Error.WriteLine($"grok: run {spec.Id} failed: {error}");
        return outcome.Succeeded ? 0 : 1;
    }

    private static int SubmitToSlurm(SweepPlan plan, string specPath, string root, string? storeLocation, SlurmOptions options, bool dryRun)
    {
        string absRoot = Path.GetFullPath(root);
        string store = StoreLocationForTasks(storeLocation, absRoot);
        string? sbatch = dryRun ? null : SlurmSubmitter.FindSbatch();
        HashSet<int> unfinished;
        if (dryRun && storeLocation is null && !File.Exists(RunStores.DefaultSqlitePath(absRoot)))
            unfinished = plan.Runs.Select(r => r.Index).ToHashSet(); // dry run: do not create a store just to look
        else
        {
            using var s = RunStores.Open(storeLocation, root);
            var status = SweepStatus.Of(plan, s);
            unfinished = status.Runs.Where(r => r.State != SweepStatus.Done).Select(r => r.Run.Index).ToHashSet();
        }
        if (unfinished.Count == 0)
        {
            Console.WriteLine($"sweep {plan.Name}: all {plan.Runs.Count} runs are done; nothing to submit");
            return 0;
        }
        string slurmDir = Path.Combine(absRoot, "slurm", plan.Name);
        var script = SlurmScript.Build(plan, unfinished, options, GrokCommand(), Path.GetFullPath(specPath), absRoot, store,
            slurmDir, Directory.GetCurrentDirectory());
        if (dryRun)
        {
            Console.Write(script.Text);
            return 0;
        }
        Directory.CreateDirectory(slurmDir); // sbatch does not create the directory of --output
        string scriptPath = Path.Combine(slurmDir, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}.sbatch");
        RunDirectory.WriteTextAtomic(scriptPath, script.Text);
        string jobId;
        int exit;
        try
        {
            (jobId, exit) = SlurmSubmitter.Submit(sbatch!, scriptPath, options.Wait);
        }
        catch (SpecException)
        {
            File.Delete(scriptPath); // nothing half written: a refused job leaves no script behind
            throw;
        }
        Console.WriteLine($"submitted job {jobId}: array {SlurmScript.ArraySpec(script.ArrayIndices)} of {script.Tasks} slices ({unfinished.Count} unfinished runs)");
        Console.WriteLine($"  script {scriptPath}; logs {slurmDir}/{jobId}_<task>.out; status: grok sweep status {specPath}" +
                          (storeLocation is null ? "" : " --store ..."));
        if (!options.Wait) return 0;
        using var after = RunStores.Open(storeLocation, root);
        var final = SweepStatus.Of(plan, after);
        Console.WriteLine(final.Headline());
        return final.Complete ? 0 : 1;
    }

    /// <summary>The store as every task must name it: absolute (tasks may start elsewhere), created here if new.</summary>
    private static string StoreLocationForTasks(string? location, string absRoot) =>
        location switch
        {
            null => RunStores.DefaultSqlitePath(absRoot),
            _ when location.Contains("://", StringComparison.Ordinal) || location.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) => location,
            _ when location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) => Path.GetFullPath(location["sqlite:".Length..]),
            _ => Path.GetFullPath(location),
        };

    /// <summary>How a task starts this same grok: `dotnet grok.dll` when run through dotnet, else the app host.</summary>
    private static IReadOnlyList<string> GrokCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Path.Combine(AppContext.BaseDirectory, "grok.dll")]
            : [process];
    }

    /// <summary>t1 and t2 of a grokking run; the final values of a run that has no grokking times (a convex grid cell).</summary>
    private static string Headline(RunSummary s) =>
        s.T1Rule.Length == 0 && s.T2Rule.Length == 0 && s.Final.Count > 0
            ? string.Join("  ", s.Final.Select(kv => $"{kv.Key} = {kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"))
            : $"t1 = {Report.Fmt(s.T1)}  t2 = {Report.Fmt(s.T2)}";

    private static int? Positive(int? value, string name) =>
        value is int v && v < 1 ? throw new SpecException($"{name} must be at least 1 (got {v})") : value;

    private static Command BuildStatus()
    {
        var cmd = new Command("status", "Done / running / failed / pending runs of a sweep, from the store (not from Slurm).");
        var spec = new Argument<string>("SPEC") { Description = "Sweep spec (YAML)" };
        var all = new Option<bool>("--all") { Description = "One line per run, not only failed and running ones" };
        cmd.Add(spec);
        cmd.Add(StoreOption);
        cmd.Add(RootOption);
        cmd.Add(all);
        cmd.SetAction(parse => Program.Guard(() =>
        {
            var plan = SweepYaml.Load(parse.GetValue(spec)!).Expand();
            string root = parse.GetValue(RootOption)!;
            string? location = parse.GetValue(StoreOption);
            if (location is null && !File.Exists(RunStores.DefaultSqlitePath(root)))
            {
                Console.WriteLine($"sweep {plan.Name}: {plan.Runs.Count} runs: 0 done, 0 running, 0 failed, {plan.Runs.Count} pending (no store yet at {RunStores.DefaultSqlitePath(root)})");
                return 0;
            }
            using var store = RunStores.Open(location, root);
            var status = SweepStatus.Of(plan, store);
            Console.WriteLine(status.Headline());
            foreach (var (run, stored, state) in status.Runs)
            {
                if (!parse.GetValue(all) && state is SweepStatus.Done or SweepStatus.Pending) continue;
                string detail = state switch
                {
                    SweepStatus.Done => (stored!.SummaryJson is { } json ? Headline(RunSummary.FromJson(json)) : $"t1 = {Report.Fmt(stored.T1)}  t2 = {Report.Fmt(stored.T2)}") +
                                        (stored.DivergedAtStep is long d ? $"  diverged at step {d}" : ""),
                    SweepStatus.Failed => stored!.Error ?? "",
                    SweepStatus.Running or SweepStatus.Crashed => $"{stored!.Owner?.Host} pid {stored.Owner?.Pid}, attempt {stored.Attempts}",
                    _ => "",
                };
                Console.WriteLine($"  {state,-8} {run.Spec.Id}  {run.Label}  {detail}");
            }
            return 0;
        }));
        return cmd;
    }
}
