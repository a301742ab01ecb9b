using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// A training loss of paper 2's worked examples, written as a sum of squared residuals F(w) = 1/2 ||r(w)||^2 (spec A.2):
/// residuals, gradient J^T r and Jacobian J over spans, into buffers the problem owns, so a gradient step allocates
/// nothing. The least-squares form is what the Riemannian diagnostic needs: on the manifold of interpolators r = 0, so
/// Hess F = J^T J there and its kernel is Ker J. Not thread-safe (one scratch residual per problem).
/// </summary>
public abstract class FlowProblem : Analysis.ILeastSquaresObjective
{
    /// <summary>Number of parameters d.</summary>
    public abstract int Dimension { get; }

    /// <summary>Number of residuals n (training points or observed entries).</summary>
    public abstract int ResidualCount { get; }

    /// <summary>r(w) into <paramref name="r"/> (length n); F = 1/2 ||r||^2.</summary>
    public abstract void Residuals(ReadOnlySpan<double> w, Span<double> r);

    /// <summary>grad F(w) = J(w)^T r(w) into <paramref name="g"/> (length d), allocation-free.</summary>
    public abstract void Gradient(ReadOnlySpan<double> w, Span<double> g);

    /// <summary>J(w) = dr/dw into <paramref name="jacobian"/>, n x d row-major (diagnostics only: not on the hot path).</summary>
    public abstract void Jacobian(ReadOnlySpan<double> w, Span<double> jacobian);

    /// <summary>The held-out loss (each problem says which, in its <see cref="TestLossDescription"/>).</summary>
    public abstract double TestLoss(ReadOnlySpan<double> w);

    public abstract string TestLossDescription { get; }

    /// <summary>F(w) = 1/2 ||r(w)||^2, through the problem's scratch residual.</summary>
    public double Loss(ReadOnlySpan<double> w)
    {
        var r = Scratch;
        Residuals(w, r);
        double s = 0;
        foreach (double v in r) s += v * v;
        return 0.5 * s;
    }

    /// <summary>Residual scratch of length n for <see cref="Loss"/> and the gradients.</summary>
    protected abstract Span<double> Scratch { get; }

    /// <summary>Problem-specific metrics (singular values, the learned function): names registered once.</summary>
    public virtual void RegisterExtras(MetricRecord record) { }

    /// <summary>Appends the problem-specific metrics of <paramref name="step"/> (allocation-free).</summary>
    public virtual void RecordExtras(long step, ReadOnlySpan<double> w, MetricRecord record) { }

    /// <summary>Rows <see cref="RecordExtras"/> appends per call.</summary>
    public virtual int ExtraRows => 0;

    /// <summary>Per-component series among the extras (no final value in the summary).</summary>
    public virtual IReadOnlyCollection<string> PerComponentExtras => [];

    /// <summary>Scoped extras whose last value per scope is a final (singular values).</summary>
    public virtual IReadOnlyCollection<string> FinalPerScopeExtras => [];

    /// <summary>Theory values the problem knows in closed form (added to summary.json's theory); <paramref name="lambda"/>
    /// is the run's weight decay.</summary>
    public virtual void AddTheory(IDictionary<string, double> theory, double lambda) { }
}
