using FsCheck;
using FsCheck.Fluent;
using Grokking.Reports;

namespace Grokking.Tests.Reports;

public class TicksTests
{
    [Fact]
    public void Linear_ZeroToOne_StepsByPointTwo()
    {
        var ticks = Ticks.Linear(0, 1, 5);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], ticks.Select(t => t.Value).ToArray(), new Tol(1e-12));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], ticks.Select(t => t.Label).ToArray());
        Assert.All(ticks, t => Assert.True(t.Major));
    }

    [Theory]
    [InlineData(0, 100, 5, 20)]
    [InlineData(-3, 7, 6, 2)]
    [InlineData(0, 0.0013, 3, 0.0005)]
    [InlineData(17, 923, 8, 200)]
    [InlineData(0, 1, 10, 0.1)]
    public void NiceStep_Is125TimesPowerOfTen(double lo, double hi, int target, double expected)
    {
        Assert.Equal(expected, Ticks.NiceStep(hi - lo, target), 12);
    }

    [Fact]
    public void Linear_NegativeValuesUseTypographicMinus_AndNoNegativeZero()
    {
        var labels = Ticks.Linear(-1, 1, 4).Select(t => t.Label).ToArray();
        Assert.Equal(["−1.0", "−0.5", "0.0", "0.5", "1.0"], labels);
    }

    [Fact]
    public void Linear_HugeValuesSwitchToENotation()
    {
        var labels = Ticks.Linear(0, 1e6, 5).Select(t => t.Label).ToArray();
        Assert.Equal(["0", "2e5", "4e5", "6e5", "8e5", "1e6"], labels);
    }

    [Fact]
    public void Log_OneToMillion_GivesEveryDecadeWithMinorTicks()
    {
        var ticks = Ticks.Log(1, 1e6);
        var majors = ticks.Where(t => t.Major).ToList();
        Assert.Equal([1, 10, 100, 1e3, 1e4, 1e5, 1e6], majors.Select(t => t.Value).ToArray(), new Tol(1e-9, relative: true));
        Assert.Equal("$10^{0}$", majors[0].Label);
        Assert.Equal("$10^{6}$", majors[^1].Label);
        var minors = ticks.Where(t => !t.Major).ToList();
        Assert.Equal(6 * 8, minors.Count); // 2..9 in each of the six decades below 1e6
        Assert.All(minors, t => Assert.Equal("", t.Label));
        Assert.Contains(minors, t => Math.Abs(t.Value - 5e3) < 1e-6);
    }

    [Fact]
    public void Log_SmallRange_3e4To2e1()
    {
        var ticks = Ticks.Log(3e-4, 2e-1);
        var majors = ticks.Where(t => t.Major).Select(t => t.Value).ToArray();
        Assert.Equal([1e-3, 1e-2, 1e-1], majors, new Tol(1e-9, relative: true));
        Assert.Equal("$10^{−3}$", ticks.First(t => t.Major).Label);
        var minors = ticks.Where(t => !t.Major).Select(t => t.Value).ToArray();
        Assert.Equal(3e-4, minors.First(), 12);
        Assert.Equal(2e-1, minors.Last(), 12);
        Assert.Equal(7 + 8 + 8 + 1, minors.Length); // 3..9e-4, 2..9e-3, 2..9e-2, 2e-1
        Assert.True(ticks.Zip(ticks.Skip(1)).All(p => p.First.Value < p.Second.Value), "ticks ascending");
    }

    [Fact]
    public void Log_ManyDecades_ThinsLabelsToAStrideThatKeepsTenToTheZero()
    {
        var ticks = Ticks.Log(1e-30, 1, maxLabels: 8);
        var labelled = ticks.Where(t => t.Label.Length > 0).ToList();
        Assert.InRange(labelled.Count, 2, 8);
        Assert.Contains(labelled, t => t.Value == 1);
        Assert.Equal(31, ticks.Count); // every decade still ticked, no 2..9 minors at this density
    }

    [Fact]
    public void Log_WithinOneDecade_LabelsMantissas()
    {
        var ticks = Ticks.Log(2, 8, maxLabels: 3);
        Assert.Equal(["2", "5"], ticks.Where(t => t.Label.Length > 0).Select(t => t.Label).ToArray());
        Assert.Equal(7, ticks.Count); // 2..8
        var all = Ticks.Log(2, 8, maxLabels: 10);
        Assert.Equal(["2", "3", "4", "5", "6", "7", "8"], all.Select(t => t.Label).ToArray());
        var small = Ticks.Log(0.02, 0.09, maxLabels: 3);
        Assert.Equal(["0.02", "0.05"], small.Where(t => t.Label.Length > 0).Select(t => t.Label).ToArray());
    }

    [Fact]
    public void Log_ENotationStyle()
    {
        Assert.Equal("1e-3", Ticks.DecadeLabel(-3, LogLabelStyle.ENotation));
        Assert.Equal("1e-3", Ticks.Log(1e-4, 1e-2, style: LogLabelStyle.ENotation).First(t => t.Major && t.Value > 5e-4).Label);
    }

    [Fact]
    public void Degenerate_RangesGiveNoTicks()
    {
        Assert.Empty(Ticks.Linear(1, 1));
        Assert.Empty(Ticks.Log(0, 10));
        Assert.Empty(Ticks.Log(-1, 10));
        Assert.Empty(Ticks.Linear(double.NaN, 1));
    }

    [Fact]
    public void Linear_Property_TicksInRangeEvenlySpacedAndCountBounded()
    {
        var gen =
            from lo in Gen.Choose(-1_000_000, 1_000_000)
            from span in Gen.Choose(1, 2_000_000)
            from scale in Gen.Elements(1e-6, 1e-3, 1.0, 1e3)
            from target in Gen.Choose(3, 11)
            select (lo * scale, (lo + span) * scale, target);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (lo, hi, target) = t;
            var v = Ticks.Linear(lo, hi, target).Select(k => k.Value).ToArray();
            double step = Ticks.NiceStep(hi - lo, target);
            double eps = 1e-9 * Math.Max(Math.Abs(lo), Math.Abs(hi)) + 1e-12;
            bool inRange = v.All(x => x >= lo - eps && x <= hi + eps);
            bool even = v.Zip(v.Skip(1)).All(p => Math.Abs(p.Second - p.First - step) <= 1e-6 * step);
            bool count = v.Length >= Math.Floor(target / 2.5) && v.Length <= target + 1;
            double mant = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
            bool nice = new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mant - m) < 1e-6);
            return inRange && even && count && nice;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Element-wise tolerance comparer for double arrays.</summary>
    internal sealed class Tol(double tol, bool relative = false) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= (relative ? tol * Math.Max(Math.Abs(a), Math.Abs(b)) : tol);

        public int GetHashCode(double obj) => 0;
    }
}
