namespace Grokking.Reports;

/// <summary>Default series colours: matplotlib's "tab10" cycle, so figures look like the papers'.</summary>
public static class Palette
{
    public static IReadOnlyList<string> Tab10 { get; } =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    /// <summary>The i-th colour of the cycle (wraps around).</summary>
    public static string Cycle(int i) => Tab10[((i % Tab10.Count) + Tab10.Count) % Tab10.Count];
}
