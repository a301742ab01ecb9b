using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// The time scales of a recorded weight-decay run (paper 2, appendix E heuristic and §4; spec A.2, P2.2, P2.8).
/// t_GF: first record with ||grad F|| &lt;= eps ||grad F(w0)|| (eps = 0.01), the end of the fast phase; ||w_GF|| is
/// estimated by ||w(t_GF)|| (weight decay has barely acted yet when lambda t_GF &lt;&lt; 1). t_WD: first record with
/// ||grad F|| &lt;= lambda ||w||, where the data's pull has fallen to the size of weight decay's. The heuristic predicts
/// grokking-like curves iff lambda &lt;&lt; ||grad F(w0)|| / ||w_GF||: heuristic_ratio = ||grad F(w0)|| / (lambda ||w_GF||),
/// grokking_predicted = 1 when it is at least 10. The plateau is the test loss at t_WD, the hand-over from the fast to
/// the slow phase (Lemma 2's matching time -ln(lambda)/(2c) for a flow that relaxes at rate c; at t_GF the slowest fast
/// directions can still carry most of the test loss); the onset of the test-loss drop is the first record after t_WD
/// whose test loss is at most half that plateau. The theory puts it at Theta(1/lambda): for linear regression exactly at
/// lambda t = lambda t_WD + ln(2)/2.
/// </summary>
public sealed record FlowTimeScales(double GradNorm0, double TGf, double WGfNorm, double TWd, double HeuristicRatio,
    double PlateauTestLoss, double OnsetT, double FinalTestLoss)
{
    public const double FastPhaseFraction = 0.01;
    public const double OnsetFraction = 0.5;
    public const double PredictionRatio = 10;

    public bool GrokkingPredicted => HeuristicRatio >= PredictionRatio;

    public static FlowTimeScales Measure(MetricRecord record, double lambda, Func<long, double> timeOf)
    {
        var (steps, grad) = record.Series(FlowModel.GradNorm);
        var norm2 = record.Series(FlowModel.Norm2).Values;
        var test = record.Series(FlowModel.TestLoss).Values;
        double g0 = grad[0];
        int gf = FirstIndex(grad.Length, i => grad[i] <= FastPhaseFraction * g0);
        int wd = FirstIndex(grad.Length, i => grad[i] <= lambda * Math.Sqrt(norm2[i]));
        double wGf = gf >= 0 ? Math.Sqrt(norm2[gf]) : double.NaN;
        double plateau = wd >= 0 ? test[wd] : double.NaN;
        int onset = wd >= 0 ? FirstIndex(test.Length, i => i > wd && test[i] <= OnsetFraction * plateau) : -1;
        return new FlowTimeScales(g0,
            gf >= 0 ? timeOf(steps[gf]) : double.NaN, wGf,
            wd >= 0 ? timeOf(steps[wd]) : double.NaN,
            lambda > 0 ? g0 / (lambda * wGf) : double.PositiveInfinity,
            plateau,
            onset >= 0 ? timeOf(steps[onset]) : double.NaN,
            test[^1]);
    }

    private static int FirstIndex(int count, Func<int, bool> hit)
    {
        for (int i = 0; i < count; i++) if (hit(i)) return i;
        return -1;
    }

    /// <summary>The heuristic's inputs and verdict (theory) and the measured plateau and onset (final).</summary>
    public void AddTo(IDictionary<string, double> theory, IDictionary<string, double> final, double lambda)
    {
        theory["grad_norm_0"] = GradNorm0;
        theory["t_gf"] = TGf;
        theory["w_gf_norm"] = WGfNorm;
        theory["t_wd"] = TWd;
        theory["heuristic_ratio"] = HeuristicRatio;
        theory["grokking_predicted"] = GrokkingPredicted ? 1 : 0;
        theory["one_over_lambda"] = lambda > 0 ? 1 / lambda : double.PositiveInfinity;
        final["plateau_test_loss"] = PlateauTestLoss;
        final["onset_t"] = OnsetT;
        final["onset_lambda_t"] = lambda * OnsetT;
        final["second_phase_gain"] = PlateauTestLoss / Math.Max(FinalTestLoss, double.Epsilon);
    }
}
