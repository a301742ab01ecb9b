using System.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// A penalty h(x) on a flat parameter vector, usable the three ways the papers use it:
/// as a subgradient term (x -= a(G + b H)), as a proximal step (x = prox_{a b h}(x - a G)), or for its value.
/// Generic so the same objects serve the float64 convex problems and the float32 networks.
/// </summary>
public interface IRegulariser<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    string Name { get; }

    /// <summary>h(x).</summary>
    T Value(ReadOnlySpan<T> x);

    /// <summary>g += beta * H(x), H(x) a subgradient of h at x (the canonical one used by the reference code).</summary>
    void AddSubgradient(ReadOnlySpan<T> x, T beta, Span<T> g);

    /// <summary>x = prox_{t h}(x) = argmin_z 0.5 ||z - x||^2 + t h(z).</summary>
    void Prox(Span<T> x, T t);
}
