namespace Grokking.Optimisation;

/// <summary>
/// A named view of one flat parameter buffer: <see cref="Rows"/> x <see cref="Cols"/> entries, row-major, starting
/// at <see cref="Offset"/>. A vector is a group with one column. Transforms that treat matrices as matrices
/// (nuclear norm, singular value thresholding) read the group in this shape.
/// </summary>
public readonly record struct ParameterGroup(string Name, int Offset, int Rows, int Cols)
{
    public int Length => Rows * Cols;

    /// <summary>A true matrix (both dimensions above one): what "weight matrices only" selects.</summary>
    public bool IsMatrix => Rows > 1 && Cols > 1;

    public Span<T> Of<T>(Span<T> buffer) => buffer.Slice(Offset, Length);
    public ReadOnlySpan<T> Of<T>(ReadOnlySpan<T> buffer) => buffer.Slice(Offset, Length);
}

/// <summary>
/// How a model's parameters sit in one contiguous buffer: named groups, laid end to end in declaration order.
/// Optimisers, penalties and weight decay address the groups by name or kind (<see cref="GroupSelector"/>).
/// </summary>
public sealed class ParameterLayout
{
    private readonly ParameterGroup[] _groups;

    /// <param name="shapes">(name, rows, cols) of each group; vectors have cols = 1.</param>
    public ParameterLayout(params (string Name, int Rows, int Cols)[] shapes)
    {
        _groups = new ParameterGroup[shapes.Length];
        var names = new HashSet<string>(StringComparer.Ordinal);
        int offset = 0;
        for (int i = 0; i < shapes.Length; i++)
        {
            var (name, rows, cols) = shapes[i];
            if (!names.Add(name)) throw new ArgumentException($"duplicate parameter group '{name}'", nameof(shapes));
            if (rows < 1 || cols < 1) throw new ArgumentOutOfRangeException(nameof(shapes), $"group '{name}' is {rows} x {cols}");
            _groups[i] = new ParameterGroup(name, offset, rows, cols);
            offset = checked(offset + rows * cols);
        }
        Size = offset;
    }

    /// <summary>One vector group named "x" of length <paramref name="length"/> (the convex problems).</summary>
    public static ParameterLayout Vector(int length, string name = "x") => new((name, length, 1));

    /// <summary>Total number of parameters (the buffer length).</summary>
    public int Size { get; }

    public IReadOnlyList<ParameterGroup> Groups => _groups;

    public ParameterGroup this[string name] =>
        Array.Find(_groups, g => g.Name == name) is { Name: not null } g ? g
            : throw new KeyNotFoundException($"no parameter group '{name}'");

    /// <summary>The groups a selector picks, in layout order (resolved once, in a transform's Init).</summary>
    public ParameterGroup[] Select(GroupSelector selector) => Array.FindAll(_groups, selector.Includes);
}

/// <summary>Which parameter groups a transform applies to (e.g. weight decay on matrices only).</summary>
public sealed class GroupSelector
{
    private readonly Predicate<ParameterGroup> _includes;
    private readonly string _description;

    private GroupSelector(Predicate<ParameterGroup> includes, string description) =>
        (_includes, _description) = (includes, description);

    public static GroupSelector All { get; } = new(_ => true, "all groups");
    public static GroupSelector Matrices { get; } = new(g => g.IsMatrix, "matrix groups");

    public static GroupSelector Named(params string[] names)
    {
        var set = new HashSet<string>(names, StringComparer.Ordinal);
        return new(g => set.Contains(g.Name), string.Join(", ", names));
    }

    public bool Includes(ParameterGroup group) => _includes(group);
    public override string ToString() => _description;
}
