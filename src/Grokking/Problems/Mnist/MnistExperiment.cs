using Grokking.Figures;
using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Random;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Problems.Mnist;

/// <summary>
/// Paper 1's Figure 35 (spec D.2, G.2): a two-layer ReLU MLP <c>y = B ReLU(A x)</c> without biases trained full batch
/// by Adam on the first N training images of MNIST, a loss plus beta times a weight norm, evaluated on the test set.
/// The paper states only the model, N = 1000, l1, Adam and the N(0, 1/n1) init; every other default is a choice,
/// stated in its help text.
/// </summary>
public sealed class MnistExperiment : IExperiment
{
    private readonly string? _dataRoot;

    /// <summary>Reads the data from <see cref="MnistData.DefaultDirectory"/>'s folder ($GROK_DATA, else data/).</summary>
    public MnistExperiment() { }

    /// <summary>Reads the data set folders under <paramref name="dataRoot"/> (tests: synthetic IDX files).</summary>
    internal MnistExperiment(string dataRoot) => _dataRoot = dataRoot;

    public string Name => "mnist";

    // the paper states none of width, steps, input scaling, loss or test set: each parameter's help says what was
    // chosen and why (docs/MNIST.md has the table)
    public string Summary =>
        "MNIST digits by a two-layer ReLU MLP B ReLU(A x), full-batch Adam + beta ||W|| (paper 1, Fig 35); reads " +
        "data/mnist or $GROK_DATA/mnist (`grok data mnist` fetches it); settings the paper leaves out are choices, " +
        "stated below: pixels / 255, 10^4 steps (the low end of 10^4-10^5), t2 at test accuracy 0.9 (t2_best: first best)";

    public ParameterSchema Schema { get; } = new ParameterSchema(
    [
        Parameter.Choice("dataset", "mnist", "the folder under the data folder to read: mnist (from `grok data mnist`) or fashion-mnist (Fashion-MNIST's four IDX files under the same names, put there by hand)", "mnist", "fashion-mnist"),
        Parameter.Text("data", "", "a folder holding the four MNIST-format IDX files (raw or .gz) to read instead of --dataset's folder: your own copy, Fashion-MNIST, ...; the run id records the folder's full path", canonical: CanonicalFolder) with { OmittedAtDefault = true },
        Parameter.Int("n-train", 1000, "training images: the first N of the training file (the paper's N = 1000)", min: 1, max: 60_000),
        Parameter.Int("n-test", 10_000, "test images: the first ones of the test file (all 10,000 by default)", min: 1, max: 10_000),
        Parameter.Int("width", 200, "hidden width h of 784 -> h -> 10 (Omnigrok's 200; not stated in paper 1)", min: 1, max: 16_384),
        Parameter.Choice("loss", "cross-entropy", "training loss: cross-entropy on the logits, or mse against one-hot targets (Omnigrok's)", "cross-entropy", "mse"),
        Parameter.Real("init-scale", 1.0, "multiplies the N(0, 1/out_features) init (paper 1: 1; Omnigrok: 8)", min: 0, minExclusive: true),
        Parameter.Choice("penalty", "l1", "the weight norm added to the loss, summed over A and B: none, l1 (sum |w|), l2 (unsquared Frobenius) or nuclear", "none", "l1", "l2", "nuclear"),
        Parameter.Real("beta", 1e-5, "penalty strength", min: 0),
        Parameter.Real("lr", 1e-3, "Adam learning rate alpha (betas 0.9 / 0.999, eps 1e-8, no weight decay, full batch)", min: 0, minExclusive: true),
        .. TrainingParameters.Group(new TrainingDefaults
        {
            Steps = 10_000, EvalFirst = 101, EvalEvery = 10,
            TrainThreshold = 0.99, TestThreshold = 0.9, TrainLabel = "train accuracy", TestLabel = "test accuracy",
            Direction = Direction.Rising,
        }),
    ]);

    public IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new(MnistModel.TrainAccuracy, "accuracy on the N training images"),
        new(MnistModel.TestAccuracy, "accuracy on the test images"),
        new(MnistModel.TrainLoss, "mean training loss on the training images (without the penalty)"),
        new(MnistModel.TestLoss, "mean loss on the test images"),
        new(MnistModel.L0Norm, "number of weights with |w| > 1e-4"),
        new(MnistModel.L1Norm, "sum |w| over all weights"),
        new(MnistModel.L2Norm, "||w||_2 of all weights (unsquared)"),
        new(MnistModel.NuclearNorm, "sum of the nuclear norms of A and B"),
    ];

    public Figure? PlotRun(RunSpec spec, MetricRecord record, RunSummary summary) =>
        ClassifierRunPlot.Dynamics(record, summary, $"{spec.Text("dataset")} N = {spec.Int("n-train")} {spec.Id}", spec.Text("loss") == "mse" ? "mean squared error" : "cross-entropy");

    /// <summary>The folder of <paramref name="dataset"/>: under the data root given to the constructor, or the lab's.</summary>
    public string DataDirectory(string dataset) =>
        _dataRoot != null ? Path.Combine(_dataRoot, dataset) : Path.Combine(Path.GetDirectoryName(MnistData.DefaultDirectory)!, dataset);

    public PreparedRun Prepare(RunSpec spec)
    {
        string dir = spec.Text("data") is { Length: > 0 } own ? own : DataDirectory(spec.Text("dataset"));
        int nTrain = (int)spec.Int("n-train"), nTest = (int)spec.Int("n-test"), width = (int)spec.Int("width");
        if ((long)width * 28 * 28 > 50_000_000)
            throw new SpecException($"width = {width}: the first layer would hold {(long)width * 784:N0} weights; at most 50 M");
        var data = MnistData.Load(dir);
        if (nTrain > data.TrainImages.Count)
            throw new SpecException($"n-train = {nTrain} is more than the {data.TrainImages.Count:N0} training images in {dir}");
        if (nTest > data.TestImages.Count)
            throw new SpecException($"n-test = {nTest} is more than the {data.TestImages.Count:N0} test images in {dir}");
        var train = new MnistSet(data.TrainImages, data.TrainLabels, nTrain, MnistData.Classes, transpose: true);
        var test = new MnistSet(data.TestImages, data.TestLabels, nTest, MnistData.Classes, transpose: false);

        var threads = new RunThreads(Math.Clamp(Environment.ProcessorCount, 1, 4));
        var penalty = new WeightPenalty<float>(Penalty(spec.Text("penalty")), (float)spec.Real("beta"), GroupSelector.All);
        // evaluation chunks of at least 1,024 images, so the test set needs few passes whatever N is
        var network = new MnistNetwork(train.Pixels, width, MnistData.Classes, Math.Max(nTrain, 1024),
            spec.Text("loss") == "mse" ? MnistLoss.Mse : MnistLoss.CrossEntropy, penalty, (float)spec.Real("lr"), threads)
        {
            // compressed rows pay while most pixels are zero (MNIST: ~81 %); dense data keeps the GEMM
            Sparse = train.Density < 0.5,
        };
        network.Initialise(new NumpyRandomState((uint)spec.Int("init-seed")), spec.Real("init-scale"));

        var t1 = TrainingParameters.T1(spec, MnistModel.TrainAccuracy, "train accuracy", Direction.Rising);
        var t2 = TrainingParameters.T2(spec, MnistModel.TestAccuracy, "test accuracy", Direction.Rising);
        var t1Best = TimeRule.Best(MnistModel.TrainAccuracy, "train accuracy", Direction.Rising);
        var t2Best = TimeRule.Best(MnistModel.TestAccuracy, "test accuracy", Direction.Rising);
        var summariser = new RunSummariser { T1 = t1, T2 = t2 };
        return new PreparedRun
        {
            Trainable = new MnistModel(train, test, network),
            Schedule = TrainingParameters.Schedule(spec),
            Steps = spec.Int("steps"),
            Threads = threads,
            LiveThresholds = TrainingParameters.LiveThresholds(spec),
            Summarise = (record, timing) =>
            {
                var summary = summariser.Summarise(spec, record, timing);
                if (t1Best.Detect(record) is { } b1) summary.Final["t1_best"] = b1.Step;
                if (t2Best.Detect(record) is { } b2) summary.Final["t2_best"] = b2.Step;
                summary.Final["alpha_beta"] = spec.Real("lr") * spec.Real("beta");
                return summary;
            },
        };
    }

    /// <summary>The full path of a user's data folder ("" stays "": the dataset's folder).</summary>
    private static string CanonicalFolder(string folder)
    {
        if (folder.Trim().Length == 0) return "";
        string full = Path.GetFullPath(folder.Trim());
        if (!Directory.Exists(full)) throw new SpecException($"data folder {full} does not exist");
        return full;
    }

    private static PenaltyKind Penalty(string name) => name switch
    {
        "l1" => PenaltyKind.L1,
        "l2" => PenaltyKind.L2,
        "nuclear" => PenaltyKind.Nuclear,
        _ => PenaltyKind.None,
    };
}
