using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>
/// Grokfast's EMA filter (Lee et al. 2024, <c>gradfilter_ema</c>): <c>ema = alpha ema + (1 - alpha) g</c>,
/// <c>g = g + lamb ema</c>, defaults alpha 0.98, lamb 2.0. As in the reference, the EMA starts at the first
/// gradient (and then takes that step's update too, which leaves it at g up to rounding), not at zero. Goes first
/// in a chain, before the optimiser.
/// </summary>
public sealed class GrokfastEma<T>(double alpha = 0.98, double lamb = 2.0, GroupSelector? groups = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Alpha { get; } = alpha is >= 0 and <= 1 ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha));
    public double Lamb { get; } = lamb;
    public GroupSelector Groups { get; } = groups ?? GroupSelector.All;

    public TransformState Init(ParameterLayout layout) =>
        new State { Layout = layout, Groups = layout.Select(Groups), Ema = new T[layout.Size] };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        var s = (State)state;
        T a = T.CreateTruncating(Alpha), oneMinusA = T.CreateTruncating(1 - Alpha), lamb = T.CreateTruncating(Lamb);
        foreach (var g in s.Groups)
        {
            var ema = g.Of(s.Ema.AsSpan());
            var u = g.Of(updates);
            if (!s.Started) u.CopyTo(ema);
            for (int i = 0; i < u.Length; i++)
            {
                ema[i] = ema[i] * a + u[i] * oneMinusA;
                u[i] += ema[i] * lamb;
            }
        }
        s.Started = true;
    }

    private sealed class State : TransformState
    {
        public required ParameterGroup[] Groups { get; init; }
        public required T[] Ema { get; init; }
        public bool Started;
    }
}

/// <summary>
/// ⊥Grad (Prieto et al. 2025, <c>OrthoGrad</c>): per group, the gradient's component orthogonal to the weights,
/// rescaled to the gradient's norm: <c>g_perp = g - (&lt;w, g&gt; / (&lt;w, w&gt; + eps)) w</c>,
/// <c>g = g_perp ||g|| / (||g_perp|| + eps)</c>, eps = 1e-30 as in the reference. Goes first in a chain.
/// </summary>
public sealed class OrthoGrad<T>(GroupSelector? groups = null, double eps = 1e-30) : GroupwiseTransform<T>(groups ?? GroupSelector.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Eps { get; } = eps;

    protected override void UpdateGroup(Span<T> g, ReadOnlySpan<T> w)
    {
        T eps = T.CreateTruncating(Eps);
        T projection = TensorPrimitives.Dot(w, (ReadOnlySpan<T>)g) / (TensorPrimitives.Dot(w, w) + eps);
        T norm = TensorPrimitives.Norm((ReadOnlySpan<T>)g);
        TensorPrimitives.MultiplyAdd(w, -projection, (ReadOnlySpan<T>)g, g);
        TensorPrimitives.Multiply(g, norm / (TensorPrimitives.Norm((ReadOnlySpan<T>)g) + eps), g);
    }
}
