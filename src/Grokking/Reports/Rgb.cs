using System.Globalization;

namespace Grokking.Reports;

/// <summary>An opaque 8-bit sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Lower-case "#rrggbb", the form SVG and matplotlib's <c>to_hex</c> both use.</summary>
    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>Converts a channel in [0, 1] the way matplotlib does (Python's round: half to even).</summary>
    public static Rgb FromUnit(double r, double g, double b) => new(ToByte(r), ToByte(g), ToByte(b));

    /// <summary>Parses "#rgb" or "#rrggbb"; anything else (named colours) is rejected.</summary>
    public static bool TryParseHex(string? s, out Rgb rgb)
    {
        rgb = default;
        if (s is null || s.Length is not (4 or 7) || s[0] != '#') return false;
        if (s.Length == 4) s = string.Concat("#", new string(s[1], 2), new string(s[2], 2), new string(s[3], 2));
        if (!int.TryParse(s.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v)) return false;
        rgb = new Rgb((byte)(v >> 16), (byte)(v >> 8), (byte)v);
        return true;
    }

    public override string ToString() => ToHex();

    private static byte ToByte(double v) => (byte)Math.Round(Math.Clamp(v, 0, 1) * 255.0, MidpointRounding.ToEven);
}
