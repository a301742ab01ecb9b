using Grokking.Reports;

namespace Grokking.Tests.Reports;

public class MappingTests
{
    [Fact]
    public void LinearMap_IsAffine_AndInvertible()
    {
        var m = new AxisMap(0, 10, 100, 300, log: false);
        Assert.Equal(100, m.ToPixel(0), 9);
        Assert.Equal(200, m.ToPixel(5), 9);
        Assert.Equal(300, m.ToPixel(10), 9);
        Assert.Equal(7.5, m.FromPixel(m.ToPixel(7.5)), 9);
    }

    [Fact]
    public void LogMap_PutsDecadesEquallyApart_YAxisGrowsDownwards()
    {
        var m = new AxisMap(1, 100, 400, 0, log: true); // y axis: lo at the bottom (400 px)
        Assert.Equal(400, m.ToPixel(1), 9);
        Assert.Equal(200, m.ToPixel(10), 9);
        Assert.Equal(0, m.ToPixel(100), 9);
        Assert.Equal(400 - 400 * Math.Log10(2) / 2, m.ToPixel(2), 9);
        Assert.Equal(31.6227766, m.FromPixel(100), 6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void LogMap_UnshowableValuesBecomeNaN(double v)
    {
        var m = new AxisMap(1, 100, 0, 100, log: true);
        Assert.True(double.IsNaN(m.ToPixel(v)));
        Assert.False(m.CanShow(v));
    }

    [Fact]
    public void LinearMap_NaNAndInfBecomeNaN_NegativesAreFine()
    {
        var m = new AxisMap(-1, 1, 0, 100, log: false);
        Assert.True(double.IsNaN(m.ToPixel(double.NaN)));
        Assert.True(double.IsNaN(m.ToPixel(double.PositiveInfinity)));
        Assert.Equal(25, m.ToPixel(-0.5), 9);
    }

    [Fact]
    public void AutoRange_PadsLinearByMargin_AndLogInDecades()
    {
        var lin = Axis.Linear();
        var e = Extent.Empty;
        e.Add(0, false);
        e.Add(10, false);
        var (lo, hi) = AxisRange.Resolve(lin, e, Extent.Empty);
        Assert.Equal(-0.3, lo, 9);
        Assert.Equal(10.3, hi, 9);

        var log = Axis.Log();
        var le = Extent.Empty;
        foreach (double v in new[] { 1.0, 1e6, 0, -5, double.NaN }) le.Add(v, true); // non-positive ignored
        (lo, hi) = AxisRange.Resolve(log, le, Extent.Empty);
        Assert.Equal(-0.18, Math.Log10(lo), 9);
        Assert.Equal(6.18, Math.Log10(hi), 9);
    }

    [Fact]
    public void AutoRange_FixedLimitsWin_EmptyHasDefaults_SingleValueGetsRoom()
    {
        var e = Extent.Empty;
        e.Add(5, false);
        Assert.Equal((0.0, 100.0), AxisRange.Resolve(Axis.Linear("", 0, 100), e, Extent.Empty));
        Assert.Equal((0.0, 1.0), AxisRange.Resolve(Axis.Linear(), Extent.Empty, Extent.Empty));
        Assert.Equal((1.0, 10.0), AxisRange.Resolve(Axis.Log(), Extent.Empty, Extent.Empty));
        var (lo, hi) = AxisRange.Resolve(Axis.Linear(), e, Extent.Empty);
        Assert.True(lo < 5 && hi > 5);
    }

    [Fact]
    public void AutoRange_TightExtentIsNotPadded()
    {
        var tight = Extent.Empty;
        tight.Add(0, false);
        tight.Add(50, false);
        Assert.Equal((0.0, 50.0), AxisRange.Resolve(Axis.Linear(), Extent.Empty, tight));
    }

    [Fact]
    public void HeatMapEdges_FromCentres_AreGeometricOnLogAxes()
    {
        double[] e = HeatMap.Edges([1, 10, 100], 3, log: true);
        Assert.Equal([Math.Pow(10, -0.5), Math.Pow(10, 0.5), Math.Pow(10, 1.5), Math.Pow(10, 2.5)], e, new TicksTests.Tol(1e-9, true));
        double[] lin = HeatMap.Edges([0, 1, 2], 3, log: false);
        Assert.Equal([-0.5, 0.5, 1.5, 2.5], lin, new TicksTests.Tol(1e-12));
    }
}
