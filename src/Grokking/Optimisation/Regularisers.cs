using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>h(x) = ||x||_1; H = sign(x) with sign(0) = 0 (spec F.3); prox = soft threshold.</summary>
public sealed class L1<T> : IRegulariser<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "l1";

    public T Value(ReadOnlySpan<T> x) => TensorPrimitives.SumOfMagnitudes(x);

    public void AddSubgradient(ReadOnlySpan<T> x, T beta, Span<T> g)
    {
        for (int i = 0; i < x.Length; i++) g[i] += beta * T.CreateTruncating(T.Sign(x[i]));
    }

    /// <summary>S_t(x) = sign(x) max(|x| - t, 0).</summary>
    public void Prox(Span<T> x, T t)
    {
        for (int i = 0; i < x.Length; i++)
        {
            T m = T.Abs(x[i]) - t;
            x[i] = m > T.Zero ? T.CopySign(m, x[i]) : T.Zero;
        }
    }
}

/// <summary>h(x) = 0.5 ||x||_2^2 (weight decay); H = x; prox = x / (1 + t).</summary>
public sealed class SquaredL2<T> : IRegulariser<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "l2sq";

    public T Value(ReadOnlySpan<T> x) => T.CreateTruncating(0.5) * TensorPrimitives.SumOfSquares(x);

    public void AddSubgradient(ReadOnlySpan<T> x, T beta, Span<T> g) => TensorPrimitives.MultiplyAdd(x, beta, g, g);

    public void Prox(Span<T> x, T t) => TensorPrimitives.Multiply(x, T.One / (T.One + t), x);
}

/// <summary>h(x) = ||x||_2, unsquared, as the networks' code uses for "l2" (spec F.3); H = x/||x|| (0 at x = 0);
/// prox = block soft threshold.</summary>
public sealed class L2<T> : IRegulariser<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "l2";

    public T Value(ReadOnlySpan<T> x) => TensorPrimitives.Norm(x);

    public void AddSubgradient(ReadOnlySpan<T> x, T beta, Span<T> g)
    {
        T norm = TensorPrimitives.Norm(x);
        if (norm == T.Zero) return;
        TensorPrimitives.MultiplyAdd(x, beta / norm, g, g);
    }

    public void Prox(Span<T> x, T t)
    {
        T norm = TensorPrimitives.Norm(x);
        T keep = norm > t ? T.One - t / norm : T.Zero;
        TensorPrimitives.Multiply(x, keep, x);
    }
}

/// <summary>A regulariser with its strength and how it enters the update.</summary>
public readonly record struct Penalty<T>(IRegulariser<T> Regulariser, T Beta, PenaltyMode Mode)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>How a penalty enters the update (paper 1, §3.1 and App. D).</summary>
public enum PenaltyMode
{
    /// <summary>x -= alpha (G + beta H(x)).</summary>
    Subgradient,
    /// <summary>x = prox_{alpha beta h}(x - alpha G) (ISTA / singular value thresholding).</summary>
    Proximal,
}
