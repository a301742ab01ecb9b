using Grokking.Numerics;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// What the theory predicts for a sparse-recovery run (paper 1, Thm 3.1 and §3.1; spec B.1, B.4):
/// the least-squares (memorisation) solution â, the step-size bound, and the generalisation delay
/// dt ≈ ||â - a*||_inf / (alpha beta1).
/// </summary>
internal sealed record SparseRecoveryTheory(
    double StepBound, double LambdaMax, double LambdaMinPositive, double LeastSquaresRecoveryError,
    double LeastSquaresInfError, double DtPredicted, double T1PredictedB4, double AStarL1, double AStarL2,
    double LeastSquaresSupportNorm, double LeastSquaresOffSupportNorm)
{
    public static SparseRecoveryTheory Compute(SparseRecoveryData d, ReadOnlySpan<double> init, double alpha, double beta1, double beta2)
    {
        int n = d.n, N = d.N;
        // the non-zero eigenvalues of X^T X are those of the smaller Gram matrix, descending
        var gram = N <= n ? LeastSquares.GramRows(d.X, N, n) : LeastSquares.GramCols(d.X, N, n);
        var eig = SymmetricEigen.Decompose(gram, Math.Min(N, n)).Values;
        double lmax = eig[0];
        double lminPos = eig.Where(l => l > lmax * 1e-12).DefaultIfEmpty(double.NaN).Min();
        var aHat = LeastSquares.MinNorm(d.X, N, n, d.Y);
        double errInf = 0, err2 = 0;
        for (int i = 0; i < n; i++)
        {
            double e = aHat[i] - d.AStar[i];
            errInf = Math.Max(errInf, Math.Abs(e));
            err2 += e * e;
        }
        // â's landscape coordinates (Fig 24): u = ||â_I||, v = ||â_{I^c}||, I = support of a*
        double u2 = 0, v2 = 0;
        for (int i = 0; i < n; i++)
            if (Array.IndexOf(d.Support, i) >= 0) u2 += aHat[i] * aHat[i];
            else v2 += aHat[i] * aHat[i];
        double aStar2 = Kernels.Norm2(d.AStar);
        double ab = alpha * beta1;
        // spec B.4: t1 ≈ -ln(1 + (1 - rho) ||a1 - a_LS|| / (alpha beta1)) / ln(rho + 1e-8),
        // rho = max over non-zero eigenvalues of 1 - alpha (lambda + beta2), a1 = the initial point.
        double rho = 1 - alpha * (lminPos + beta2);
        double initToLs = 0;
        for (int i = 0; i < n; i++) initToLs += (init[i] - aHat[i]) * (init[i] - aHat[i]);
        initToLs = Math.Sqrt(initToLs);
        return new SparseRecoveryTheory(
            StepBound: 2 / (lmax + beta2),
            LambdaMax: lmax,
            LambdaMinPositive: lminPos,
            LeastSquaresRecoveryError: Math.Sqrt(err2) / aStar2,
            LeastSquaresInfError: errInf,
            DtPredicted: ab > 0 ? errInf / ab : double.PositiveInfinity,
            T1PredictedB4: ab > 0 ? -Math.Log(1 + (1 - rho) * initToLs / ab) / Math.Log(rho + 1e-8) : double.NaN,
            AStarL1: Kernels.Norm1(d.AStar),
            AStarL2: aStar2,
            LeastSquaresSupportNorm: Math.Sqrt(u2),
            LeastSquaresOffSupportNorm: Math.Sqrt(v2));
    }

    public void AddTo(IDictionary<string, double> theory)
    {
        theory["step_bound"] = StepBound;
        theory["lambda_max"] = LambdaMax;
        theory["lambda_min_positive"] = LambdaMinPositive;
        theory["ls_recovery_error"] = LeastSquaresRecoveryError;
        theory["ls_inf_error"] = LeastSquaresInfError;
        theory["dt_predicted"] = DtPredicted;
        theory["t1_predicted"] = T1PredictedB4;
        theory["a_star_l1"] = AStarL1;
        theory["a_star_l2"] = AStarL2;
        theory["ls_support_norm"] = LeastSquaresSupportNorm;
        theory["ls_off_support_norm"] = LeastSquaresOffSupportNorm;
    }
}
