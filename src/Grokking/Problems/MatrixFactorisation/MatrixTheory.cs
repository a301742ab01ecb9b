namespace Grokking.Problems.MatrixFactorisation;

/// <summary>
/// What the theory predicts for a matrix run (paper 1, Thm 3.4 and §3.2; spec A.1.2, B.9-B.10): the step-size
/// bound, the memorisation solution Â (observed entries, 0 elsewhere, for completion), and the generalisation
/// time <c>t2 ≈ ||Â - A*||_2 / (alpha beta*)</c> (Fig 6's law).
/// </summary>
internal sealed record MatrixTheory(
    double StepBound, double LambdaMax, double LeastSquaresRecoveryError, double LeastSquaresSpectralError,
    double T2Predicted, double AStarNuclear, double[] SigmaStar, double NMin, double CoherenceMax)
{
    public static MatrixTheory Compute(MatrixData d, double alpha, double betaStar, double beta2)
    {
        double lmax = d.LambdaMax();
        var aHat = d.LeastSquaresSolution();
        var diff = aHat.Clone();
        for (int i = 0; i < diff.Data.Length; i++) diff.Data[i] -= d.AStar.Data[i];
        double spectral = diff.Svd().SingularValues[0];
        double ab = alpha * betaStar;
        int nmax = Math.Max(d.N1, d.N2);
        return new MatrixTheory(
            StepBound: 2 / (lmax + beta2),
            LambdaMax: lmax,
            LeastSquaresRecoveryError: diff.FrobeniusNorm() / (d.AStar.FrobeniusNorm() + 1e-6),
            LeastSquaresSpectralError: spectral,
            T2Predicted: ab > 0 ? spectral / ab : double.PositiveInfinity,
            AStarNuclear: d.SigmaStar.Sum(),
            SigmaStar: d.SigmaStar,
            NMin: nmax * d.Rank * Math.Log(nmax),
            CoherenceMax: d.Mu.Max() + d.Nu.Max());
    }

    public void AddTo(IDictionary<string, double> theory)
    {
        theory["step_bound"] = StepBound;
        theory["lambda_max"] = LambdaMax;
        theory["ls_recovery_error"] = LeastSquaresRecoveryError;
        theory["ls_spectral_error"] = LeastSquaresSpectralError;
        theory["t2_predicted"] = T2Predicted;
        theory["a_star_nuclear"] = AStarNuclear;
        theory["n_min"] = NMin;
        theory["coherence_max"] = CoherenceMax;
        for (int i = 0; i < SigmaStar.Length; i++) theory[$"sigma_star_{i}"] = SigmaStar[i];
    }

    /// <summary>Spec E1.6: one pure nuclear step of size alpha maps sigma to |sigma - alpha|.</summary>
    public static double PureNuclearStep(double sigma, double alpha) => Math.Abs(sigma - alpha);
}
