using Grokking.Problems.MatrixFactorisation;
using Grokking.Problems.SparseRecovery;

namespace Grokking.Experiments;

/// <summary>Every experiment kind the lab knows, by name.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All { get; } = [new SparseRecoveryExperiment(), new MatrixFactorisationExperiment(),
        new BasisPursuitCellExperiment(), new CoherenceCellExperiment(), new NuclearRecoveryCellExperiment()];

    public static IExperiment Get(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new SpecException($"unknown experiment '{name}' (known: {string.Join(", ", All.Select(e => e.Name))})");

    public static ParameterSchema SchemaOf(string name) => Get(name).Schema;
}
