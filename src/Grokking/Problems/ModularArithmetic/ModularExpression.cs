using Grokking.Experiments;

namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// An expression in x and y over the integers mod p, read by a small recursive-descent parser (never evaluated as
/// code). Grammar, loosest binding first:
/// <code>
/// sum     = product (('+' | '-') product)*
/// product = unary (('*' | '/') unary)*
/// unary   = ('-' | '+') unary | power           so -x^2 = -(x^2), as in mathematics and Python
/// power   = atom [('^' | '**') integer]         a literal exponent >= 0; x^2^3 is refused as ambiguous
/// atom    = integer | 'x' | 'y' | '(' sum ')'
/// </code>
/// Division multiplies by the modular inverse (the data layer requires a prime p for it); a pair where a divisor is
/// 0 mod p has no value. Anything else (another name, a stray character, a missing operand) is a one-line
/// <see cref="SpecException"/> naming the position.
/// </summary>
public sealed class ModularExpression
{
    /// <summary>The longest expression accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>The deepest nesting of parentheses and signs accepted.</summary>
    public const int MaxNesting = 200;

    private readonly ExpressionNode _root;

    private ModularExpression(string text, ExpressionNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The text as the user gave it.</summary>
    public string Text { get; }

    /// <summary>Whether the expression divides (it then needs a prime modulus).</summary>
    public bool Divides => _root.Divides;

    /// <summary>The value of the expression at (x, y) mod p; false where a divisor is 0 mod p.</summary>
    public bool TryEvaluate(long x, long y, long p, out long value)
    {
        bool undefined = false;
        value = _root.Evaluate(ModularIntegers.Reduce(x, p), ModularIntegers.Reduce(y, p), p, ref undefined);
        return !undefined;
    }

    public static ModularExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        return new ModularExpression(text, parser.ParseWhole());
    }

    public override string ToString() => Text;

    /// <summary>One pass over the characters; the position of each token is kept for the error messages.</summary>
    private sealed class Parser(string text)
    {
        private int _pos, _depth;

        public ExpressionNode ParseWhole()
        {
            // Bounds that keep the recursion of parsing and evaluation far from the stack's end (an overflow would
            // kill the process, not raise an error).
            if (text.Length > MaxLength) throw new SpecException($"operation of {text.Length} characters: at most {MaxLength}");
            SkipSpace();
            if (_pos == text.Length) throw Error("is empty");
            var root = ParseSum();
            SkipSpace();
            if (_pos < text.Length)
            {
                throw text[_pos] == ')' ? Error($"has an unmatched ')' at position {_pos + 1}") : Unexpected("an operator");
            }
            return root;
        }

        private ExpressionNode ParseSum()
        {
            var node = ParseProduct();
            while (TryConsume('+', out char op) || TryConsume('-', out op))
            {
                node = new BinaryNode(op, node, ParseProduct());
            }
            return node;
        }

        private ExpressionNode ParseProduct()
        {
            var node = ParseUnary();
            while (TryConsume('*', out char op) || TryConsume('/', out op))
            {
                node = new BinaryNode(op, node, ParseUnary());
            }
            return node;
        }

        private ExpressionNode ParseUnary()
        {
            if (++_depth > MaxNesting) throw Error($"nests deeper than {MaxNesting} levels at position {_pos + 1}");
            var node = TryConsume('-', out _) ? new NegateNode(ParseUnary())
                : TryConsume('+', out _) ? ParseUnary()
                : ParsePower();
            _depth--;
            return node;
        }

        private ExpressionNode ParsePower()
        {
            var atom = ParseAtom();
            if (!ConsumePower()) return atom;
            SkipSpace();
            int at = _pos;
            if (_pos == text.Length || !char.IsAsciiDigit(text[_pos]))
            {
                throw Unexpected("an integer exponent >= 0");
            }
            long exponent = ReadInteger();
            if (PeekPowerAhead())
            {
                throw Error($"chains powers at position {at + 1}: write (a^b)^c");
            }
            return new PowerNode(atom, exponent);
        }

        private ExpressionNode ParseAtom()
        {
            SkipSpace();
            if (_pos == text.Length) throw Error("ends where a number, x, y or '(' is expected");
            char c = text[_pos];
            if (char.IsAsciiDigit(c)) return new LiteralNode(ReadInteger());
            if (c == '(')
            {
                int open = _pos++;
                var inner = ParseSum();
                if (!TryConsume(')', out _)) throw Error($"has an unclosed '(' at position {open + 1}");
                return inner;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = _pos;
                while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
                string name = text[start.._pos];
                return name switch
                {
                    "x" => new VariableNode(true),
                    "y" => new VariableNode(false),
                    _ => throw Error($"names '{name}' at position {start + 1}; the only variables are x and y (write x*y for a product)"),
                };
            }
            throw Unexpected("a number, x, y or '('");
        }

        private long ReadInteger()
        {
            int start = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (_pos - start > 18) throw Error($"has an integer literal longer than 18 digits at position {start + 1}");
            return long.Parse(text.AsSpan(start, _pos - start), System.Globalization.CultureInfo.InvariantCulture);
        }

        private bool TryConsume(char c, out char consumed)
        {
            SkipSpace();
            consumed = c;
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        /// <summary>'^' or Python's '**' (the reference code's operators were Python).</summary>
        private bool ConsumePower()
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == '^')
            {
                _pos++;
                return true;
            }
            if (_pos + 1 < text.Length && text[_pos] == '*' && text[_pos + 1] == '*')
            {
                _pos += 2;
                return true;
            }
            return false;
        }

        /// <summary>Another power right after an exponent (x^2^3, x**2**3).</summary>
        private bool PeekPowerAhead()
        {
            SkipSpace();
            return _pos < text.Length && (text[_pos] == '^' || (_pos + 1 < text.Length && text[_pos] == '*' && text[_pos + 1] == '*'));
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private SpecException Unexpected(string expected) => _pos == text.Length
            ? Error($"ends where {expected} is expected")
            : Error($"has '{text[_pos]}' at position {_pos + 1} where {expected} is expected");

        private SpecException Error(string what) => new($"operation '{OneLine(text)}' {what}");

        private static string OneLine(string s) => s.ReplaceLineEndings(" ");
    }
}
