using Grokking.Experiments;
using Grokking.Problems.ModularArithmetic;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>The expression parser: precedence, powers, division by the inverse, and one-line errors.</summary>
public class ModularExpressionTests
{
    private static long Eval(string text, long x, long y, long p)
    {
        Assert.True(ModularExpression.Parse(text).TryEvaluate(x, y, p, out long v), $"'{text}' undefined at ({x}, {y})");
        return v;
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7)]          // * binds tighter than +
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 * 3 ^ 2", 18)]         // ^ binds tighter than *
    [InlineData("(2 * 3) ^ 2", 36)]
    [InlineData("-2 ^ 2", 1000 - 4)]      // -(2^2), as in mathematics and Python
    [InlineData("(-2) ^ 2", 4)]
    [InlineData("10 - 3 - 2", 5)]         // left-associative
    [InlineData("2 ** 10", 24)]           // Python's power spelling: 1024 mod 1000
    [InlineData("--3", 3)]
    [InlineData("+3 - -4", 7)]
    public void PrecedenceAndAssociativityModulo1000(string text, long expected)
    {
        Assert.Equal(expected, Eval(text, 0, 0, 1000));
    }

    [Fact]
    public void DivisionIsLeftAssociativeAndUsesTheInverse()
    {
        const long p = 97;
        long inv4 = ModularIntegers.Inverse(4, p);
        Assert.Equal(1, 4 * inv4 % p);
        Assert.Equal(11, Eval("7 * 3 - 20 / 4 * 2", 0, 0, p)); // 21 - (20/4)*2, not 21 - 20/(4*2)
        Assert.Equal(20, Eval("20 / (4 * 2)", 0, 0, p) * 8 % p);
        Assert.Equal(1, Eval("12 / 3 / 4", 0, 0, p)); // (12/3)/4
        Assert.Equal(37, Eval("x / y", 37, 5, p) * 5 % p);
    }

    [Fact]
    public void DivisionByZeroModPIsUndefined()
    {
        var e = ModularExpression.Parse("x / (y - 3)");
        Assert.True(e.Divides);
        Assert.False(e.TryEvaluate(5, 3, 7, out _));
        Assert.False(e.TryEvaluate(5, 10, 7, out _)); // 10 - 3 = 7 = 0 mod 7
        Assert.True(e.TryEvaluate(5, 4, 7, out long v));
        Assert.Equal(5, v);
        Assert.False(ModularExpression.Parse("x * y + 1").Divides);
    }

    [Fact]
    public void VariablesPowersAndLiteralsReduceModP()
    {
        Assert.Equal((40L * 40 * 40 + 40 * 13) % 97, Eval("x^3 + x*y", 40, 13, 97));
        Assert.Equal(1, Eval("x^0", 0, 0, 97));                 // 0^0 = 1: the exponent is never reduced
        Assert.Equal(0, Eval("x^96", 0, 5, 97));
        Assert.Equal(1, Eval("x^96", 3, 5, 97));                // Fermat
        Assert.Equal(123456789012345678 % 97, Eval("123456789012345678", 0, 0, 97));
        Assert.Equal(ModularIntegers.Power(3, 123456789012, 97), Eval("3^123456789012", 0, 0, 97));
        Assert.Equal((97 - 40) % 97, Eval("-x", 40, 0, 97));
        Assert.Equal(5, Eval("  x\t+ y ", 2, 3, 97));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("x + z", "names 'z' at position 5; the only variables are x and y")]
    [InlineData("xy", "names 'xy' at position 1")]
    [InlineData("x + ", "ends where a number, x, y or '(' is expected")]
    [InlineData("x * * y", "has '*' at position 5 where a number, x, y or '(' is expected")]
    [InlineData("(x + y", "has an unclosed '(' at position 1")]
    [InlineData("x + y)", "has an unmatched ')' at position 6")]
    [InlineData("x y", "has 'y' at position 3 where an operator is expected")]
    [InlineData("x % y", "has '%' at position 3 where an operator is expected")]
    [InlineData("x ^ y", "has 'y' at position 5 where an integer exponent >= 0 is expected")]
    [InlineData("x ^ -1", "has '-' at position 5 where an integer exponent >= 0 is expected")]
    [InlineData("x^2^3", "chains powers at position 3")]
    [InlineData("1234567890123456789", "has an integer literal longer than 18 digits at position 1")]
    [InlineData("__import__('os')", "names '__import__' at position 1")]
    public void BadExpressionsAreOneLineSpecErrors(string text, string expected)
    {
        var e = Assert.Throws<SpecException>(() => ModularExpression.Parse(text));
        Assert.StartsWith($"operation '{text}' ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void HugeOrDeepExpressionsAreRefusedNotOverflowed()
    {
        string deep = new string('(', 100_000) + "x" + new string(')', 100_000);
        Assert.Equal("operation of 200001 characters: at most 4096", Assert.Throws<SpecException>(() => ModularExpression.Parse(deep)).Message);
        string nested = new string('(', 300) + "x" + new string(')', 300);
        Assert.Contains("nests deeper than 200 levels at position 201", Assert.Throws<SpecException>(() => ModularExpression.Parse(nested)).Message);
        Assert.Contains("nests deeper than 200 levels", Assert.Throws<SpecException>(() => ModularExpression.Parse(new string('-', 1000) + "x")).Message);
        string ok = new string('(', 150) + "x + 1" + new string(')', 150) + string.Concat(Enumerable.Repeat(" + y", 900));
        Assert.True(ModularExpression.Parse(ok).TryEvaluate(3, 1, 97, out long v));
        Assert.Equal(904, v + 97 * 9); // 3 + 1 + 900 = 904 = 31 + 97 * 9
    }

    [Fact]
    public void AnErrorInAMultiLineExpressionIsStillOneLine()
    {
        var e = Assert.Throws<SpecException>(() => ModularExpression.Parse("x +\n z"));
        Assert.Equal("operation 'x +  z' names 'z' at position 6; the only variables are x and y (write x*y for a product)", e.Message);
    }

    [Fact]
    public void NamedOperationsIgnoreSpacesAndOtherTextIsParsed()
    {
        Assert.Equal("x^2+xy+y^2", ModularOperation.Of(" x^2 + xy + y^2 ").Name);
        Assert.Equal("/", ModularOperation.Of("/").Name);
        Assert.True(ModularOperation.Of("/").Divides);
        var custom = ModularOperation.Of("(x - y)^2 + 3");
        Assert.Equal("(x-y)^2+3", custom.Name);
        Assert.True(custom.TryApply(2, 5, 11, out long v));
        Assert.Equal((9 + 3) % 11, v);
        Assert.Throws<SpecException>(() => ModularOperation.Of("x + w"));
        Assert.Equal(7, ModularOperation.Names.Count);
    }

    [Fact]
    public void ModularIntegerHelpers()
    {
        Assert.Equal(3, ModularIntegers.Reduce(-4, 7));
        Assert.Equal(0, ModularIntegers.Power(5, 3, 1));
        Assert.Equal(4, ModularIntegers.Inverse(2, 7));
        Assert.Throws<ArgumentException>(() => ModularIntegers.Inverse(4, 8));
        int[] primes = [.. Enumerable.Range(0, 60).Where(n => ModularIntegers.IsPrime(n))];
        Assert.Equal([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59], primes);
        Assert.True(ModularIntegers.IsPrime(46_337));
        Assert.False(ModularIntegers.IsPrime(46_339)); // 149 * 311
    }
}
