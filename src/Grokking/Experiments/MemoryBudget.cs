using System.Globalization;

namespace Grokking.Experiments;

/// <summary>
/// Refuses, before anything starts, a run whose arrays cannot exist (more entries than one .NET array holds) or
/// cannot fit in this machine's memory, with the estimate in the message, instead of an overflow or an
/// out-of-memory failure minutes later.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Memory this process may use: physical memory or the container's limit.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Throws <see cref="SpecException"/> when <paramref name="elements"/> entries of
    /// <paramref name="bytesPerElement"/> bytes (and <paramref name="copies"/> such arrays) cannot be allocated.</summary>
    public static void Check(string what, double elements, int bytesPerElement, string advice, int copies = 1)
    {
        if (elements > Array.MaxLength)
            throw new SpecException($"{what} would have {elements.ToString("G3", CultureInfo.InvariantCulture)} entries, more than one array holds " +
                                    $"({Array.MaxLength.ToString("N0", CultureInfo.InvariantCulture)}); {advice}");
        double bytes = elements * bytesPerElement * copies;
        long available = AvailableBytes;
        if (bytes > available)
            throw new SpecException($"{what} would need about {Format(bytes)} of memory and {Format(available)} is available; {advice}");
    }

    /// <summary>Bytes of one metric-record row in memory (step, metric id, scope, value).</summary>
    public const int RecordRowBytes = sizeof(long) + sizeof(int) + sizeof(int) + sizeof(double);

    /// <summary>Refuses a run (or a batch of <paramref name="runs"/>) whose metric record, sized up front from its
    /// schedule, cannot be held: counts the recorded steps only up to the first count that is already too many.</summary>
    public static void CheckRecord(PreparedRun run, int runs = 1)
    {
        long rowsPerRecord = Math.Max(1, run.Trainable.RowsPerRecord);
        long limitRows = Math.Min(Array.MaxLength, AvailableBytes / RecordRowBytes / runs);
        long limit = limitRows / rowsPerRecord + 1;
        long records = 1, t = 0;
        for (; t < run.Steps && records <= limit; t = run.Schedule.Next(t, run.Steps)) records++;
        if (records <= limit) return;
        // stopped early: extrapolate the density of records so far to the whole horizon (exact for a fixed interval)
        double estimate = Math.Max(records, records * ((double)run.Steps / Math.Max(1, t)));
        Check($"the metric record (about {estimate.ToString("G3", CultureInfo.InvariantCulture)} recorded steps x {rowsPerRecord} values" +
              (runs > 1 ? $", {runs} runs" : "") + ")",
            estimate * rowsPerRecord, RecordRowBytes, "record less often (eval-every, eval-first, eval-log-after) or run fewer steps", runs);
    }

    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 40 => (bytes / (1L << 40)).ToString("0.0", CultureInfo.InvariantCulture) + " TiB",
        >= 1L << 30 => (bytes / (1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
    };
}
