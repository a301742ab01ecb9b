using System.Globalization;
using Grokking.Runs;

namespace Grokking.Cli;

/// <summary>The lines printed after a run: t1, t2, dt, final metrics, theory, speed and where the files are.</summary>
internal static class Report
{
    public static void PrintRun(RunResult r)
    {
        var s = r.Summary;
        Console.WriteLine($"run {s.Kind} {s.Id}{(r.Reused ? " (reused: finished run found; --force to run again)" : "")}");
        Console.WriteLine($"  t1 = {Fmt(s.T1)}   ({s.T1Rule})");
        Console.WriteLine($"  t2 = {Fmt(s.T2)}   ({s.T2Rule})");
        Console.WriteLine($"  dt = {Fmt(s.Dt)}");
        foreach (var (k, v) in s.Final) Console.WriteLine($"  final {k} = {G(v)}");
        foreach (var (k, v) in s.Theory) Console.WriteLine($"  theory {k} = {G(v)}");
        Console.WriteLine($"  {s.Steps.ToString("N0", CultureInfo.InvariantCulture)} steps in {s.SteppingSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s of stepping " +
                          $"({s.MicrosecondsPerStep.ToString("0.000", CultureInfo.InvariantCulture)} us/step), {s.WallSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s in all");
        Console.WriteLine($"  wrote {r.Directory}");
    }

    public static string Fmt(long? t) => t is long v ? v.ToString("N0", CultureInfo.InvariantCulture) : "not reached";

    public static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
