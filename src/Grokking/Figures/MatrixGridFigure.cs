using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The base of the matrix figures (5, 6, 8, 14, 15, 23, 29): a grid of matrix-factorisation runs whose run
/// directories get the matrix plots; and the small helpers their recipes share.
/// </summary>
public abstract class MatrixGridFigure : GridFigure
{
    private protected override RunExecutor.PlotWriter? RunPlotWriter => RunPlots.Write;

    /// <summary>A matrix-factorisation spec from the Figure 5 defaults plus overrides.</summary>
    public static RunSpec Spec(params (string Name, object Value)[] values) =>
        RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema,
            values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value)));

    internal static string Steps(long? t) => Claim.Int(t);

    internal static string G(double v, int digits = 4) => Claim.Real(v, digits);

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
