using System.Globalization;

namespace Grokking.Figures;

/// <summary>
/// One claim a figure checks: its name, what we measured, what the paper or the reference code says (or what the
/// theory predicts), and whether they agree. Every figure reports its claims in this one form, with one verdict
/// vocabulary (<see cref="Verdict"/>), in its markdown table and in the lines `grok figure` prints.
/// </summary>
public sealed record Claim(string Name, string Ours, string Reference, bool Ok)
{
    public const string Agrees = "agrees";
    public const string Differs = "DIFFERS";

    /// <summary>"agrees" or "DIFFERS" (capitals, so a failed claim stands out in a page of results).</summary>
    public string Verdict => Ok ? Agrees : Differs;

    /// <summary>A step count with thousands separators ("101,000"), or "not reached".</summary>
    public static string Int(long? v) => v is long x ? x.ToString("N0", CultureInfo.InvariantCulture) : "not reached";

    /// <summary>A real to <paramref name="digits"/> significant digits, invariant culture.</summary>
    public static string Real(double v, int digits = 4) => v.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
