using System.Numerics;
using System.Runtime.InteropServices;

namespace Grokking.Optimisation;

/// <summary>
/// One pass of <c>torch.optim.Adam</c> (betas 0.9 / 0.999, eps 1e-8, no weight decay) over all parameters, with the
/// l1 subgradient <c>beta sign(w)</c> optionally added to the gradient first: the chain
/// AddL1Subgradient -&gt; ScaleByAdam -&gt; ScaleByLearningRate -&gt; add, fused into one vectorised loop. The
/// per-element operations are the chain's, in its order and without fused multiply-adds, so the result is equal bit
/// for bit (a test checks it); the chain's four scalar passes cost more than the network's own step here.
/// </summary>
internal sealed class FusedAdam<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
    private readonly T[] _m, _v;
    private readonly T _lr, _l1;
    private long _step;

    /// <param name="l1">beta of the l1 subgradient (0: none).</param>
    public FusedAdam(int size, T lr, T l1)
    {
        (_m, _v) = (new T[size], new T[size]);
        (_lr, _l1) = (lr, l1);
    }

    public void Step(Span<T> parameters, Span<T> gradient)
    {
        long t = ++_step;
        T oneMinusB1 = T.CreateTruncating(1 - Beta1), b2 = T.CreateTruncating(Beta2), oneMinusB2 = T.CreateTruncating(1 - Beta2);
        T bc1 = T.CreateTruncating(1 - Math.Pow(Beta1, t));
        T bc2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(Beta2, t)));
        T eps = T.CreateTruncating(Eps), minusLr = -_lr, l1 = _l1;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var ps = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            var gs = MemoryMarshal.Cast<T, Vector<T>>(gradient);
            var ms = MemoryMarshal.Cast<T, Vector<T>>(_m.AsSpan());
            var vs = MemoryMarshal.Cast<T, Vector<T>>(_v.AsSpan());
            Vector<T> vB1 = new(oneMinusB1), vB2 = new(b2), v1mB2 = new(oneMinusB2), vBc1 = new(bc1), vBc2 = new(bc2Sqrt),
                vEps = new(eps), vLr = new(minusLr), vL1 = new(l1), vMinusL1 = new(-l1);
            bool withL1 = l1 != T.Zero;
            for (int k = 0; k < ps.Length; k++)
            {
                var p = ps[k];
                var g = gs[k];
                if (withL1)
                    g += Vector.ConditionalSelect(Vector.GreaterThan(p, Vector<T>.Zero), vL1,
                        Vector.ConditionalSelect(Vector.LessThan(p, Vector<T>.Zero), vMinusL1, Vector<T>.Zero));
                var m = ms[k] + vB1 * (g - ms[k]);
                var v = vs[k] * vB2 + v1mB2 * g * g;
                ms[k] = m;
                vs[k] = v;
                var u = m / (Vector.SquareRoot(v) / vBc2 + vEps) / vBc1 * vLr;
                gs[k] = u;
                ps[k] = p + u;
            }
            i = ps.Length * Vector<T>.Count;
        }
        for (; i < parameters.Length; i++)
        {
            T p = parameters[i], g = gradient[i];
            if (l1 != T.Zero) g += p > T.Zero ? l1 : p < T.Zero ? -l1 : T.Zero;
            _m[i] += oneMinusB1 * (g - _m[i]);
            _v[i] = _v[i] * b2 + oneMinusB2 * g * g;
            T u = _m[i] / (T.Sqrt(_v[i]) / bc2Sqrt + eps) / bc1 * minusLr;
            gradient[i] = u;
            parameters[i] = p + u;
        }
    }
}
