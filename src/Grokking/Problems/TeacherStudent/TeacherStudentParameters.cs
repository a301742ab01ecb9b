using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Nn;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// What the teacher-student and Sobolev families share (spec B.12, D.1): the data and student parameters, the
/// metrics, the preparation of a run and its t1 / t2 rules, and its chart.
/// </summary>
internal static class TeacherStudentParameters
{
    /// <summary>The data, student and optimiser parameters (the caller adds its regulariser and the training group).</summary>
    public static IEnumerable<Parameter> Common()
    {
        yield return Parameter.Int("d", 100, "input dimension", min: 1, max: 100_000);
        yield return Parameter.Int("hidden", 500, "hidden width of the teacher and of the student", min: 1, max: 100_000);
        yield return Parameter.Int("outputs", 2, "number of outputs C", min: 1, max: 10_000);
        yield return Parameter.Int("samples", 1100, "samples drawn (x ~ N(0, I_d)) before the split", min: 2, max: 10_000_000);
        yield return Parameter.Int("n-train", 100, "train samples (sklearn's train_test_split, test first)", min: 1, max: 10_000_000);
        yield return Parameter.Int("n-test", 1000, "test samples", min: 1, max: 10_000_000);
        yield return Parameter.Int("data-seed", 0, "numpy seed of x, A* and B* (the reference leaves them unseeded)", min: 0, max: uint.MaxValue);
        yield return Parameter.Int("split-seed", 0, "numpy seed of the train / test split", min: 0, max: uint.MaxValue);
        yield return Parameter.Real("lr", 1e-3, "Adam learning rate alpha (betas 0.9 / 0.999, eps 1e-8, full batch)", min: 0, minExclusive: true);
    }

    /// <summary>The shared training group: the schedule of the reference (step 0, 1..100, every 10, last) and thresholds on the MSE.</summary>
    public static IEnumerable<Parameter> Training(long steps) => TrainingParameters.Group(new TrainingDefaults
    {
        Steps = steps, EvalFirst = 101, EvalEvery = 10,
        // thresholds for the threshold rule kept beside the reference's rule (t2 = first step at the minimum test MSE)
        TrainThreshold = 1e-4, TestThreshold = 1e-3, TrainLabel = "train MSE", TestLabel = "test MSE",
    });

    public static IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new(TeacherStudentModel.TrainLoss, "MSE on the train set (mean over N C; no penalty)"),
        new(TeacherStudentModel.TestLoss, "MSE on the test set"),
        new(TeacherStudentModel.L0Norm, "number of weights with |w| > 1e-4"),
        new(TeacherStudentModel.L1Norm, "sum |w| over all weights"),
        new(TeacherStudentModel.L2Norm, "||w||_2 of all weights (unsquared)"),
        new(TeacherStudentModel.NuclearNorm, "sum of the nuclear norms of A and B"),
    ];

    public static PreparedRun Prepare(RunSpec spec, PenaltyKind penalty, SobolevForm? sobolev)
    {
        int samples = (int)spec.Int("samples"), nTrain = (int)spec.Int("n-train"), nTest = (int)spec.Int("n-test");
        if ((long)nTrain + nTest > samples)
            throw new SpecException($"n-train + n-test = {(long)nTrain + nTest} is more than the {samples} samples");
        int d = (int)spec.Int("d"), hidden = (int)spec.Int("hidden"), outputs = (int)spec.Int("outputs");
        if ((long)hidden * d > 100_000_000 || (long)Math.Max(nTrain, nTest) * Math.Max(d, hidden) * outputs > 200_000_000)
            throw new SpecException($"d = {d}, hidden = {hidden}, outputs = {outputs} with {Math.Max(nTrain, nTest)} samples is too large for memory");
        var data = TeacherStudentData.Create(d, hidden, outputs, samples, nTrain, nTest,
            (uint)spec.Int("data-seed"), (uint)spec.Int("split-seed"), jacobians: sobolev != null);
        var model = new TeacherStudentModel(data, hidden, penalty, sobolev, (float)spec.Real("beta"),
            (float)spec.Real("lr"), (uint)spec.Int("init-seed"));

        // t2: the reference's rule, the first step at the minimum test MSE (spec F.4); the threshold (or plateau)
        // rules of the training group are kept beside it as the finals t1_threshold's partner t2_threshold
        var t1 = TrainingParameters.T1(spec, TeacherStudentModel.TrainLoss, "train MSE");
        var t2 = TimeRule.Best(TeacherStudentModel.TestLoss, "test MSE");
        var t2Threshold = TrainingParameters.T2(spec, TeacherStudentModel.TestLoss, "test MSE");
        var summariser = new RunSummariser { T1 = t1, T2 = t2 };
        return new PreparedRun
        {
            Trainable = model,
            Schedule = TrainingParameters.Schedule(spec),
            Steps = spec.Int("steps"),
            Summarise = (record, timing) =>
            {
                var summary = summariser.Summarise(spec, record, timing);
                if (t2Threshold.Detect(record) is { } t) summary.Final["t2_threshold"] = t.Step;
                summary.Final["alpha_beta"] = spec.Real("lr") * spec.Real("beta");
                return summary;
            },
        };
    }

    /// <summary>Train (solid) and test (dashed) MSE against t + 1 on log axes, t1 and t2 marked.</summary>
    public static Figure Plot(MetricRecord record, RunSummary summary, string title)
    {
        var fig = new Figure(rows: 1, cols: 1, width: 800, height: 500) { Title = title };
        var (steps, train) = record.Series(TeacherStudentModel.TrainLoss);
        var x = steps.Select(t => t + 1.0).ToArray();
        var p = fig.Panel(0, 0);
        p.Title = "MSE";
        p.X = Axis.Log("t + 1");
        p.Y = Axis.Log("MSE");
        p.Line(x, train, "train", color: "#1f77b4");
        p.Line(x, record.Series(TeacherStudentModel.TestLoss).Values, "test", color: "#d62728", style: LineStyle.Dashed);
        if (summary.T1 is long t1) p.VerticalMarker(t1 + 1, $"t1 = {t1:N0}");
        if (summary.T2 is long t2) p.VerticalMarker(t2 + 1, $"t2 = {t2:N0}");
        return fig;
    }
}
