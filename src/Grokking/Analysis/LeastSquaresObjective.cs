namespace Grokking.Analysis;

/// <summary>
/// A training loss F(w) = 1/2 ||r(w)||^2 seen by the diagnostics: residuals, gradient J^T r and Jacobian J over spans.
/// The least-squares form matters on the manifold M of interpolators (r = 0): there Hess F = J^T J, so the tangent space
/// Ker Hess F is Ker J and the tangent projector needs only an n x n solve.
/// </summary>
public interface ILeastSquaresObjective
{
    int Dimension { get; }
    int ResidualCount { get; }
    void Residuals(ReadOnlySpan<double> w, Span<double> r);
    void Gradient(ReadOnlySpan<double> w, Span<double> g);
    /// <summary>n x d row-major.</summary>
    void Jacobian(ReadOnlySpan<double> w, Span<double> jacobian);
}
