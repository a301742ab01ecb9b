namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// Gradient descent with weight decay, w &lt;- w - eta (grad F(w) + lambda w), the explicit Euler discretisation of paper
/// 2's flow dw/dt = -grad F(w) - lambda w (flow time t = k eta). The problem writes grad F into a buffer the stepper owns;
/// the update is then one fused pass: it is Chain(AddDecayedWeights(lambda), GradientDescent(eta)) of
/// Grokking.Optimisation written as one multiply-add per entry (a test holds the two equal to rounding over a few hundred
/// steps of each problem), with nothing allocated per step.
/// </summary>
public sealed class WeightDecayStepper
{
    private readonly FlowProblem _problem;
    private readonly double[] _w;
    private readonly double[] _g;

    public WeightDecayStepper(FlowProblem problem, ReadOnlySpan<double> w0, double eta, double lambda)
    {
        if (w0.Length != problem.Dimension) throw new ArgumentException($"w0 has {w0.Length} entries, the problem {problem.Dimension}");
        _problem = problem;
        _w = w0.ToArray();
        _g = new double[problem.Dimension];
        Eta = eta;
        Lambda = lambda;
    }

    public double Eta { get; }
    public double Lambda { get; }
    public FlowProblem Problem => _problem;

    /// <summary>The current parameters (live: changed in place by <see cref="Advance"/>).</summary>
    public Span<double> W => _w;

    /// <summary>Runs <paramref name="steps"/> steps in place.</summary>
    public void Advance(long steps)
    {
        for (long k = 0; k < steps; k++)
        {
            _problem.Gradient(_w, _g);
            Step(_w, _g, Eta, Lambda);
        }
    }

    /// <summary>w &lt;- w - eta (g + lambda w), written as (1 - eta lambda) w - eta g: one multiply-add per entry.</summary>
    public static void Step(Span<double> w, ReadOnlySpan<double> g, double eta, double lambda)
    {
        if (g.Length != w.Length) throw new ArgumentException("w and g differ in length");
        double shrink = 1 - eta * lambda;
        for (int i = 0; i < w.Length; i++) w[i] = Math.FusedMultiplyAdd(shrink, w[i], -eta * g[i]);
    }
}
