using Grokking.Experiments;
using Grokking.Problems.WeightDecayFlow;
using Grokking.Random;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>Small instances of the four problems and generic helpers shared by the weight-decay-flow tests.</summary>
internal static class FlowTestProblems
{
    public static LinearRegression Linear() => LinearRegression.Create(8, 20, 3);
    public static DiagonalNetwork Diagonal() => DiagonalNetwork.Create(10, 20, 2, 5);
    public static FactorisedCompletion Completion() => FactorisedCompletion.Create(5, 4, 2, 14, 7);
    public static ReluNetwork Relu() => ReluNetwork.Create(12, 6, 2);

    public static IEnumerable<FlowProblem> All() => [Linear(), Diagonal(), Completion(), Relu()];

    /// <summary>iid N(0, scale^2) from a fixed seed.</summary>
    public static double[] Point(int d, double scale = 1, uint seed = 11)
    {
        var w = new NumpyRandomState(seed).StandardNormal(d);
        for (int i = 0; i < d; i++) w[i] *= scale;
        return w;
    }

    /// <summary>A spec of <paramref name="kind"/> with overrides "name=value,...".</summary>
    public static RunSpec Spec(string kind, string overrides = "")
    {
        var schema = ExperimentCatalog.SchemaOf(kind);
        var values = overrides.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('='))
            .Select(kv => new KeyValuePair<string, object>(kv[0], kv[1]));
        return RunSpec.Create(kind, schema, values);
    }
}
