using System.Globalization;
using System.Text.Json;

namespace Grokking.Experiments;

/// <summary>
/// What a user wants to know about a finished run, written as summary.json: grokking times (t1 memorisation,
/// t2 generalisation, dt), the final metrics, the theory's predictions and the speed of the loop.
/// </summary>
public sealed class RunSummary
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public long Steps { get; init; }
    public long? T1 { get; init; }
    public long? T2 { get; init; }
    /// <summary>t2 − t1, when both were reached and t2 is not before t1 (a plateau rule can find the recovery error
    /// settled before the training error is: then there is no delay to report).</summary>
    public long? Dt => T1 is long a && T2 is long b && b >= a ? b - a : null;
    public string T1Rule { get; init; } = "";
    public string T2Rule { get; init; } = "";
    /// <summary>The recorded step at which the parameters stopped being finite, or null. A diverged run is a finished
    /// result (deterministic: the same spec diverges again), kept with its metrics up to its last finite record;
    /// <see cref="Steps"/> is then this step, not the spec's horizon.</summary>
    public long? DivergedAtStep { get; set; }
    public bool Diverged => DivergedAtStep is not null;
    public double SteppingSeconds { get; init; }
    public double WallSeconds { get; set; }
    public double StepsPerSecond => SteppingSeconds > 0 ? Steps / SteppingSeconds : 0;
    public double MicrosecondsPerStep => Steps > 0 ? SteppingSeconds * 1e6 / Steps : 0;
    public SortedDictionary<string, double> Final { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, double> Theory { get; init; } = new(StringComparer.Ordinal);
    public string LabVersion { get; init; } = LabInfo.Version;
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteString("kind", Kind);
            w.WriteNumber("steps", Steps);
            WriteNullable(w, "t1", T1);
            WriteNullable(w, "t2", T2);
            WriteNullable(w, "dt", Dt);
            w.WriteString("t1_rule", T1Rule);
            w.WriteString("t2_rule", T2Rule);
            WriteNullable(w, "diverged_at_step", DivergedAtStep);
            w.WriteStartObject("final");
            foreach (var (k, v) in Final) WriteReal(w, k, v);
            w.WriteEndObject();
            w.WriteStartObject("theory");
            foreach (var (k, v) in Theory) WriteReal(w, k, v);
            w.WriteEndObject();
            WriteReal(w, "stepping_seconds", SteppingSeconds);
            WriteReal(w, "wall_seconds", WallSeconds);
            WriteReal(w, "steps_per_second", StepsPerSecond);
            WriteReal(w, "us_per_step", MicrosecondsPerStep);
            w.WriteString("lab_version", LabVersion);
            w.WriteString("created_utc", CreatedUtc.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static RunSummary FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new RunSummary
        {
            Id = r.GetProperty("id").GetString()!,
            Kind = r.GetProperty("kind").GetString()!,
            Steps = r.GetProperty("steps").GetInt64(),
            T1 = ReadNullable(r, "t1"),
            T2 = ReadNullable(r, "t2"),
            T1Rule = r.GetProperty("t1_rule").GetString() ?? "",
            T2Rule = r.GetProperty("t2_rule").GetString() ?? "",
            // absent from summaries written before divergence was recorded: those runs did not diverge
            DivergedAtStep = r.TryGetProperty("diverged_at_step", out _) ? ReadNullable(r, "diverged_at_step") : null,
            Final = ReadMap(r.GetProperty("final")),
            Theory = ReadMap(r.GetProperty("theory")),
            SteppingSeconds = ReadReal(r.GetProperty("stepping_seconds")),
            WallSeconds = ReadReal(r.GetProperty("wall_seconds")),
            LabVersion = r.GetProperty("lab_version").GetString() ?? "",
            CreatedUtc = DateTime.Parse(r.GetProperty("created_utc").GetString()!, CultureInfo.InvariantCulture,
                DateTimeStyles.RoundtripKind),
        };
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, long? v)
    {
        if (v is long l) w.WriteNumber(name, l); else w.WriteNull(name);
    }

    // JSON has no NaN/Inf: non-finite values are written as strings so nothing is lost.
    private static void WriteReal(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) { w.WritePropertyName(name); w.WriteRawValue(v.ToString("R", CultureInfo.InvariantCulture)); }
        else w.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
    }

    private static double ReadReal(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    private static long? ReadNullable(JsonElement r, string name) =>
        r.GetProperty(name).ValueKind == JsonValueKind.Null ? null : r.GetProperty(name).GetInt64();

    private static SortedDictionary<string, double> ReadMap(JsonElement e)
    {
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject()) m[p.Name] = ReadReal(p.Value);
        return m;
    }
}
