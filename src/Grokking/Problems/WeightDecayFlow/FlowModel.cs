using Grokking.Numerics;
using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// A weight-decay flow run as the trainer sees it: the fused stepper, and at each record the train loss F, the test
/// loss, ||w||^2, ||grad F|| (the distance to the manifold of stationary points) and the problem's own metrics.
/// </summary>
public sealed class FlowModel : ITrainable
{
    public const string TrainLoss = "train_loss";
    public const string TestLoss = "test_loss";
    public const string Norm2 = "norm2";
    public const string GradNorm = "grad_norm";

    private readonly WeightDecayStepper _stepper;
    private readonly double[] _g;
    private int _train = -1, _test = -1, _norm = -1, _grad = -1;

    public FlowModel(WeightDecayStepper stepper)
    {
        _stepper = stepper;
        _g = new double[stepper.Problem.Dimension];
    }

    public WeightDecayStepper Stepper => _stepper;

    public void Advance(long steps) => _stepper.Advance(steps);

    public void RegisterMetrics(MetricRecord record)
    {
        _train = record.Register(TrainLoss);
        _test = record.Register(TestLoss);
        _norm = record.Register(Norm2);
        _grad = record.Register(GradNorm);
        _stepper.Problem.RegisterExtras(record);
    }

    public void Record(long step, MetricRecord record)
    {
        var problem = _stepper.Problem;
        ReadOnlySpan<double> w = _stepper.W;
        problem.Gradient(w, _g);
        record.Add(step, _train, problem.Loss(w));
        record.Add(step, _test, problem.TestLoss(w));
        record.Add(step, _norm, Kernels.Dot(w, w));
        record.Add(step, _grad, Kernels.Norm2<double>(_g));
        problem.RecordExtras(step, w, record);
    }

    public int RowsPerRecord => 4 + _stepper.Problem.ExtraRows;

    public bool IsFinite() => Kernels.AllFinite<double>(_stepper.W);

    public IReadOnlyList<string> HeadlineMetrics { get; } = [TrainLoss, TestLoss];
}
