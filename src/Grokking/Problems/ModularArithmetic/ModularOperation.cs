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

    /// <summary>The operation's canonical spelling: the named operation's name ("+", "x^2+xy+y^2"), else the
    /// expression without whitespace ("x^3+2*x*y"). It is what a run's spec keeps, so spellings that differ only in
    /// spaces, or an expression that is a named operation ("x + y"), share one run id.</summary>
    public string Name { get; }

    public ModularExpression Expression { get; }

    /// <summary>Whether the operation divides: it then needs a prime modulus, and pairs whose divisor is 0 mod p
    /// have no label (for '/' the pairs with y = 0).</summary>
    public bool Divides => Expression.Divides;

    /// <summary>The names <see cref="Of"/> knows besides general expressions.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. NamedOperations.Select(o => o.Name)];

    /// <summary>A named operation (spaces ignored, the name's letters in any case, or its expression: "x^2 + xy + y^2",
    /// "X^2+Y^2" and "x*y" are named ones), else the text parsed as an expression in x and y; a one-line
    /// <see cref="Grokking.Experiments.SpecException"/> if it does not parse.</summary>
    public static ModularOperation Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string compact = Compact(text);
        foreach (var (name, expression) in NamedOperations)
        {
            if (string.Equals(compact, name, StringComparison.OrdinalIgnoreCase) || compact == Compact(expression))
                return new ModularOperation(name, ModularExpression.Parse(expression));
        }
        // Parse the text as typed (positions in its errors are the user's), then keep it without whitespace: in an
        // expression that parses no two tokens can merge when the spaces go (an operand is always followed by an
        // operator, ')' or the end, and '*' never by a second '*'), so the compact text means the same.
        _ = ModularExpression.Parse(text);
        return new ModularOperation(compact, ModularExpression.Parse(compact));
    }

    /// <summary>The canonical spelling of <paramref name="text"/> (see <see cref="Name"/>); a one-line
    /// <see cref="Grokking.Experiments.SpecException"/> if it does not parse. The run parameter's validation.</summary>
    public static string Canonical(string text) => Of(text).Name;

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>x ∘ y mod p; false where a divisor is 0 mod p.</summary>
    public bool TryApply(long x, long y, long p, out long value) => Expression.TryEvaluate(x, y, p, out value);

    public override string ToString() => Name;
}
