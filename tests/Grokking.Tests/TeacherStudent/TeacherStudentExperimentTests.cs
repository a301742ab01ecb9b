using Grokking.Experiments;
using Grokking.Problems.TeacherStudent;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Tests.TeacherStudent;

/// <summary>
/// The <c>teacher-student</c> and <c>sobolev</c> kinds end to end on a small student (d = 10, h = 20): the data and
/// the split as specified, a seeded run that fits its train set, declared metrics only, the t2 rule, bad input as a
/// one-line <see cref="SpecException"/>, and steps and records that allocate nothing.
/// </summary>
public class TeacherStudentExperimentTests
{
    private static readonly TeacherStudentExperiment TeacherStudent = new();
    private static readonly SobolevExperiment Sobolev = new();

    private static RunSpec Spec(IExperiment experiment, params (string Name, object Value)[] overrides)
    {
        (string, object)[] small = [("d", 10L), ("hidden", 20L), ("samples", 150L), ("n-train", 30L), ("n-test", 100L),
            ("steps", 300L), ("lr", 1e-2), ("beta", 1e-4)];
        var values = small.Where(s => overrides.All(o => o.Name != s.Item1)).Concat(overrides)
            .Select(kv => new KeyValuePair<string, object>(kv.Item1, kv.Item2));
        return RunSpec.Create(experiment.Name, experiment.Schema, values);
    }

    /// <summary>The split is sklearn's (test = the first n_test of RandomState(0).permutation(samples), train the next
    /// n_train) and the targets are the teacher's, recomputed here from the same stream: x, then A*, then B*/h.</summary>
    [Fact]
    public void Data_AreTheSeededTeacherOnSklearnsSplit()
    {
        const int d = 4, h = 6, c = 2, samples = 1100;
        var data = TeacherStudentData.Create(d, h, c, samples, 100, 1000, dataSeed: 3, splitSeed: 0, jacobians: true);
        var perm = new NumpyRandomState(0).Permutation(samples);
        var rng = new NumpyRandomState(3);
        var x = rng.StandardNormal(samples * d);
        var a = rng.StandardNormal(h * d);
        var b = rng.StandardNormal(c * h);
        Assert.Equal(100, data.TrainCount);
        Assert.Equal(1000, data.TestCount);
        foreach (var (row, sample) in new[] { (0, perm[1000]), (99, perm[1099]) })
        {
            for (int k = 0; k < d; k++) Assert.Equal((float)x[sample * d + k], data.TrainX[row * d + k]);
            for (int o = 0; o < c; o++)
            {
                double y = 0;
                var jac = new double[d];
                for (int j = 0; j < h; j++)
                {
                    double pre = 0;
                    for (int k = 0; k < d; k++) pre += a[j * d + k] * x[sample * d + k];
                    y += b[o * h + j] / h * Math.Max(pre, 0);
                    if (pre > 0) for (int k = 0; k < d; k++) jac[k] += b[o * h + j] / h * a[j * d + k];
                }
                Assert.Equal((float)y, data.TrainY[row * c + o]);
                for (int k = 0; k < d; k++) Assert.Equal((float)jac[k], data.TrainJacobians[(row * c + o) * d + k], 6);
            }
        }
        for (int k = 0; k < d; k++) Assert.Equal((float)x[perm[0] * d + k], data.TestX[k]);
    }

    [Theory]
    [InlineData("teacher-student")]
    [InlineData("sobolev")]
    public void SeededShortRun_FitsTheTrainSet_AndRecordsOnlyDeclaredMetrics(string kind)
    {
        IExperiment experiment = kind == "sobolev" ? Sobolev : TeacherStudent;
        var spec = Spec(experiment);
        var prepared = experiment.Prepare(spec);
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        var summary = prepared.Summarise(record, timing);

        // 300 Adam steps at lr 1e-2 on 30 samples: the train MSE falls by more than 100x
        var train = record.Series(TeacherStudentModel.TrainLoss).Values;
        Assert.True(record.Last(TeacherStudentModel.TrainLoss) < train[0] / 100, $"train MSE {train[0]} -> {record.Last(TeacherStudentModel.TrainLoss)}");
        // t2 is the first step at the minimum test MSE
        var (steps, test) = record.Series(TeacherStudentModel.TestLoss);
        int best = 0;
        for (int i = 1; i < test.Length; i++) if (test[i] < test[best]) best = i;
        Assert.Equal(steps[best], summary.T2);
        // schedule: 0, 1..100, every 10, and the last step
        Assert.Equal([.. Enumerable.Range(0, 101).Select(i => (long)i), .. Enumerable.Range(11, 20).Select(i => 10L * i)], steps.ToArray());
        Assert.Equal(20 * 10 + 2 * 20, record.Series(TeacherStudentModel.L0Norm).Values[0], 10.0);
        Assert.Equal(experiment.Metrics.Select(m => m.Name).Order(), record.MetricNames.Order());

        // the recorded norms of the final weights: l1, l2 here, the nuclear norms by the Jacobi SVD
        var model = (TeacherStudentModel)prepared.Trainable;
        var w = model.Parameters.ToArray();
        Assert.Equal(w.Sum(v => Math.Abs((double)v)), record.Last(TeacherStudentModel.L1Norm), 1e-9 * w.Length);
        Assert.Equal(Math.Sqrt(w.Sum(v => (double)v * v)), record.Last(TeacherStudentModel.L2Norm), 1e-9);
        double nuclear = model.Network.Parameters.Layout.Groups.Sum(g => Grokking.Optimisation.Norms.Nuclear<float>(g.Of<float>(w), g.Rows, g.Cols));
        Assert.Equal(nuclear, record.Last(TeacherStudentModel.NuclearNorm), 1e-5 * nuclear);
        Assert.Contains("<svg", experiment.PlotRun(spec, record, summary)!.ToSvg());
    }

    [Theory]
    [InlineData("hidden", 0L)]
    [InlineData("d", 0L)]
    [InlineData("beta", -1e-3)]
    [InlineData("n-train", 51L)]   // 51 + 100 > 150 samples
    public void BadInput_IsASpecException(string name, object value)
    {
        Assert.Throws<SpecException>(() => TeacherStudent.Prepare(Spec(TeacherStudent, (name, value))));
        Assert.Throws<SpecException>(() => Sobolev.Prepare(Spec(Sobolev, (name, value))));
    }

    [Theory]
    [InlineData("teacher-student", "l1")]
    [InlineData("teacher-student", "l2")]
    [InlineData("teacher-student", "nuclear")]
    [InlineData("sobolev", "code")]
    [InlineData("sobolev", "paper")]
    public void StepsAndRecords_AllocateNothing(string kind, string variant)
    {
        IExperiment experiment = kind == "sobolev" ? Sobolev : TeacherStudent;
        var spec = Spec(experiment, (kind == "sobolev" ? "sobolev-form" : "penalty", variant));
        var trainable = experiment.Prepare(spec).Trainable;
        var record = new MetricRecord();
        trainable.RegisterMetrics(record);
        Allocations.AssertNone(() => trainable.Advance(3));
        // the record is sized for a few rows up front: its own growth is not the model's
        record.Reserve(100 * trainable.RowsPerRecord);
        long step = 0;
        Allocations.AssertNone(() => trainable.Record(step++, record));
    }
}
