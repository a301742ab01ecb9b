using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary><c>u = -lr u</c>: turns a descent direction into the displacement (the end of every optimiser chain).</summary>
public sealed class ScaleByLearningRate<T>(T lr) : IGradientTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T LearningRate { get; } = lr > T.Zero ? lr : throw new ArgumentOutOfRangeException(nameof(lr), "learning rate must be > 0");

    public TransformState Init(ParameterLayout layout) => new GroupsState { Layout = layout, Groups = [] };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        TensorPrimitives.Multiply(updates, -LearningRate, updates);
    }
}

/// <summary>
/// Heavy-ball momentum as <c>torch.optim.SGD</c> with dampening 0: <c>b = mu b + g</c> (b starts at 0, so the first
/// step gives b = g as torch's clone), then <c>u = b</c>, or <c>u = g + mu b</c> with Nesterov.
/// </summary>
public sealed class Momentum<T>(T momentum, bool nesterov = false) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Decay { get; } = momentum >= T.Zero ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum));
    public bool Nesterov { get; } = nesterov;

    public TransformState Init(ParameterLayout layout) => new State { Layout = layout, Buffer = new T[layout.Size] };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        var b = ((State)state).Buffer.AsSpan();
        T mu = Decay;
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = mu * b[i] + updates[i];
            updates[i] = Nesterov ? updates[i] + mu * b[i] : b[i];
        }
    }

    private sealed class State : TransformState
    {
        public required T[] Buffer { get; init; }
    }
}

/// <summary>
/// The direction of <c>torch.optim.Adam</c> (amsgrad off), in PyTorch's order of operations:
/// <c>m += (1 - b1)(g - m)</c> (torch's lerp), <c>v = b2 v + (1 - b2) g²</c>, and with t the step count
/// <c>u = m / ((sqrt(v) / sqrt(1 - b2^t) + eps)(1 - b1^t))</c>, so that <c>-lr u</c> is torch's
/// <c>-(lr / (1 - b1^t)) m / denom</c>. Bias corrections are computed in double, as Python computes them.
/// </summary>
public sealed class ScaleByAdam<T>(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Beta1 { get; } = beta1 is >= 0 and < 1 ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1));
    public double Beta2 { get; } = beta2 is >= 0 and < 1 ? beta2 : throw new ArgumentOutOfRangeException(nameof(beta2));
    public double Eps { get; } = eps >= 0 ? eps : throw new ArgumentOutOfRangeException(nameof(eps));

    public TransformState Init(ParameterLayout layout) =>
        new State { Layout = layout, M = new T[layout.Size], V = new T[layout.Size] };

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        var s = (State)state;
        long t = ++s.Step;
        T oneMinusB1 = T.CreateTruncating(1 - Beta1), b2 = T.CreateTruncating(Beta2), oneMinusB2 = T.CreateTruncating(1 - Beta2);
        T biasCorrection1 = T.CreateTruncating(1 - Math.Pow(Beta1, t));
        T biasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(Beta2, t)));
        T epsilon = T.CreateTruncating(Eps);
        var m = s.M.AsSpan();
        var v = s.V.AsSpan();
        for (int i = 0; i < m.Length; i++)
        {
            T g = updates[i];
            m[i] += oneMinusB1 * (g - m[i]);
            v[i] = v[i] * b2 + oneMinusB2 * g * g;
            T denom = T.Sqrt(v[i]) / biasCorrection2Sqrt + epsilon;
            updates[i] = m[i] / denom / biasCorrection1;
        }
    }

    private sealed class State : TransformState
    {
        public required T[] M { get; init; }
        public required T[] V { get; init; }
        public long Step;
    }
}
