namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// The binary operation x ∘ y of a modular-arithmetic task: one of the named operations of the grokking literature
/// (+, -, *, /, x^2+y^2, x^2+xy+y^2, x^3+xy) or any expression in x and y that <see cref="ModularExpression"/> reads.
/// The reference code builds its labels with Python's <c>eval(f"({x1} {operator} {x2}) % {p}")</c>; the lab never
/// evaluates text as code, and its '/' is the modular inverse (Python's would be a real division).
/// </summary>
public sealed class ModularOperation
{
    private static readonly (string Name, string Expression)[] NamedOperations =
    [
        ("+", "x + y"),
        ("-", "x - y"),
        ("*", "x * y"),
        ("/", "x / y"),
        ("x^2+y^2", "x^2 + y^2"),
        ("x^2+xy+y^2", "x^2 + x*y + y^2"),
        ("x^3+xy", "x^3 + x*y"),
    ];

    private ModularOperation(string name, ModularExpression expression)
    {
        Name = name;
        Expression = expression;
    }

    /// <summary>The operation as the user named it ("+", "x^2+xy+y^2", or the expression's own text).</summary>
    public string Name { get; }

    public ModularExpression Expression { get; }

    /// <summary>Whether the operation divides: it then needs a prime modulus, and pairs whose divisor is 0 mod p
    /// have no label (for '/' the pairs with y = 0).</summary>
    public bool Divides => Expression.Divides;

    /// <summary>The names <see cref="Of"/> knows besides general expressions.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. NamedOperations.Select(o => o.Name)];

    /// <summary>A named operation (spaces ignored, so "x^2 + xy + y^2" is the named one), else the text parsed as an
    /// expression in x and y; a one-line <see cref="Grokking.Experiments.SpecException"/> if it does not parse.</summary>
    public static ModularOperation Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        foreach (var (name, expression) in NamedOperations)
        {
            if (compact == name) return new ModularOperation(name, ModularExpression.Parse(expression));
        }
        return new ModularOperation(text.Trim(), ModularExpression.Parse(text));
    }

    /// <summary>x ∘ y mod p; false where a divisor is 0 mod p.</summary>
    public bool TryApply(long x, long y, long p, out long value) => Expression.TryEvaluate(x, y, p, out value);

    public override string ToString() => Name;
}
