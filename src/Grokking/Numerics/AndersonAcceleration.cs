namespace Grokking.Numerics;

/// <summary>
/// Type-II Anderson acceleration of a fixed-point iteration <c>w &lt;- T(w)</c>: from the last m pairs (w_k, T(w_k)) it
/// proposes <c>T(w_k) - dG gamma</c> with gamma the least-squares fit of the residual differences
/// (<c>min ||f_k - dF gamma||</c>, f = T(w) - w). Small dense normal equations with a relative Tikhonov term keep it
/// stable when the differences become nearly parallel.
/// </summary>
internal sealed class AndersonAcceleration
{
    private readonly int _size, _memory;
    private readonly double[] _dF, _dG, _lastF, _lastG, _gram, _rhs, _gamma;
    private int _count, _next;
    private bool _hasLast;

    public AndersonAcceleration(int size, int memory)
    {
        (_size, _memory) = (size, memory);
        _dF = new double[memory * size];
        _dG = new double[memory * size];
        _lastF = new double[size];
        _lastG = new double[size];
        _gram = new double[memory * memory];
        _rhs = new double[memory];
        _gamma = new double[memory];
    }

    /// <summary>Forgets the history (after a rejected step).</summary>
    public void Reset() => (_count, _next, _hasLast) = (0, 0, false);

    /// <summary>Records (w, T(w)) and writes the accelerated next iterate into <paramref name="next"/>.</summary>
    public void Step(ReadOnlySpan<double> w, ReadOnlySpan<double> tw, Span<double> next)
    {
        if (_hasLast)
        {
            Span<double> df = _dF.AsSpan(_next * _size, _size), dg = _dG.AsSpan(_next * _size, _size);
            for (int i = 0; i < _size; i++)
            {
                double f = tw[i] - w[i];
                df[i] = f - _lastF[i];
                dg[i] = tw[i] - _lastG[i];
            }
            _next = (_next + 1) % _memory;
            _count = Math.Min(_count + 1, _memory);
        }
        for (int i = 0; i < _size; i++) (_lastF[i], _lastG[i]) = (tw[i] - w[i], tw[i]);
        _hasLast = true;

        tw.CopyTo(next);
        if (_count == 0) return;
        int m = _count;
        double trace = 0;
        for (int a = 0; a < m; a++)
        {
            var fa = _dF.AsSpan(a * _size, _size);
            _rhs[a] = Kernels.Dot<double>(fa, _lastF);
            for (int b = 0; b <= a; b++) _gram[a * m + b] = _gram[b * m + a] = Kernels.Dot<double>(fa, _dF.AsSpan(b * _size, _size));
            trace += _gram[a * m + a];
        }
        if (!(trace > 0)) return;
        for (int a = 0; a < m; a++) _gram[a * m + a] += 1e-10 * trace;
        if (DenseCholesky.Factor(_gram.AsSpan(0, m * m), m, 0.0, skip: false) < 0) return;
        _rhs.AsSpan(0, m).CopyTo(_gamma);
        DenseCholesky.Solve(_gram.AsSpan(0, m * m), m, _gamma.AsSpan(0, m));
        for (int a = 0; a < m; a++) Kernels.Axpy<double>(-_gamma[a], _dG.AsSpan(a * _size, _size), next);
    }
}
