using Grokking.Reports;

namespace Grokking.Tests.Reports;

public class ColorTests
{
    [Theory]
    [InlineData(0.0, "#440154")]
    [InlineData(1.0, "#fde725")]
    [InlineData(0.5, "#21918c")]
    [InlineData(0.25, "#3b528b")]
    [InlineData(0.75, "#5ec962")]
    public void Viridis_MatchesMatplotlib(double t, string hex)
    {
        // Reference values: matplotlib.colors.to_hex(matplotlib.cm.viridis(t)).
        Assert.Equal(hex, ColorMap.Viridis.Hex(t));
    }

    [Fact]
    public void Viridis_Has256Entries_ClampsOutOfRange()
    {
        Assert.Equal(256, ColorMap.Viridis.Count);
        Assert.Equal("#440154", ColorMap.Viridis.Hex(-3));
        Assert.Equal("#fde725", ColorMap.Viridis.Hex(7));
        Assert.Equal("#440154", ColorMap.Viridis.Hex(double.NaN));
    }

    [Fact]
    public void Viridis_IsPerceptuallyMonotone_LightnessIncreases()
    {
        // Viridis' defining property: luminance rises along the map. Catches a corrupted table row.
        double prev = -1;
        for (int i = 0; i < 256; i++)
        {
            var c = ColorMap.Viridis.At((i + 0.5) / 256);
            double lum = 0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B;
            Assert.True(lum > prev - 0.5, $"luminance drops at entry {i}");
            prev = lum;
        }
    }

    [Fact]
    public void Colors_SpansTheMap()
    {
        var c = ColorMap.Viridis.Colors(3);
        Assert.Equal(["#440154", "#21918c", "#fde725"], c);
    }

    [Fact]
    public void LogScale_MapsDecadesEvenly()
    {
        var s = ColorScale.Log(1e-6, 1e-1);
        Assert.Equal(0, s.Normalize(1e-6), 12);
        Assert.Equal(1, s.Normalize(1e-1), 12);
        Assert.Equal(0.5, s.Normalize(Math.Pow(10, -3.5)), 12);
        Assert.True(double.IsNaN(s.Normalize(0)));
        Assert.True(double.IsNaN(s.Normalize(double.NaN)));
        Assert.Equal("#440154", s.ColorOf(1e-9)); // clamped below
        Assert.Equal("#fde725", s.ColorOf(1e-1));
    }

    [Fact]
    public void LinearScale_AndValidation()
    {
        var s = ColorScale.Linear(10, 20);
        Assert.Equal(0.25, s.Normalize(12.5), 12);
        Assert.Throws<ArgumentException>(() => ColorScale.Log(0, 1));
        Assert.Throws<ArgumentException>(() => ColorScale.Linear(1, 1));
    }

    [Fact]
    public void Rgb_ParsesHex()
    {
        Assert.True(Rgb.TryParseHex("#1f77b4", out var c));
        Assert.Equal(new Rgb(0x1f, 0x77, 0xb4), c);
        Assert.True(Rgb.TryParseHex("#fff", out c));
        Assert.Equal("#ffffff", c.ToHex());
        Assert.False(Rgb.TryParseHex("red", out _));
    }
}
