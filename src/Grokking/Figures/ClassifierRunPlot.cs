using Grokking.Experiments;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Figures;

/// <summary>
/// The chart of one run of a classifier (modular arithmetic, MNIST): train and test accuracy (left) and loss (right)
/// against t + 1 on a log axis, as the reference plots them, with the t1 and t2 of the summary marked. The metrics are
/// the network families' common names (train_accuracy, test_accuracy, train_loss, test_loss).
/// </summary>
public static class ClassifierRunPlot
{
    public const string TrainColor = "#1f77b4";
    public const string TestColor = "#d62728";
    public const string TrainAccuracy = "train_accuracy";
    public const string TestAccuracy = "test_accuracy";
    public const string TrainLoss = "train_loss";
    public const string TestLoss = "test_loss";

    public static Figure Dynamics(MetricRecord record, RunSummary summary, string title, string lossTitle = "cross-entropy")
    {
        var fig = new Figure(rows: 1, cols: 2, width: 1200, height: 500) { Title = title };
        var (steps, trainAcc) = record.Series(TrainAccuracy);
        var x = steps.Select(t => t + 1.0).ToArray();

        var accuracy = fig.Panel(0, 0);
        accuracy.Title = "accuracy";
        accuracy.X = Axis.Log("t + 1");
        accuracy.Y = Axis.Linear("accuracy");
        accuracy.Line(x, trainAcc, "train", color: TrainColor);
        accuracy.Line(x, record.Series(TestAccuracy).Values, "test", color: TestColor, style: LineStyle.Dashed);
        Markers(accuracy, summary);

        var loss = fig.Panel(0, 1);
        loss.Title = lossTitle;
        loss.X = Axis.Log("t + 1");
        loss.Y = Axis.Log("loss");
        loss.Line(x, record.Series(TrainLoss).Values, "train", color: TrainColor);
        loss.Line(x, record.Series(TestLoss).Values, "test", color: TestColor, style: LineStyle.Dashed);
        Markers(loss, summary);
        return fig;
    }

    private static void Markers(Panel p, RunSummary summary)
    {
        if (summary.T1 is long t1) p.VerticalMarker(t1 + 1, $"t1 = {t1:N0}");
        if (summary.T2 is long t2) p.VerticalMarker(t2 + 1, $"t2 = {t2:N0}");
    }
}
