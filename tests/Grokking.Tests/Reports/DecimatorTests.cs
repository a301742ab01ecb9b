using FsCheck;
using FsCheck.Fluent;
using Grokking.Reports;

namespace Grokking.Tests.Reports;

public class DecimatorTests
{
    [Fact]
    public void DenseNoisyLine_ShrinksToAFewPointsPerColumn_AndKeepsTheSpike()
    {
        const int n = 200_000, width = 800;
        var rng = new System.Random(42);
        var px = new double[n];
        var py = new double[n];
        for (int i = 0; i < n; i++)
        {
            px[i] = 10 + (double)i / n * width;
            py[i] = 200 + rng.NextDouble() * 4; // noise band 200..204
        }
        py[123_456] = 5;   // upward spike (small y = high on screen)
        py[150_000] = 390; // downward spike
        var lines = Decimator.Polylines(px, py);
        Assert.Single(lines);
        int kept = Decimator.PointCount(lines);
        Assert.True(kept <= 4 * (width + 1), $"kept {kept} points");
        Assert.True(kept < n / 20, $"kept {kept} of {n}");
        var ys = lines[0].Where((_, i) => i % 2 == 1).ToArray();
        Assert.Contains(5.0, ys);
        Assert.Contains(390.0, ys);
        // The endpoints survive exactly, so the line starts and ends where the data does.
        Assert.Equal(px[0], lines[0][0]);
        Assert.Equal(px[^1], lines[0][^2]);
    }

    [Fact]
    public void NaN_BreaksTheLine_IsolatedPointsAreDropped()
    {
        double[] px = [0, 10, 20, double.NaN, 40, 50, double.NaN, 70, 80, 90];
        double[] py = [0, 5, 0, 0, 0, 5, 0, double.PositiveInfinity, 3, 0];
        var lines = Decimator.Polylines(px, py);
        Assert.Equal(3, lines.Count);
        Assert.Equal([0, 0, 10, 5, 20, 0], lines[0]);
        Assert.Equal([40, 0, 50, 5], lines[1]);
        Assert.Equal([80, 3, 90, 0], lines[2]);
    }

    [Fact]
    public void StraightLine_SimplifiesToItsEnds()
    {
        var px = Enumerable.Range(0, 1000).Select(i => i * 0.7).ToArray();
        var py = px.Select(x => 3 + 0.5 * x).ToArray();
        var lines = Decimator.Polylines(px, py);
        Assert.Equal(2, Decimator.PointCount(lines));
    }

    [Fact]
    public void EmptyAndAllNaN_GiveNoPolylines()
    {
        Assert.Empty(Decimator.Polylines([], []));
        Assert.Empty(Decimator.Polylines([double.NaN, double.NaN], [1, 2]));
    }

    [Fact]
    public void Property_DecimatedLineStaysWithinHalfAPixelOfTheDataExtremes()
    {
        var gen =
            from n in Gen.Choose(2, 3000)
            from seed in Gen.Choose(0, int.MaxValue)
            from width in Gen.Choose(20, 1200)
            select (n, seed, width);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (n, seed, width) = t;
            var rng = new System.Random(seed);
            var px = Enumerable.Range(0, n).Select(i => (double)i / n * width).ToArray();
            var py = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 500).ToArray();
            var lines = Decimator.Polylines(px, py);
            var ys = lines.SelectMany(l => l.Where((_, i) => i % 2 == 1)).ToArray();
            return ys.Length >= 2
                && Math.Abs(ys.Min() - py.Min()) <= 0.5
                && Math.Abs(ys.Max() - py.Max()) <= 0.5
                && Decimator.PointCount(lines) <= Math.Min(n, 4 * (width + 2));
        }).QuickCheckThrowOnFailure();
    }
}
