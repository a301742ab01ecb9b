using System.Globalization;
using System.Text.RegularExpressions;
using Grokking.Experiments;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Grokking.Sweeps;

/// <summary>
/// Reads a sweep from YAML (format in docs/SWEEPS.md). Every mistake is a <see cref="SpecException"/> naming
/// where it is (line and key path), raised before anything runs or is written.
/// </summary>
public static partial class SweepYaml
{
    private static readonly string[] TopKeys = ["name", "kind", "base", "axes", "seeds"];

    public static SweepSpec Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"cannot read sweep spec {path}: {e.Message}");
        }
        return Parse(text, Path.GetFileNameWithoutExtension(path), path);
    }

    public static SweepSpec Parse(string yaml, string defaultName, string source = "sweep")
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            throw new SpecException($"{source}: line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new SpecException($"{source}: expected a mapping with kind, base, axes and seeds");
        var ctx = new Context(source);

        foreach (var key in root.Children.Keys)
            if (!TopKeys.Contains(ctx.Scalar(key, "top level")))
                throw ctx.Error(key, $"unknown key '{((YamlScalarNode)key).Value}' (expected {string.Join(", ", TopKeys)})");

        string name = Optional(root, "name") is { } n ? ctx.Scalar(n, "name") : defaultName;
        if (!SafeName().IsMatch(name))
            throw new SpecException($"{source}: name '{name}' may only hold letters, digits, '.', '_' and '-'");
        var kindNode = Optional(root, "kind") ?? throw new SpecException($"{source}: missing 'kind' (e.g. kind: sparse-recovery)");
        string kind = ctx.Scalar(kindNode, "kind");
        _ = ExperimentCatalog.Get(kind); // unknown kind: one clear line now

        return new SweepSpec
        {
            Name = name,
            Kind = kind,
            Base = Optional(root, "base") is { } b ? ctx.Mapping(b, "base").ToList() : [],
            Axes = Optional(root, "axes") is { } a ? ReadAxes(ctx, a) : [],
            Seeds = Optional(root, "seeds") is { } s ? ReadSeeds(ctx, s) : null,
        };
    }

    private static List<SweepAxis> ReadAxes(Context ctx, YamlNode node)
    {
        if (node is not YamlSequenceNode seq) throw ctx.Error(node, "axes: expected a list of {grid: ...}, {zip: ...} or {list: ...}");
        var axes = new List<SweepAxis>();
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string where = $"axes[{i}]";
            if (seq.Children[i] is not YamlMappingNode m || m.Children.Count != 1)
                throw ctx.Error(seq.Children[i], $"{where}: expected exactly one of grid, zip, list");
            var (typeNode, body) = m.Children.First();
            string type = ctx.Scalar(typeNode, where);
            where += "." + type;
            axes.Add(type switch
            {
                "grid" => new GridAxis(where, ReadLists(ctx, body, where)),
                "zip" => ReadZip(ctx, body, where),
                "list" => ReadList(ctx, body, where),
                _ => throw ctx.Error(typeNode, $"axes[{i}]: unknown axis type '{type}' (expected grid, zip or list)"),
            });
        }
        return axes;
    }

    private static List<(string, IReadOnlyList<object>)> ReadLists(Context ctx, YamlNode body, string where)
    {
        if (body is not YamlMappingNode m || m.Children.Count == 0)
            throw ctx.Error(body, $"{where}: empty grid: give at least one parameter with a list of values");
        var lists = new List<(string, IReadOnlyList<object>)>();
        foreach (var (k, v) in m.Children)
        {
            string key = ctx.Scalar(k, where);
            if (v is not YamlSequenceNode values)
                throw ctx.Error(v, $"{where}.{key}: expected a list of values, e.g. [1e-4, 1e-3]");
            if (values.Children.Count == 0)
                throw ctx.Error(v, $"{where}.{key}: empty list: an axis needs at least one value");
            lists.Add((key, values.Children.Select(x => (object)ctx.Scalar(x, $"{where}.{key}")).ToList()));
        }
        return lists;
    }

    private static ZipAxis ReadZip(Context ctx, YamlNode body, string where)
    {
        var lists = ReadLists(ctx, body, where);
        int n = lists[0].Item2.Count;
        foreach (var (key, values) in lists)
            if (values.Count != n)
                throw ctx.Error(body, $"{where}: lists of a zip must have the same length ({lists[0].Item1} has {n}, {key} has {values.Count})");
        return new ZipAxis(where, lists);
    }

    private static ListAxis ReadList(Context ctx, YamlNode body, string where)
    {
        if (body is not YamlSequenceNode seq || seq.Children.Count == 0)
            throw ctx.Error(body, $"{where}: expected a non-empty list of mappings, e.g. [{{init: identity}}, {{init: random}}]");
        return new ListAxis(where, seq.Children.Select((item, j) => new Assignment(ctx.Mapping(item, $"{where}[{j}]"))).ToList());
    }

    private static SweepSeeds ReadSeeds(Context ctx, YamlNode node)
    {
        if (node is not YamlMappingNode m) throw ctx.Error(node, "seeds: expected {params: [...], values: [...]} or {params: [...], count: K}");
        foreach (var k in m.Children.Keys)
            if (ctx.Scalar(k, "seeds") is not ("params" or "values" or "count"))
                throw ctx.Error(k, $"seeds: unknown key '{((YamlScalarNode)k).Value}' (expected params, values or count)");
        var paramsNode = Optional(m, "params") ?? throw ctx.Error(node, "seeds: missing 'params' (the parameters a seed sets, e.g. [data-seed])");
        if (paramsNode is not YamlSequenceNode ps || ps.Children.Count == 0) throw ctx.Error(paramsNode, "seeds.params: expected a non-empty list");
        var names = ps.Children.Select(x => ctx.Scalar(x, "seeds.params")).ToList();

        var valuesNode = Optional(m, "values");
        var countNode = Optional(m, "count");
        if ((valuesNode is null) == (countNode is null)) throw ctx.Error(node, "seeds: give exactly one of 'values' or 'count'");
        List<long> values;
        if (countNode is not null)
        {
            long count = ctx.Integer(countNode, "seeds.count");
            if (count < 1) throw ctx.Error(countNode, "seeds.count: must be at least 1");
            values = Enumerable.Range(1, (int)Math.Min(count, 1_000_000)).Select(i => (long)i).ToList();
        }
        else
        {
            if (valuesNode is not YamlSequenceNode vs || vs.Children.Count == 0) throw ctx.Error(valuesNode!, "seeds.values: expected a non-empty list");
            values = vs.Children.Select(x => ctx.Integer(x, "seeds.values")).ToList();
        }
        return new SweepSeeds(names, values);
    }

    private static YamlNode? Optional(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();

    /// <summary>Error reporting with source and line.</summary>
    private sealed class Context(string source)
    {
        public SpecException Error(YamlNode node, string message) => new($"{source}: line {node.Start.Line}: {message}");

        public string Scalar(YamlNode node, string where) =>
            node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"{where}: expected a single value");

        public long Integer(YamlNode node, string where) =>
            long.TryParse(Scalar(node, where), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
                ? v : throw Error(node, $"{where}: '{Scalar(node, where)}' is not an integer");

        public IEnumerable<KeyValuePair<string, object>> Mapping(YamlNode node, string where)
        {
            if (node is not YamlMappingNode m) throw Error(node, $"{where}: expected a mapping of parameter: value");
            return m.Children.Select(kv => new KeyValuePair<string, object>(Scalar(kv.Key, where), Scalar(kv.Value, $"{where}.{Scalar(kv.Key, where)}"))).ToList();
        }
    }
}
