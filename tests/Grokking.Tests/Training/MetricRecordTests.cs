using Grokking.Training;

namespace Grokking.Tests.Training;

public class MetricRecordTests
{
    [Fact]
    public void SeriesSelectsByMetricAndScopeInOrder()
    {
        var r = new MetricRecord();
        int train = r.Register("train"), a = r.Register("a");
        Assert.Equal(train, r.Register("train"));
        for (long t = 0; t < 5; t++)
        {
            r.Add(t, train, 1.0 / (t + 1));
            r.Add(t, a, t, scope: 0);
            r.Add(t, a, -t, scope: 1);
        }
        var (steps, values) = r.Series("a", 1);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, steps);
        Assert.Equal(new double[] { 0, -1, -2, -3, -4 }, values);
        Assert.Equal(0.2, r.Last("train"));
        Assert.Equal(new[] { 0, 1 }, r.Scopes("a"));
        Assert.Throws<KeyNotFoundException>(() => r.Series("nope"));
    }

    [Fact]
    public void CsvRoundTripIsExactIncludingNonFiniteValues()
    {
        var r = new MetricRecord { TimeOf = t => 0.1 * t };
        int m = r.Register("err"), c = r.Register("a");
        r.Add(0, m, 0.1 + 0.2);
        r.Add(1000, m, double.NaN);
        r.Add(2000, m, double.PositiveInfinity);
        r.Add(2000, c, -1.2345678901234567e-300, scope: 99);
        var sw = new StringWriter();
        r.WriteCsv(sw);
        string csv = sw.ToString();
        Assert.StartsWith("step,time,metric,scope,value\n0,0,err,,0.30000000000000004\n1000,100,err,,NaN", csv.Replace("\r", ""));
        var back = MetricRecord.ReadCsv(new StringReader(csv));
        Assert.Equal(4, back.Count);
        Assert.Equal(0.1 + 0.2, back.Series("err").Values[0]);
        Assert.True(double.IsNaN(back.Series("err").Values[1]));
        Assert.Equal(double.PositiveInfinity, back.Series("err").Values[2]);
        Assert.Equal(-1.2345678901234567e-300, back.Series("a", 99).Values[0]);
    }

    [Fact]
    public void AddingWithinReservedCapacityDoesNotAllocate()
    {
        var r = new MetricRecord();
        int m = r.Register("x");
        r.Reserve(10_000 * Allocations.MaxRuns);
        int step = 0;
        Allocations.AssertNone(() => { for (int i = 0; i < 10_000; i++) r.Add(step++, m, i); });
        Assert.Equal(step, r.Count); // every add was kept, within the reserved capacity
    }
}
