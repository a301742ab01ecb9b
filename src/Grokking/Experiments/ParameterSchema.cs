namespace Grokking.Experiments;

/// <summary>The ordered set of parameters of one experiment kind, with the cross-field checks that a single
/// parameter cannot express (s &lt;= n, ...).</summary>
public sealed class ParameterSchema
{
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);
    private readonly List<Parameter> _ordered = [];
    private readonly List<Action<RunSpec>> _checks = [];

    public ParameterSchema(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters)
        {
            if (!_byName.TryAdd(p.Name, p)) throw new ArgumentException($"duplicate parameter {p.Name}");
            p.Coerce(p.Default); // a default that fails its own validation is a programming error
            _ordered.Add(p);
        }
    }

    public IReadOnlyList<Parameter> Parameters => _ordered;

    public bool TryGet(string name, out Parameter parameter) => _byName.TryGetValue(name, out parameter!);

    public Parameter this[string name] => _byName.TryGetValue(name, out var p)
        ? p : throw new SpecException($"unknown parameter '{name}' (known: {string.Join(", ", _ordered.Select(x => x.Name))})");

    /// <summary>Adds a check over the complete spec; it throws <see cref="SpecException"/> on failure.</summary>
    public ParameterSchema Check(Action<RunSpec> check) { _checks.Add(check); return this; }

    internal void RunChecks(RunSpec spec) { foreach (var c in _checks) c(spec); }
}
