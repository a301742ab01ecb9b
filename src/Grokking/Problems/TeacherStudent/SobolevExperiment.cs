using Grokking.Experiments;
using Grokking.Nn;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// Sobolev training of the teacher-student (spec D.1, Figs 11, 34): the student also fits the teacher's
/// input-Jacobians, MSE + beta ||J_student - J_teacher||_F (the reference code's unsquared norm over the batch, or the
/// paper's squared, 1/N-averaged form), gradient in closed form; no weight penalty.
/// </summary>
public sealed class SobolevExperiment : IExperiment
{
    public string Name => "sobolev";
    public string Summary =>
        "teacher-student trained on outputs and input-Jacobians, Adam + beta ||J - J*|| (paper 1, Figs 11, 34; data seeded here, unseeded in the reference)";

    public ParameterSchema Schema { get; } = new ParameterSchema(
    [
        .. TeacherStudentParameters.Common(),
        Parameter.Real("beta", 1e-5, "strength of the Jacobian term", min: 0),
        Parameter.Choice("sobolev-form", "code", "the Jacobian term: code (||J - J*||_F over the whole batch, unsquared, as the reference code) or paper ((1/N) sum_i ||J_i - J*_i||_F^2, eq. 125)", "code", "paper"),
        .. TeacherStudentParameters.Training(100_001),
    ]);

    public IReadOnlyList<MetricInfo> Metrics => TeacherStudentParameters.Metrics;

    public Figure? PlotRun(RunSpec spec, MetricRecord record, RunSummary summary) =>
        TeacherStudentParameters.Plot(record, summary,
            $"Sobolev ({spec.Text("sobolev-form")}) alpha = {spec.Real("lr"):G3} beta = {spec.Real("beta"):G3} {spec.Id}");

    public PreparedRun Prepare(RunSpec spec) => TeacherStudentParameters.Prepare(spec, PenaltyKind.None,
        spec.Text("sobolev-form") == "paper" ? SobolevForm.Paper : SobolevForm.Code);
}
