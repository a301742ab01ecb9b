using FsCheck;
using FsCheck.Fluent;
using Grokking.Analysis;

namespace Grokking.Tests.Analysis;

public class DetectorTests
{
    private static long[] Steps(int count) => Enumerable.Range(0, count).Select(i => (long)i * 1000).ToArray();

    // ---------------- Threshold ----------------

    [Fact]
    public void Threshold_FirstInclusive()
    {
        var v = new[] { 1.0, 0.5, 0.1, 0.05, 0.1, 0.01 };
        var s = Steps(v.Length);
        Assert.Equal(new Detection(2000, 2), Detectors.Threshold(s, v, 0.1));   // inclusive: 0.1 <= 0.1
        Assert.Equal(new Detection(3000, 3), Detectors.Threshold(s, v, 0.09));
        Assert.Equal(new Detection(0, 0), Detectors.Threshold(s, v, 1.0));
        Assert.Null(Detectors.Threshold(s, v, 0.001));
        Assert.Null(Detectors.Threshold(ReadOnlySpan<long>.Empty, ReadOnlySpan<double>.Empty, 1));
    }

    [Fact]
    public void Threshold_NaNNeverQualifies_InfDoes()
    {
        var v = new[] { double.NaN, double.NaN, 2.0, double.NegativeInfinity };
        var s = new long[] { 0, 1, 2, 3 };
        Assert.Equal(3, Detectors.Threshold(s, v, 1.0)!.Value.Index);   // the NaNs are skipped, -inf <= 1
        Assert.Equal(2, Detectors.Threshold(s, v, 2.0)!.Value.Index);
        Assert.Null(Detectors.Threshold(s.AsSpan(0, 2), v.AsSpan(0, 2), double.PositiveInfinity));
        Assert.Equal(3, Detectors.Threshold(s, new[] { double.NaN, 5, 5, double.NegativeInfinity }, -1e300)!.Value.Index);
        Assert.Null(Detectors.Threshold(s, v, double.NaN)); // comparisons with a NaN threshold are false
    }

    [Fact]
    public void GrokTimes_FromThresholds_AndDt()
    {
        var s = new long[] { 0, 10, 20, 30, 40 };
        var train = new[] { 1.0, 1e-4, 1e-5, 1e-6, 1e-6 };
        var test = new[] { 1.0, 0.9, 0.5, 1e-4, 1e-5 };
        var t = GrokTimes.FromThresholds(s, train, test, 1e-3, 1e-3);
        Assert.Equal(10, t.T1);
        Assert.Equal(30, t.T2);
        Assert.Equal(20, t.Dt);
        var none = GrokTimes.FromThresholds(s, train, test, 1e-3, 1e-9);
        Assert.Equal(10, none.T1);
        Assert.Null(none.T2);
        Assert.Null(none.Dt);
        Assert.Throws<ArgumentException>(() => GrokTimes.FromThresholds(s, train, test.AsSpan(1), 1, 1));
        Assert.Null(new GrokTimes(null, 5).Dt);
    }

    [Fact]
    public void Threshold_Property_MatchesLinq()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<double[]>(), ArbMap.Default.ArbFor<double>(), (double[] v, double thr) =>
        {
            var s = Enumerable.Range(0, v.Length).Select(i => (long)(3 * i + 1)).ToArray();
            var got = Detectors.Threshold(s, v, thr);
            int want = Array.FindIndex(v, e => e <= thr);
            return want < 0 ? got is null : got == new Detection(s[want], want);
        }).QuickCheckThrowOnFailure();
    }

    // ---------------- StablePlateau ----------------

    [Fact]
    public void Plateau_NotebookPreset_FirstPairWithin5PercentOfFinalThree()
    {
        // final three: 1.00, 1.02, 0.98 -> E = 1.0, band [0.95, 1.05]
        var v = new[] { 10, 5, 2, 1.04, 1.2, 1.01, 0.99, 1.0, 1.02, 0.98 };
        var s = Steps(v.Length);
        // index 3 (1.04) is in band but index 4 (1.2) is not; first pair = indices 5, 6
        Assert.Equal(new Detection(5000, 5), Detectors.StablePlateau(s, v, Detectors.PlateauRule.Notebook));
        Assert.Equal(new Detectors.PlateauRule(3, 0.05, 2), Detectors.PlateauRule.Notebook);
        Assert.Equal(new Detectors.PlateauRule(10, 0.05, 5), Detectors.PlateauRule.ReferenceDefault);
    }

    [Fact]
    public void Plateau_ReachedLeftAndReentered_EarlierQualifyingWindowWins()
    {
        // E = 1 (last three), M = 2
        var s = Steps(10);
        // earlier window qualifies (indices 1,2), then leaves, then re-enters: the earlier one is returned
        var early = new[] { 5, 1.0, 1.01, 3, 3, 1.0, 1.0, 1.0, 1.0, 1.0 };
        Assert.Equal(1, Detectors.StablePlateau(s, early, 3, 0.05, 2)!.Value.Index);
        // earlier visit is a single record (does not qualify for M = 2): the re-entry is returned
        var single = new[] { 5, 1.0, 3, 3, 3, 1.0, 1.0, 1.0, 1.0, 1.0 };
        Assert.Equal(new Detection(5000, 5), Detectors.StablePlateau(s, single, 3, 0.05, 2));
        // with M = 3 the early pair no longer qualifies either
        Assert.Equal(5, Detectors.StablePlateau(s, early, 3, 0.05, 3)!.Value.Index);
    }

    [Fact]
    public void Plateau_NeverReached_ReturnsNull()
    {
        // monotone decrease with big steps: last three 0.3, 0.2, 0.1 -> E = 0.2, band [0.19, 0.21]
        var v = new[] { 1.0, 0.9, 0.8, 0.5, 0.3, 0.2, 0.1 };
        var s = Steps(v.Length);
        Assert.Null(Detectors.StablePlateau(s, v, 3, 0.05, 2));  // 0.2 alone: run of 1
        Assert.Equal(5, Detectors.StablePlateau(s, v, 3, 0.05, 1)!.Value.Index);
    }

    [Fact]
    public void Plateau_NaN_InTail_GivesNull_ElsewhereBreaksRuns()
    {
        var s = Steps(8);
        var tailNaN = new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, double.NaN, 1.0 };
        Assert.Null(Detectors.StablePlateau(s, tailNaN, 3, 0.05, 2));  // E = NaN
        var midNaN = new[] { 1.0, double.NaN, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 };
        Assert.Equal(2, Detectors.StablePlateau(s, midNaN, 3, 0.05, 2)!.Value.Index);
        Assert.Equal(0, Detectors.StablePlateau(s, midNaN, 3, 0.05, 1)!.Value.Index);
    }

    [Fact]
    public void Plateau_NegativeFinalMean_BandIsInverted_Null()
    {
        // E = -1 -> tol = -0.05 -> lower = -0.95 > upper = -1.05: nothing satisfies lower <= e <= upper
        var v = new[] { -1.0, -1.0, -1.0, -1.0, -1.0 };
        Assert.Null(Detectors.StablePlateau(Steps(5), v, 3, 0.05, 2));
        // E = 0 -> band [0, 0]: only exact zeros qualify (tolerance is relative)
        var z = new[] { 1e-300, 0.0, 0.0, 0.0 };
        Assert.Equal(1, Detectors.StablePlateau(Steps(4), z, 3, 0.05, 2)!.Value.Index);
        // E = +inf -> lower = inf - inf = NaN -> null
        Assert.Null(Detectors.StablePlateau(Steps(3), new[] { 1, double.PositiveInfinity, 1 }, 3, 0.05, 1));
        // negative tolerance mirrors the negative-mean case
        Assert.Null(Detectors.StablePlateau(Steps(3), new[] { 1.0, 1.0, 1.0 }, 3, -0.05, 1));
    }

    [Fact]
    public void Plateau_ReferenceEdgeCases()
    {
        var s = Steps(4);
        var v = new[] { 4.0, 3.0, 2.0, 2.0 };
        // len < K raises like the reference's ValueError
        Assert.Throws<ArgumentException>(() => Detectors.StablePlateau(s, v, 5, 0.05, 2));
        // K = len is fine; K = 0 averages everything (errors[-0:] is the whole array): E = 2.75, band [2.6125, 2.8875]
        Assert.Null(Detectors.StablePlateau(s, v, 0, 0.05, 1));
        Assert.Equal(1, Detectors.StablePlateau(s, v, 0, 0.1, 1)!.Value.Index);  // band [2.475, 3.025] holds 3.0
        // K < 0: errors[2:] -> E = 2
        Assert.Equal(2, Detectors.StablePlateau(s, v, -2, 0.05, 2)!.Value.Index);
        // M <= 0: fires at i = 0 with index 1 - M
        Assert.Equal(new Detection(1000, 1), Detectors.StablePlateau(s, v, 2, 0.05, 0));
        Assert.Equal(new Detection(3000, 3), Detectors.StablePlateau(s, v, 2, 0.05, -2));
        Assert.Throws<ArgumentException>(() => Detectors.StablePlateau(s, v, 2, 0.05, -3)); // IndexError
        // empty series: K = 0 -> mean of nothing = NaN -> null; K >= 1 -> raise
        Assert.Null(Detectors.StablePlateau(ReadOnlySpan<long>.Empty, ReadOnlySpan<double>.Empty, 0, 0.05, 2));
        Assert.Throws<ArgumentException>(() => Detectors.StablePlateau(ReadOnlySpan<long>.Empty, ReadOnlySpan<double>.Empty));
        Assert.Throws<ArgumentException>(() => Detectors.StablePlateau(s, v.AsSpan(1), 2, 0.05, 2));
    }

    [Fact]
    public void Plateau_DefaultsAreReferenceDefaults()
    {
        // 20 records: decreasing until index 5, then a plateau ~1.005 with a one-record excursion at 8;
        // K = 10, M = 5: the window 6..10 is broken by 8, so the first run of five starts at 9
        var v = Enumerable.Range(0, 20).Select(i => i < 6 ? 10.0 - i * 1.5 : 1.0 + (i % 2) * 0.01).ToArray();
        v[8] = 1.2;
        var s = Steps(20);
        var d = Detectors.StablePlateau(s, v);
        Assert.Equal(9, d!.Value.Index);
        Assert.Equal(d, Detectors.StablePlateau(s, v, Detectors.PlateauRule.ReferenceDefault));
    }

    [Fact]
    public void NumpyMean_PairwiseSummation()
    {
        Assert.Equal((1.0 + 2.0 + 3.0) / 3, Detectors.NumpyMean(new[] { 1.0, 2.0, 3.0 }));
        Assert.True(double.IsNaN(Detectors.NumpyMean(ReadOnlySpan<double>.Empty)));
        // 10 elements: 8-way block then sequential remainder: ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) + a8 + a9
        var a = new[] { 1e16, 1.0, -1e16, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 };
        double pairwise = ((1e16 + 1.0) + (-1e16 + 1.0)) + ((1.0 + 1.0) + (1.0 + 1.0)) + 1.0 + 1.0;
        Assert.Equal(pairwise / 10, Detectors.NumpyMean(a));
        // > 128 elements recurse; agrees with the exact mean for exactly representable data
        var big = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        Assert.Equal(499.5, Detectors.NumpyMean(big));
    }

    // ---------------- FirstBest ----------------

    [Fact]
    public void FirstBest_FirstArgMin_IgnoringNaN()
    {
        var s = new long[] { 0, 10, 20, 30, 40, 50 };
        Assert.Equal(new Detection(20, 2), Detectors.FirstBest(s, new[] { 3.0, 2.0, 1.0, 1.0, 5.0, 1.0 }));
        Assert.Equal(new Detection(30, 3), Detectors.FirstBest(s, new[] { 3.0, double.NaN, 2.0, 0.5, double.NaN, 0.6 }));
        Assert.Equal(new Detection(0, 0), Detectors.FirstBest(s, new[] { double.NegativeInfinity, 1, 1, 1, 1, 1 }));
        Assert.Null(Detectors.FirstBest(s.AsSpan(0, 2), new[] { double.NaN, double.NaN }));
        Assert.Null(Detectors.FirstBest(ReadOnlySpan<long>.Empty, ReadOnlySpan<double>.Empty));
        Assert.Equal(0, Detectors.FirstBest(s.AsSpan(0, 3), new[] { 0.0, -0.0, 0.0 })!.Value.Index); // -0 is not < +0
    }
}
