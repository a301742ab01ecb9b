using System.Text.RegularExpressions;
using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Training;

namespace Grokking.Tests.Experiments;

/// <summary>
/// The seam a new experiment family plugs into: families and figures register themselves, the layers below the families
/// (and the CLI above) never name one, every family declares the metrics it records, and one summariser and one group of
/// training parameters serve them all.
/// </summary>
public class ExperimentSeamTests
{
    [Fact]
    public void FamiliesAndFiguresAreDiscoveredWithoutAList()
    {
        Assert.Equal(["basis-pursuit-cell", "coherence-cell", "matrix-factorisation", "mnist", "modular", "nuclear-recovery-cell", "sobolev",
                      "sparse-recovery", "teacher-student", "wd-completion", "wd-diagonal", "wd-linear", "wd-relu"],
            ExperimentCatalog.All.Select(e => e.Name).Order());
        var ids = FigureCatalog.All.Select(f => f.Id).ToList();
        // the sample-size set contributes three figures; numbered figures come in paper order, then e3.6
        Assert.Contains("12", ids);
        Assert.Contains("13", ids);
        Assert.Contains("27", ids);
        Assert.Equal(["1", "2", "3"], ids.Take(3)); // the modular figures 1 and 2 come first
        Assert.Equal("e3.6", ids.Last(i => !i.StartsWith("p2-", StringComparison.Ordinal))); // paper 2's figures follow paper 1's
        var numbers = ids.Where(i => int.TryParse(i, out _)).Select(int.Parse).ToList();
        Assert.Equal(numbers.Order(), numbers);
    }

    /// <summary>The one-folder rule, checked on the source: the shared layers and the shell import no family, so adding
    /// one cannot require an edit there. (Figures/ holds the paper figures of the existing families and may name them.)</summary>
    [Fact]
    public void SharedLayersNameNoFamily()
    {
        string src = Path.Combine(RepoRoot(), "src");
        string[] shared = ["Experiments", "Training", "Analysis", "Runs", "Sweeps", "Store", "Numerics", "Random", "Reports", "Optimisation"];
        var files = shared.SelectMany(d => Directory.EnumerateFiles(Path.Combine(src, "Grokking", d), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(src, "Grokking.Cli"), "*.cs", SearchOption.TopDirectoryOnly));
        var family = new Regex(@"Grokking\.Problems\.(?!Sensing\b)\w+|\b(SparseRecovery|MatrixFactorisation)\w*\b");
        var offenders = files.Where(f => family.IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(src, f)).ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("sparse-recovery", "")]
    [InlineData("sparse-recovery", "basis=fourier")]
    [InlineData("sparse-recovery", "depth=2")]
    [InlineData("matrix-factorisation", "")]
    [InlineData("matrix-factorisation", "problem=sensing,N=70")]
    [InlineData("wd-linear", "")]
    [InlineData("wd-diagonal", "")]
    [InlineData("wd-relu", "")]
    [InlineData("modular", "p=23,width=16,batch=64,train-fraction=0.5")]
    public void EveryRecordedMetricIsDeclared(string kind, string overrides)
    {
        var experiment = ExperimentCatalog.Get(kind);
        var values = overrides.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('='))
            .Select(kv => new KeyValuePair<string, object>(kv[0], kv[1])).Append(new("steps", 20L));
        var prepared = experiment.Prepare(RunSpec.Create(kind, experiment.Schema, values));
        var record = new MetricRecord();
        var timing = Trainer.Run(prepared.Trainable, prepared.Schedule, prepared.Steps, record);
        // the family draws its own runs: the run plot needs no switch over kinds anywhere
        var spec = RunSpec.Create(kind, experiment.Schema, values);
        var chart = experiment.PlotRun(spec, record, prepared.Summarise(record, timing));
        Assert.NotNull(chart);
        Assert.Contains("<svg", chart!.ToSvg());
        var declared = experiment.Metrics.Select(m => m.Name).ToHashSet();
        Assert.All(record.MetricNames, name => Assert.Contains(name, declared));
        Assert.Equal(experiment.Metrics.Select(m => m.Name).Distinct().Count(), experiment.Metrics.Count);
    }

    /// <summary>The shared training group changed no spec's canonical form: run ids (and so every stored run) are as before.</summary>
    [Fact]
    public void DefaultSpecsKeepTheirCanonicalFormAndIds()
    {
        var sparse = RunSpec.Create("sparse-recovery", ExperimentCatalog.SchemaOf("sparse-recovery"), []);
        Assert.Equal(SparseCanonical, sparse.CanonicalJson);
        var matrix = RunSpec.Create("matrix-factorisation", ExperimentCatalog.SchemaOf("matrix-factorisation"), []);
        Assert.Equal(MatrixCanonical, matrix.CanonicalJson);
    }

    private const string SparseCanonical =
        "{\"kind\":\"sparse-recovery\",\"params\":{\"N\":30,\"alpha\":0.1,\"basis\":\"identity\",\"basis-seed\":0,\"beta1\":1E-05,\"beta2\":0,\"components\":true,\"data-seed\":1,\"depth\":1,\"eval-every\":1000,\"eval-first\":1000,\"eval-log-after\":0,\"eval-per-decade\":100,\"init\":\"identity\",\"init-scale\":1E-06,\"init-seed\":0,\"method\":\"subgradient\",\"n\":100,\"noise-seed\":1,\"s\":5,\"signal-seed\":1,\"snr\":100000000,\"steps\":1000000,\"t2-rule\":\"threshold\",\"tau\":0,\"test-threshold\":0.001,\"train-threshold\":0.001,\"variance\":\"1/N\"}}";
    private const string MatrixCanonical =
        "{\"kind\":\"matrix-factorisation\",\"params\":{\"N\":80,\"alpha\":0.1,\"beta-star\":0.0001,\"beta1\":0,\"beta2\":0,\"data-seed\":0,\"depth\":1,\"eval-every\":10000,\"eval-first\":1000,\"init\":\"identity\",\"init-scale\":1E-06,\"init-seed\":0,\"matrix-seed\":0,\"method\":\"subgradient\",\"n1\":10,\"n2\":10,\"problem\":\"completion\",\"rank\":2,\"sensing-seeds\":\"independent\",\"spectrum\":true,\"steps\":1000000,\"t1-rule\":\"threshold\",\"t2-rule\":\"threshold\",\"tau\":0,\"test-threshold\":0.0001,\"train-threshold\":0.0001,\"variance\":\"1/N\"}}";

    [Fact]
    public void AccuracyRulesRiseWithoutOneMinusWorkarounds()
    {
        long[] steps = [0, 10, 20, 30, 40];
        double[] accuracy = [0.1, 0.5, 0.99, 0.98, 0.995];
        Assert.Equal(20, TimeRule.AtLeast("acc", "test accuracy", 0.99).Detect(steps, accuracy)?.Step);
        Assert.Equal(40, TimeRule.Best("acc", "test accuracy", Direction.Rising).Detect(steps, accuracy)?.Step);
        Assert.Equal(0, TimeRule.Best("acc", "test accuracy").Detect(steps, accuracy)?.Step);
        Assert.Null(TimeRule.AtLeast("acc", "test accuracy", 0.999).Detect(steps, accuracy));
        double[] loss = [1.0, 0.5, 0.2, 0.2, 0.3];
        Assert.Equal(20, TimeRule.Best("loss", "test loss").Detect(steps, loss)?.Step);
        Assert.Equal(10, TimeRule.AtMost("loss", "test loss", 0.5).Detect(steps, loss)?.Step);
        Assert.Equal("first recorded step with test accuracy >= 0.99", TimeRule.AtLeast("acc", "test accuracy", 0.99).Describe());
        Assert.Equal("first recorded step at the maximum test accuracy", TimeRule.Best("acc", "test accuracy", Direction.Rising).Describe());
    }

    [Fact]
    public void TheSummariserReadsTimesFinalsPerScopeValuesAndValuesAtT2()
    {
        var record = new MetricRecord();
        int train = record.Register("train"), test = record.Register("test"), sigma = record.Register("sigma"), comp = record.Register("a");
        double[] trains = [1, 0.1, 0.01, 0.001], tests = [1, 0.9, 0.5, 0.05];
        for (int k = 0; k < 4; k++)
        {
            long step = 10 * k;
            record.Add(step, train, trains[k]);
            record.Add(step, test, tests[k]);
            record.Add(step, sigma, 3.0 - k, 0);
            record.Add(step, sigma, 1.0 / (k + 1), 1);
            record.Add(step, comp, k, 0);
        }
        var spec = RunSpec.Create("sparse-recovery", ExperimentCatalog.SchemaOf("sparse-recovery"), []);
        var summariser = new RunSummariser
        {
            T1 = TimeRule.AtMost("train", "train error", 0.01),
            T2 = TimeRule.AtMost("test", "test error", 0.5),
            NotFinal = ["a"],
            FinalPerScope = ["sigma"],
            AtT2 = ["train"],
            Theory = t => t["dt_predicted"] = 7,
        };
        var s = summariser.Summarise(spec, record, new TrainingTiming(30, 0.5, 0.1));
        Assert.Equal(20, s.T1);
        Assert.Equal(20, s.T2);
        Assert.Equal(0, s.Dt);
        Assert.Equal(0.001, s.Final["train"]);
        Assert.Equal(0.05, s.Final["test"]);
        Assert.Equal(0.0, s.Final["sigma_0"]);
        Assert.Equal(0.25, s.Final["sigma_1"]);
        Assert.Equal(0.01, s.Final["train_at_t2"]);
        Assert.False(s.Final.ContainsKey("a"));
        Assert.False(s.Final.ContainsKey("sigma"));
        Assert.Equal(7, s.Theory["dt_predicted"]);
        Assert.Equal("first recorded step with train error <= 0.01", s.T1Rule);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Grokking.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
