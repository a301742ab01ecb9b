using Grokking.Figures;
using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Nn;
using Grokking.Reports;
using Grokking.Training;

namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// Binary operations modulo p learnt by the reference's encoder-decoder (paper 1, spec C): Adam on mini-batches of
/// a train split, cross-entropy plus beta times a weight norm. Memorises the train split at ~t1 and generalises to
/// the test pairs at ~t2.
/// </summary>
public sealed class ModularExperiment : IExperiment
{
    public string Name => "modular";
    public string Summary => "x o y mod p (a named operation or an expression in x and y) by an encoder-decoder MLP, Adam + beta ||W|| (paper 1, Figs 1, 2, 30)";

    public ParameterSchema Schema { get; } = new ParameterSchema(
    [
        Parameter.Text("op", "+", "the operation x o y mod p: one of " + string.Join(" ", ModularOperation.Names) +
            ", or an expression in x and y made of integers, + - * /, ^ (or **) with an integer exponent >= 0 and " +
            "parentheses, e.g. \"x^3 + 2*x*y\" (no other names: write x*y for a product; never evaluated as code). " +
            "/ multiplies by the inverse mod p, so it needs a prime p, and pairs whose divisor is 0 mod p are left out",
            ModularOperation.Canonical),
        Parameter.Int("p", 97, "modulus: operands and classes 0 .. p-1 (prime when the operation divides)", min: 2, max: ModularIntegers.MaxModulus),
        Parameter.Real("train-fraction", 0.4, "fraction of the pairs in the train split (sklearn's train_test_split)", min: 0, max: 1, minExclusive: true),
        Parameter.Int("split-seed", 0, "numpy seed of the train / test split", min: 0, max: uint.MaxValue),
        Parameter.Int("width", 64, "embedding and hidden width d (a square: the 8 x 8 matrix-product aggregation for 64)", min: 1, max: 4096),
        Parameter.Int("batch", 2048, "mini-batch size (capped at the train split's size)", min: 1, max: 1 << 20),
        Parameter.Choice("penalty", "l1", "the weight norm added to the loss, over the four weight matrices: none, l1 (sum |w|), l2 (unsquared Frobenius) or nuclear", "none", "l1", "l2", "nuclear"),
        Parameter.Real("beta", 1e-5, "penalty strength", min: 0),
        Parameter.Real("lr", 1e-2, "Adam learning rate (betas 0.9 / 0.999, eps 1e-8, no weight decay)", min: 0, minExclusive: true),
        Parameter.Int("shuffle-seed", 0, "seed of the mini-batch shuffle", min: 0, max: uint.MaxValue),
        .. TrainingParameters.Group(new TrainingDefaults
        {
            // 10^4 + 1 epochs of the 2 batches of 2048 that p = 97, r = 0.4 gives
            Steps = 20_002, EvalFirst = 101, EvalEvery = 10,
            TrainThreshold = 0.99, TestThreshold = 0.99, TrainLabel = "train accuracy", TestLabel = "test accuracy",
            Direction = Direction.Rising,
        }),
    ]).Check(CheckSpec);

    public IReadOnlyList<MetricInfo> Metrics { get; } =
    [
        new(ModularModel.TrainAccuracy, "accuracy on the whole train split"),
        new(ModularModel.TestAccuracy, "accuracy on the whole test split"),
        new(ModularModel.TrainLoss, "mean cross-entropy on the train split (without the penalty)"),
        new(ModularModel.TestLoss, "mean cross-entropy on the test split"),
        new(ModularModel.L0Norm, "number of weights with |w| > 1e-4"),
        new(ModularModel.L1Norm, "sum |w| over all weights"),
        new(ModularModel.L2Norm, "||w||_2 of all weights (unsquared)"),
        new(ModularModel.NuclearNorm, "sum of the nuclear norms of the four weight matrices"),
    ];

    public Figure? PlotRun(RunSpec spec, MetricRecord record, RunSummary summary) =>
        ClassifierRunPlot.Dynamics(record, summary, $"modular {spec.Text("op")} mod {spec.Int("p")} {spec.Id}");

    public PreparedRun Prepare(RunSpec spec)
    {
        int width = (int)spec.Int("width");
        var operation = ModularOperation.Of(spec.Text("op"));
        var pairs = ModularPairs.Create((int)spec.Int("p"), operation);
        var split = ModularSplit.Create(pairs, spec.Real("train-fraction"), (uint)spec.Int("split-seed"));
        var penalty = new WeightPenalty<float>(Penalty(spec.Text("penalty")), (float)spec.Real("beta"));
        var model = new ModularModel(pairs, split, width, (int)spec.Int("batch"), penalty, (float)spec.Real("lr"),
            (uint)spec.Int("init-seed"), (uint)spec.Int("shuffle-seed"));

        // t1 / t2: the threshold rules (or the plateau rule on test accuracy); the reference figures' rule, the first
        // step at the best accuracy (spec F.4), is kept beside them as the finals t1_best and t2_best
        var t1 = TrainingParameters.T1(spec, ModularModel.TrainAccuracy, "train accuracy", Direction.Rising);
        var t2 = TrainingParameters.T2(spec, ModularModel.TestAccuracy, "test accuracy", Direction.Rising);
        var t1Best = TimeRule.Best(ModularModel.TrainAccuracy, "train accuracy", Direction.Rising);
        var t2Best = TimeRule.Best(ModularModel.TestAccuracy, "test accuracy", Direction.Rising);
        var summariser = new RunSummariser { T1 = t1, T2 = t2 };
        return new PreparedRun
        {
            Trainable = model,
            Schedule = TrainingParameters.Schedule(spec),
            Steps = spec.Int("steps"),
            Summarise = (record, timing) =>
            {
                var summary = summariser.Summarise(spec, record, timing);
                if (t1Best.Detect(record) is { } b1) summary.Final["t1_best"] = b1.Step;
                if (t2Best.Detect(record) is { } b2) summary.Final["t2_best"] = b2.Step;
                return summary;
            },
        };
    }

    /// <summary>The checks that need two parameters or arithmetic, at spec time (so a sweep refuses a bad point before
    /// it runs anything); the split's sizes need the pairs and are checked when the run is prepared.</summary>
    private static void CheckSpec(RunSpec spec)
    {
        // the parameter's range is [0, 1] with 0 excluded; 1 (an empty test split) is refused here
        if (spec.Real("train-fraction") >= 1)
            throw new SpecException("train-fraction = 1: must be in (0, 1), the test split would be empty");
        long width = spec.Int("width");
        long side = (long)Math.Round(Math.Sqrt(width));
        if (side * side != width)
            throw new SpecException($"width = {width}: the matrix-product aggregation needs a square width (16, 64, 256, ...)");
        long p = spec.Int("p");
        var operation = ModularOperation.Of(spec.Text("op"));
        if (operation.Divides && !ModularIntegers.IsPrime(p))
            throw new SpecException($"operation '{operation.Name}' divides, which needs a prime modulus; p = {p} is not prime");
    }

    private static PenaltyKind Penalty(string name) => name switch
    {
        "l1" => PenaltyKind.L1,
        "l2" => PenaltyKind.L2,
        "nuclear" => PenaltyKind.Nuclear,
        _ => PenaltyKind.None,
    };
}
