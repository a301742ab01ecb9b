using Grokking.Experiments;
using Grokking.Problems.SparseRecovery;
using Grokking.Runs;

namespace Grokking.Figures;

/// <summary>
/// The run behind Figures 7 and 16 (spec B.3): Fig 3's data, l2 penalty only (beta2 = 1e-5, beta1 = 0), large
/// identity init 10 * ones, alpha 0.1. The null-space part of a decays like (1 - alpha beta2)^t, so the error
/// drops around t ~ 1/(alpha beta2) = 1e6..1e7 to the least-squares error: "grokking without understanding".
/// </summary>
internal static class L2OnlyRun
{
    public static RunSpec Spec(bool quick) => RunSpec.Create("sparse-recovery", SparseRecoveryParameters.Schema,
    [
        new("beta1", 0.0), new("beta2", 1e-5), new("init-scale", 10.0), new("steps", quick ? 20_000_000L : 100_000_000L),
        new("eval-log-after", 1_000_000L), new("eval-per-decade", 200L),
    ]);

    /// <summary>The metric at the last recorded step at or before <paramref name="step"/>.</summary>
    public static double At(RunResult r, string metric, long step)
    {
        var (steps, values) = r.Record.Series(metric);
        int k = Array.BinarySearch(steps, step);
        if (k < 0) k = ~k - 1;
        return k >= 0 ? values[k] : double.NaN;
    }

    public static IEnumerable<Claim> Claims(RunResult r)
    {
        double lsError = r.Summary.Theory["ls_recovery_error"];
        // spec E2.5 [RUN]: relative recovery error 636 -> 202 (1e6) -> 74 (2e6) -> 3.6 (5e6) -> 0.886 (7e6) -> 0.845
        (long Step, double Reference, double Tol)[] path = [(0, 636, 0.02), (1_000_000, 202, 0.05), (2_000_000, 74, 0.05),
            (5_000_000, 3.6, 0.1), (7_000_000, 0.886, 0.05)];
        foreach (var (t, reference, tol) in path)
        {
            double v = At(r, SparseRecoveryModel.RecoveryError, t);
            yield return new Claim($"recovery error at t = {t:N0}", Claim.Real(v), Claim.Real(reference), Math.Abs(v - reference) <= tol * reference);
        }
        double final = r.Record.Last(SparseRecoveryModel.RecoveryError);
        yield return new Claim("final recovery error = least-squares error (no generalisation)", Claim.Real(final),
            $"{Claim.Real(lsError)} (reference code: 0.845)", Math.Abs(final - lsError) <= 0.02 * lsError);
        double train = At(r, SparseRecoveryModel.TrainError, 1000);
        yield return new Claim("train error from t ~ 1000 on", Claim.Real(train), "4.0e-6", train is > 2e-6 and < 8e-6);
        double l1 = r.Record.Last(SparseRecoveryModel.L1Norm);
        yield return new Claim("final ||a||_1 (vs ||a*||_1 = 0.291)", Claim.Real(l1), "0.633", Math.Abs(l1 - 0.633) <= 0.01);
    }
}
