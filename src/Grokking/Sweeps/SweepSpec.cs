using Grokking.Experiments;

namespace Grokking.Sweeps;

/// <summary>
/// A sweep as written in YAML: an experiment kind, a base configuration, axes that vary it, and seeds.
/// Values are kept as the user wrote them (text or typed) and validated by the experiment's schema on
/// expansion, so a sweep accepts exactly what `grok run` accepts.
/// </summary>
public sealed record SweepSpec
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public IReadOnlyList<KeyValuePair<string, object>> Base { get; init; } = [];
    public IReadOnlyList<SweepAxis> Axes { get; init; } = [];
    public SweepSeeds? Seeds { get; init; }

    /// <summary>Every run of the sweep, validated; see <see cref="SweepExpansion"/>.</summary>
    public SweepPlan Expand() => SweepExpansion.Expand(this);
}

/// <summary>One dimension of a sweep: a list of assignments (parameter -> value), each a point on that axis.</summary>
public abstract record SweepAxis(string Where)
{
    /// <summary>The parameters this axis sets.</summary>
    public abstract IReadOnlyList<string> Keys { get; }
    public abstract IReadOnlyList<Assignment> Points();
}

/// <summary>An ordered set of parameter values.</summary>
public sealed class Assignment(IEnumerable<KeyValuePair<string, object>> values)
{
    public IReadOnlyList<KeyValuePair<string, object>> Values { get; } = values.ToList();
    public Assignment Then(Assignment more) => new(Values.Concat(more.Values));
    public static Assignment Empty { get; } = new([]);
}

/// <summary>Cartesian product of its keys' value lists (first key outermost).</summary>
public sealed record GridAxis(string Where, IReadOnlyList<(string Key, IReadOnlyList<object> Values)> Lists) : SweepAxis(Where)
{
    public override IReadOnlyList<string> Keys => Lists.Select(l => l.Key).ToList();

    public override IReadOnlyList<Assignment> Points()
    {
        IEnumerable<Assignment> acc = [Assignment.Empty];
        foreach (var (key, values) in Lists)
            acc = acc.SelectMany(a => values.Select(v => a.Then(new Assignment([new(key, v)])))).ToList();
        return acc.ToList();
    }
}

/// <summary>Its keys' lists taken element by element (all lists have the same length).</summary>
public sealed record ZipAxis(string Where, IReadOnlyList<(string Key, IReadOnlyList<object> Values)> Lists) : SweepAxis(Where)
{
    public override IReadOnlyList<string> Keys => Lists.Select(l => l.Key).ToList();

    public override IReadOnlyList<Assignment> Points() =>
        Enumerable.Range(0, Lists[0].Values.Count)
            .Select(i => new Assignment(Lists.Select(l => new KeyValuePair<string, object>(l.Key, l.Values[i]))))
            .ToList();
}

/// <summary>Explicit points, each a small mapping (keys may differ between points).</summary>
public sealed record ListAxis(string Where, IReadOnlyList<Assignment> Items) : SweepAxis(Where)
{
    public override IReadOnlyList<string> Keys => Items.SelectMany(i => i.Values.Select(v => v.Key)).Distinct().ToList();
    public override IReadOnlyList<Assignment> Points() => Items;
}

/// <summary>Seeds: each value is written into every parameter of <see cref="Parameters"/> (e.g. the data and
/// signal seeds), innermost, so the runs of one configuration sit together.</summary>
public sealed record SweepSeeds(IReadOnlyList<string> Parameters, IReadOnlyList<long> Values);
