using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>
/// Plain (sub)gradient descent with penalties, the update of paper 1 eq. (1):
/// x &lt;- x - alpha (G(x) + sum_subgradient beta_k H_k(x)), then the proximal penalties x &lt;- prox_{alpha beta_k h_k}(x).
/// Subgradients are taken at the old x, as the reference code does. Allocation-free.
/// </summary>
public sealed class GradientDescent<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Penalty<T>[] _subgradient;
    private readonly Penalty<T>[] _proximal;

    public GradientDescent(T learningRate, IEnumerable<Penalty<T>> penalties)
    {
        if (!(learningRate > T.Zero)) throw new ArgumentOutOfRangeException(nameof(learningRate), "learning rate must be > 0");
        LearningRate = learningRate;
        var all = penalties.Where(p => p.Beta != T.Zero).ToArray();
        _subgradient = all.Where(p => p.Mode == PenaltyMode.Subgradient).ToArray();
        _proximal = all.Where(p => p.Mode == PenaltyMode.Proximal).ToArray();
    }

    public T LearningRate { get; }
    public IReadOnlyList<Penalty<T>> Penalties => [.. _subgradient, .. _proximal];

    /// <summary>One step. <paramref name="grad"/> holds G(x) on entry and is used as scratch.</summary>
    public void Step(Span<T> x, Span<T> grad)
    {
        foreach (var p in _subgradient) p.Regulariser.AddSubgradient(x, p.Beta, grad);
        TensorPrimitives.MultiplyAdd(grad, -LearningRate, x, x);
        foreach (var p in _proximal) p.Regulariser.Prox(x, LearningRate * p.Beta);
    }

    /// <summary>The penalty part of the objective, sum_k beta_k h_k(x).</summary>
    public T PenaltyValue(ReadOnlySpan<T> x)
    {
        T sum = T.Zero;
        foreach (var p in Penalties) sum += p.Beta * p.Regulariser.Value(x);
        return sum;
    }
}
