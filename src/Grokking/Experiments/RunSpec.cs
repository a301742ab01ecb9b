using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Grokking.Experiments;

/// <summary>
/// A complete, validated description of one run: the experiment kind and a value for every parameter of
/// its schema (defaults filled in). Its canonical JSON (sorted keys, shortest round-trip numbers) hashes to
/// <see cref="Id"/>, so the same configuration always has the same id whichever way it was written.
/// </summary>
public sealed class RunSpec
{
    private readonly SortedDictionary<string, object> _values;

    private RunSpec(string kind, SortedDictionary<string, object> values, IReadOnlySet<string> omitted)
    {
        Kind = kind;
        _values = values;
        CanonicalJson = BuildCanonicalJson(kind, values, omitted);
        Id = HashId(CanonicalJson);
    }

    public string Kind { get; }
    public string CanonicalJson { get; }
    /// <summary>First 16 hex digits of SHA-256 of the canonical JSON.</summary>
    public string Id { get; }
    public IReadOnlyDictionary<string, object> Values => _values;

    /// <summary>Builds a spec from overrides (name -> value as text or typed), filling defaults and validating.</summary>
    public static RunSpec Create(string kind, ParameterSchema schema, IEnumerable<KeyValuePair<string, object>> overrides)
    {
        var values = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in schema.Parameters) values[p.Name] = p.Coerce(p.Default);
        foreach (var (name, value) in overrides)
        {
            if (!schema.TryGet(name, out var p))
                throw new SpecException($"unknown parameter '{name}' for {kind} (known: {string.Join(", ", schema.Parameters.Select(x => x.Name))})");
            values[name] = p.Coerce(value);
        }
        // parameters flagged OmittedAtDefault stay out of the canonical JSON at their default (ids of older runs hold)
        var omitted = schema.Parameters.Where(p => p.OmittedAtDefault && Equals(values[p.Name], p.Coerce(p.Default)))
            .Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var spec = new RunSpec(kind, values, omitted);
        schema.RunChecks(spec);
        return spec;
    }

    /// <summary>A copy with some values replaced (re-validated).</summary>
    public RunSpec With(ParameterSchema schema, params (string Name, object Value)[] changes) =>
        Create(Kind, schema, _values.Select(kv => kv).Concat(changes.Select(c => new KeyValuePair<string, object>(c.Name, c.Value))));

    public long Int(string name) => (long)Get(name);
    public double Real(string name) => (double)Get(name);
    public string Text(string name) => (string)Get(name);
    public bool Flag(string name) => (bool)Get(name);

    private object Get(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"{Kind} has no parameter '{name}'");

    private static string BuildCanonicalJson(string kind, SortedDictionary<string, object> values, IReadOnlySet<string> omitted)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("kind", kind);
            w.WriteStartObject("params");
            foreach (var (name, value) in values)
                if (!omitted.Contains(name)) WriteValue(w, name, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    internal static void WriteValue(Utf8JsonWriter w, string name, object value)
    {
        switch (value)
        {
            case long l: w.WriteNumber(name, l); break;
            // JSON has no infinity: infinite reals (SNR = inf) are written as the string "inf".
            case double d when double.IsPositiveInfinity(d): w.WriteString(name, "inf"); break;
            case double d: w.WritePropertyName(name); w.WriteRawValue(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case bool b: w.WriteBoolean(name, b); break;
            case string s: w.WriteString(name, s); break;
            default: throw new InvalidOperationException($"unsupported value type {value.GetType()}");
        }
    }

    private static string HashId(string canonical)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>Reads a spec back from its canonical JSON (spec.json of a run directory).</summary>
    public static RunSpec FromJson(string json, Func<string, ParameterSchema> schemaOf)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string kind = root.GetProperty("kind").GetString() ?? throw new SpecException("spec.json: missing kind");
        var overrides = new List<KeyValuePair<string, object>>();
        foreach (var p in root.GetProperty("params").EnumerateObject())
        {
            object v = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => throw new SpecException($"spec.json: unsupported value for {p.Name}"),
            };
            overrides.Add(new(p.Name, v));
        }
        return Create(kind, schemaOf(kind), overrides);
    }

    public override string ToString() => $"{Kind} {Id}";
}
