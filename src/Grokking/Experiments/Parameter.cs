using System.Globalization;

namespace Grokking.Experiments;

/// <summary>The type of a run parameter; decides parsing, validation and its JSON form.</summary>
public enum ParameterKind { Integer, Real, Choice, Boolean, Text }

/// <summary>
/// One named, typed, documented parameter of an experiment. The same declaration drives the CLI flags
/// (`--name value`), YAML sweep keys, validation and the canonical JSON that hashes to the run id, so a
/// parameter can never be accepted in one place and unknown in another.
/// </summary>
public sealed record Parameter
{
    public required string Name { get; init; }
    public required ParameterKind Kind { get; init; }
    public required object Default { get; init; }
    public required string Help { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    /// <summary>True when the value must be strictly greater than <see cref="Min"/>.</summary>
    public bool MinExclusive { get; init; }
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Reals only: accept "inf" (e.g. SNR = inf means no noise).</summary>
    public bool AllowInfinity { get; init; }
    /// <summary>Left out of the canonical JSON (so of the run id) while it has its default value: a parameter added
    /// after runs were stored leaves the ids of those runs unchanged.</summary>
    public bool OmittedAtDefault { get; init; }
    /// <summary>Text only: checks a value and returns the spelling kept in the spec (so in the run id); throws a
    /// one-line <see cref="SpecException"/> for a value it refuses. Null: any non-empty text, trimmed.</summary>
    public Func<string, string>? Canonical { get; init; }

    public static Parameter Int(string name, long @default, string help, long? min = null, long? max = null) =>
        new() { Name = name, Kind = ParameterKind.Integer, Default = @default, Help = help, Min = min, Max = max };

    public static Parameter Real(string name, double @default, string help, double? min = null, double? max = null,
        bool minExclusive = false, bool allowInfinity = false) =>
        new() { Name = name, Kind = ParameterKind.Real, Default = @default, Help = help, Min = min, Max = max,
                MinExclusive = minExclusive, AllowInfinity = allowInfinity };

    public static Parameter Choice(string name, string @default, string help, params string[] choices) =>
        new() { Name = name, Kind = ParameterKind.Choice, Default = @default, Help = help, Choices = choices };

    /// <summary>Free text (an expression, a name) that <paramref name="canonical"/> validates at spec time and turns
    /// into the spelling the spec keeps, so equal values typed differently share one run id.</summary>
    public static Parameter Text(string name, string @default, string help, Func<string, string>? canonical = null) =>
        new() { Name = name, Kind = ParameterKind.Text, Default = @default, Help = help, Canonical = canonical };

    public static Parameter Bool(string name, bool @default, string help) =>
        new() { Name = name, Kind = ParameterKind.Boolean, Default = @default, Help = help };

    /// <summary>Parses text typed by a user ("1e6" is a valid integer, "inf" a valid real when allowed).</summary>
    public object Parse(string text)
    {
        text = text.Trim();
        switch (Kind)
        {
            case ParameterKind.Integer:
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) return Check(l);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                    && double.IsFinite(d) && Math.Abs(d) < 9e18 && d == Math.Floor(d))
                    return Check((long)d);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double big) && double.IsFinite(big)
                    && big == Math.Floor(big))
                    throw new SpecException($"--{Name}: {text} is out of range{RangeText}");
                throw new SpecException($"--{Name}: '{text}' is not an integer");
            case ParameterKind.Real:
                if (AllowInfinity && (text.Equals("inf", StringComparison.OrdinalIgnoreCase)
                                      || text.Equals("infinity", StringComparison.OrdinalIgnoreCase)))
                    return Check(double.PositiveInfinity);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double r)) return Check(r);
                throw new SpecException($"--{Name}: '{text}' is not a number");
            case ParameterKind.Choice:
                // proj_subgradient and proj-subgradient name the same choice in every family; the declared
                // spelling is the one kept in the spec, so run ids do not depend on how it was typed
                foreach (var c in Choices!)
                    if (string.Equals(c.Replace('_', '-'), text.Replace('_', '-'), StringComparison.OrdinalIgnoreCase)) return c;
                throw new SpecException($"--{Name}: '{text}' is not one of {string.Join(", ", Choices!)}");
            case ParameterKind.Text:
                // empty is only valid as an empty default (an optional text, e.g. "no folder given")
                if (text.Length == 0) return Default is "" ? "" : throw new SpecException($"--{Name}: the value is empty");
                if (Canonical is null) return text;
                try
                {
                    return Canonical(text);
                }
                catch (SpecException e)
                {
                    throw new SpecException($"--{Name}: {e.Message}");
                }
            case ParameterKind.Boolean:
                if (text is "true" or "1" or "yes" or "on") return true;
                if (text is "false" or "0" or "no" or "off") return false;
                throw new SpecException($"--{Name}: '{text}' is not true or false");
            default:
                throw new InvalidOperationException(Kind.ToString());
        }
    }

    /// <summary>Converts a value from YAML/JSON/code (boxed int, long, double, string, bool) and validates it.</summary>
    public object Coerce(object value) => value switch
    {
        string s => Parse(s),
        bool b when Kind == ParameterKind.Boolean => b,
        int i when Kind is ParameterKind.Integer => Check((long)i),
        long l when Kind is ParameterKind.Integer => Check(l),
        double d when Kind is ParameterKind.Integer => Parse(d.ToString("R", CultureInfo.InvariantCulture)),
        int i when Kind is ParameterKind.Real => Check((double)i),
        long l when Kind is ParameterKind.Real => Check((double)l),
        double d when Kind is ParameterKind.Real => Check(d),
        _ => throw new SpecException($"--{Name}: value '{value}' has the wrong type (expected {Kind.ToString().ToLowerInvariant()})"),
    };

    /// <summary>" (allowed: lo..hi)" for an integer parameter with bounds.</summary>
    private string RangeText => (Min, Max) switch
    {
        (double lo, double hi) => $" (allowed: {lo.ToString(CultureInfo.InvariantCulture)} to {hi.ToString(CultureInfo.InvariantCulture)})",
        (null, double hi) => $" (at most {hi.ToString(CultureInfo.InvariantCulture)})",
        (double lo, null) => $" (at least {lo.ToString(CultureInfo.InvariantCulture)})",
        _ => "",
    };

    private long Check(long v)
    {
        if (Min is double lo && v < lo) throw new SpecException($"--{Name}: {v} is below the minimum {lo.ToString(CultureInfo.InvariantCulture)}");
        if (Max is double hi && v > hi) throw new SpecException($"--{Name}: {v} is above the maximum {hi.ToString(CultureInfo.InvariantCulture)}");
        return v;
    }

    private double Check(double v)
    {
        string shown = v.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsNaN(v)) throw new SpecException($"--{Name}: NaN is not allowed");
        if (double.IsInfinity(v) && !(AllowInfinity && v > 0)) throw new SpecException($"--{Name}: {shown} is not finite");
        if (Min is double lo)
        {
            if (MinExclusive ? v <= lo : v < lo)
                throw new SpecException($"--{Name}: {shown} must be {(MinExclusive ? ">" : ">=")} {lo.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (Max is double hi && v > hi) throw new SpecException($"--{Name}: {shown} must be <= {hi.ToString("R", CultureInfo.InvariantCulture)}");
        return v;
    }

    /// <summary>The default as a user would type it (for --help).</summary>
    public string DefaultText => Format(Default);

    public static string Format(object value) => value switch
    {
        double d when double.IsPositiveInfinity(d) => "inf",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}

/// <summary>Invalid user input (flags, spec files, data sizes). The CLI prints its message on one line and exits 2.</summary>
public sealed class SpecException(string message) : Exception(message)
{
    /// <summary>A library argument check turned into user input: its message without .NET's " (Parameter 'x')" suffix,
    /// which names a C# argument the user never saw.</summary>
    public static SpecException From(ArgumentException e) =>
        new(e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message);
}
