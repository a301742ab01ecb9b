using Grokking.Experiments;
using Grokking.Nn;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// The non-linear teacher-student of paper 1 (spec B.12, Figs 10, 31-33): a 100 -> 500 -> 2 ReLU student learns a
/// random teacher of the same shape from 100 samples by full-batch Adam on the MSE plus beta times a weight norm;
/// it fits the train set early and reaches its best test MSE (t2) later the smaller alpha beta.
/// </summary>
public sealed class TeacherStudentExperiment : IExperiment
{
    public string Name => "teacher-student";
    public string Summary =>
        "a ReLU student learns a ReLU teacher, Adam + beta ||W|| (paper 1, Figs 10, 31-33; data seeded here, unseeded in the reference)";

    public ParameterSchema Schema { get; } = new ParameterSchema(
    [
        .. TeacherStudentParameters.Common(),
        Parameter.Choice("penalty", "l1", "the weight norm added to the MSE, summed over A and B: none, l1 (sum |w|), l2 (unsquared Frobenius) or nuclear", "none", "l1", "l2", "nuclear"),
        Parameter.Real("beta", 1e-5, "penalty strength", min: 0),
        .. TeacherStudentParameters.Training(1_000_001),
    ]);

    public IReadOnlyList<MetricInfo> Metrics => TeacherStudentParameters.Metrics;

    public Figure? PlotRun(RunSpec spec, MetricRecord record, RunSummary summary) =>
        TeacherStudentParameters.Plot(record, summary,
            $"teacher-student {spec.Text("penalty")} alpha = {spec.Real("lr"):G3} beta = {spec.Real("beta"):G3} {spec.Id}");

    public PreparedRun Prepare(RunSpec spec) => TeacherStudentParameters.Prepare(spec, spec.Text("penalty") switch
    {
        "l1" => PenaltyKind.L1,
        "l2" => PenaltyKind.L2,
        "nuclear" => PenaltyKind.Nuclear,
        _ => PenaltyKind.None,
    }, sobolev: null);
}
