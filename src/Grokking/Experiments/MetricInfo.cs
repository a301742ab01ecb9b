namespace Grokking.Experiments;

/// <summary>One metric a family records: its name in metrics.csv, what it is, and whether it is a series per scope
/// (a component a_i, a singular value sigma_i) rather than one value per record.</summary>
public sealed record MetricInfo(string Name, string Description, bool PerScope = false);
