namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// A node of a parsed expression in x and y, evaluated over Z/pZ. Evaluation allocates nothing; a division by a
/// divisor that is 0 mod p sets <c>undefined</c> (the pair is then left out of the data) and yields 0.
/// </summary>
internal abstract class ExpressionNode
{
    public abstract long Evaluate(long x, long y, long p, ref bool undefined);

    /// <summary>Whether a division occurs anywhere below this node (it needs a prime modulus).</summary>
    public abstract bool Divides { get; }
}

internal sealed class VariableNode(bool isX) : ExpressionNode
{
    public override long Evaluate(long x, long y, long p, ref bool undefined) => isX ? x : y;
    public override bool Divides => false;
}

/// <summary>An integer literal; reduced mod p when evaluated (literals are at most 18 digits).</summary>
internal sealed class LiteralNode(long value) : ExpressionNode
{
    public override long Evaluate(long x, long y, long p, ref bool undefined) => value % p;
    public override bool Divides => false;
}

internal sealed class NegateNode(ExpressionNode operand) : ExpressionNode
{
    public override long Evaluate(long x, long y, long p, ref bool undefined) =>
        ModularIntegers.Reduce(-operand.Evaluate(x, y, p, ref undefined), p);
    public override bool Divides => operand.Divides;
}

/// <summary>An integer power with a literal exponent >= 0 (never reduced mod p - 1, so 0^0 = 1 and 0^k = 0).</summary>
internal sealed class PowerNode(ExpressionNode @base, long exponent) : ExpressionNode
{
    public override long Evaluate(long x, long y, long p, ref bool undefined) =>
        ModularIntegers.Power(@base.Evaluate(x, y, p, ref undefined), exponent, p);
    public override bool Divides => @base.Divides;
}

internal sealed class BinaryNode(char op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override long Evaluate(long x, long y, long p, ref bool undefined)
    {
        long a = left.Evaluate(x, y, p, ref undefined), b = right.Evaluate(x, y, p, ref undefined);
        switch (op)
        {
            case '+': return (a + b) % p;
            case '-': return ModularIntegers.Reduce(a - b, p);
            case '*': return a * b % p;
            default:
                if (b == 0)
                {
                    undefined = true;
                    return 0;
                }
                return a * ModularIntegers.Inverse(b, p) % p;
        }
    }

    public override bool Divides => op == '/' || left.Divides || right.Divides;
}
