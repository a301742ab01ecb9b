using System.Numerics;
using System.Numerics.Tensors;
using Grokking.Numerics;

namespace Grokking.Optimisation;

/// <summary>
/// The polar factor U V^T of a row-major rows x cols matrix W (its nuclear norm's subgradient) by Newton-Schulz
/// iterations on the small side's Gram matrix, for the shapes where an SVD every step is too slow (the
/// teacher-student's 500 x 100 first layer: the Jacobi SVD costs tens of ms there).
/// </summary>
/// <remarks>
/// <para>With G = W^T W (k x k, k = cols &lt;= rows; W W^T for wide matrices) and W scaled by c so that its
/// singular values lie in (0, 1], the cubic iteration X &lt;- X (3 I - X^T X) / 2 converges to U V^T. Every X_k is
/// c W P_k with P_k a polynomial in G, so the iteration runs on k x k matrices only: Z = (3 I - Y) / 2,
/// P &lt;- P Z, Y &lt;- Y Z^2 (Y = X^T X, all of them commute), and X = c W P is formed once at the end: three
/// k^3 GEMMs per iteration instead of two rows k^2.</para>
/// <para>c comes from the largest eigenvalue of G by power iteration, warm-started from the previous call's vector.
/// Converged when max |Y - I| is below a few ulps of T; a singular value s grows by 1.5x per iteration until near
/// 1, so a matrix with s_min / s_max = 1e-3 needs ~20 iterations. When <see cref="MaxIterations"/> do not converge
/// (numerically rank-deficient W), the Jacobi SVD decides (<see cref="Fallbacks"/> counts them): its U V^T also
/// has a column for each zero singular value, as the reference's torch SVD.</para>
/// </remarks>
public sealed class NewtonSchulzPolar<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _rows, _cols, _k;
    private readonly bool _tall;
    private readonly Gemm _gemm;
    private readonly T[] _y, _p, _z, _t, _top, _next, _scratch;
    private readonly GroupSvd<T> _fallback;
    private GramPolar<T>? _gramPolar;
    private bool _hasTop;

    public NewtonSchulzPolar(int rows, int cols, Gemm? gemm = null)
    {
        (_rows, _cols) = (rows, cols);
        _tall = rows >= cols;
        _k = Math.Min(rows, cols);
        _gemm = gemm ?? new Gemm();
        int kk = _k * _k;
        (_y, _p, _z, _t) = (new T[kk], new T[kk], new T[kk], new T[kk]);
        (_top, _next) = (new T[_k], new T[_k]);
        _scratch = new T[rows * cols];
        _fallback = new GroupSvd<T>(rows, cols);
        Tolerance = typeof(T) == typeof(float) ? 3e-5 : 1e-13;
    }

    /// <summary>Converged when every entry of X^T X - I is at most this (default: ~250 ulps of float, ~500 of double).</summary>
    public double Tolerance { get; init; }
    public int MaxIterations { get; init; } = 60;
    /// <summary>After the first fallback, every later call goes straight to the Jacobi SVD (for a penalised run whose
    /// matrices only lose rank: once the iteration stalls it stays stalled, and its iterations would be wasted).</summary>
    public bool StayOnFallback { get; init; }
    /// <summary>Iterations of the last call (0 after a fallback).</summary>
    public int LastIterations { get; private set; }
    /// <summary>When the iteration does not converge, U V^T from the double Gram matrix's eigen-decomposition
    /// (<see cref="GramPolar{T}"/>, whose cost does not grow as singular values fall) instead of the Jacobi SVD;
    /// GramPolar itself leaves singular values below float32's noise floor to the Jacobi SVD.</summary>
    public bool GramFallback
    {
        get => _gramPolar is not null;
        init => _gramPolar = value ? new GramPolar<T>(_rows, _cols) : null;
    }
    /// <summary>Jacobi sweeps of the last Jacobi call (diagnostics).</summary>
    internal int LastSweeps => (_gramPolar?.Fallback ?? _fallback).Svd.LastSweeps;
    /// <summary>The Gram route of the fallback, once used (diagnostics).</summary>
    internal GramPolar<T>? Gram => _gramPolar;
    /// <summary>Calls that fell back to the SVD.</summary>
    public long Fallbacks { get; private set; }

    /// <summary>
    /// ||W||_* = sum of the singular values = &lt;U V^T, W&gt;, through the polar factor (for metrics: the Jacobi SVD
    /// of a 500 x 100 matrix at every record cost more than the training steps between records). Allocates nothing.
    /// </summary>
    public double NuclearNorm(ReadOnlySpan<T> w)
    {
        Array.Clear(_scratch);
        AddPolarFactor(w, _scratch, T.One);
        double sum = 0;
        for (int i = 0; i < _scratch.Length; i++) sum += double.CreateTruncating(_scratch[i]) * double.CreateTruncating(w[i]);
        return sum;
    }

    /// <summary><c>dst += scale U V^T</c> of <paramref name="w"/>. Allocates nothing.</summary>
    public void AddPolarFactor(ReadOnlySpan<T> w, Span<T> dst, T scale)
    {
        int k = _k;
        if (StayOnFallback && Fallbacks > 0)
        {
            Fallback(w, dst, scale);
            return;
        }
        // G on the small side: W^T W (tall) or W W^T (wide)
        if (_tall) _gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, k, k, _rows, T.One, w, _cols, w, _cols, T.Zero, _y, k);
        else _gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, k, k, _cols, T.One, w, _cols, w, _cols, T.Zero, _y, k);
        double lambda = LargestEigenvalue();
        if (!(lambda > 0) || !double.IsFinite(lambda))
        {
            if (lambda == 0) return; // W = 0: U V^T is any partial isometry; torch's SVD gives 0 gradient only by chance, we add nothing
            Fallback(w, dst, scale);
            return;
        }
        // power iteration is a lower bound of lambda_max: 1.02 keeps s <= 1 (the iteration converges for s < sqrt 3)
        double c2 = 1 / (1.02 * lambda);
        TensorPrimitives.Multiply(_y, T.CreateTruncating(c2), _y);
        Identity(_p);
        T half = T.CreateTruncating(0.5), threeHalves = T.CreateTruncating(1.5);
        for (int it = 0; it < MaxIterations; it++)
        {
            if (DistanceToIdentity(_y) <= Tolerance)
            {
                LastIterations = it;
                // X = c W P; dst += scale X
                T cs = T.CreateTruncating(Math.Sqrt(c2)) * scale;
                if (_tall) _gemm.Multiply(MatrixOp.None, MatrixOp.None, _rows, _cols, k, cs, w, _cols, _p, k, T.One, dst, _cols);
                else _gemm.Multiply(MatrixOp.None, MatrixOp.None, _rows, _cols, k, cs, _p, k, w, _cols, T.One, dst, _cols);
                return;
            }
            // Z = 1.5 I - 0.5 Y; P <- P Z; Y <- (Y Z) Z
            TensorPrimitives.Multiply(_y, -half, _z);
            for (int i = 0; i < k; i++) _z[i * k + i] += threeHalves;
            _gemm.Multiply(MatrixOp.None, MatrixOp.None, k, k, k, T.One, _p, k, _z, k, T.Zero, _t, k);
            _t.CopyTo(_p, 0);
            _gemm.Multiply(MatrixOp.None, MatrixOp.None, k, k, k, T.One, _y, k, _z, k, T.Zero, _t, k);
            _gemm.Multiply(MatrixOp.None, MatrixOp.None, k, k, k, T.One, _t, k, _z, k, T.Zero, _y, k);
        }
        Fallback(w, dst, scale);
    }

    private void Fallback(ReadOnlySpan<T> w, Span<T> dst, T scale)
    {
        LastIterations = 0;
        Fallbacks++;
        if (_gramPolar is not null)
        {
            _gramPolar.AddPolarFactor(w, dst, scale);
            return;
        }
        _fallback.Decompose(w, warmStart: true);
        _fallback.AddPolarFactor(dst, scale);
    }

    /// <summary>lambda_max of the Gram matrix in _y by power iteration from the previous call's vector (a Rayleigh quotient).</summary>
    private double LargestEigenvalue()
    {
        int k = _k;
        if (!_hasTop)
        {
            // a start with a component along every eigenvector of a Gram matrix (its entries' signs are not all alike)
            for (int i = 0; i < k; i++) _top[i] = T.CreateTruncating(1.0 + 0.01 * i);
            _hasTop = true;
        }
        double lambda = 0;
        for (int it = 0; it < 30; it++)
        {
            for (int i = 0; i < k; i++) _next[i] = TensorPrimitives.Dot<T>(_y.AsSpan(i * k, k), _top);
            double norm = double.CreateTruncating(TensorPrimitives.Norm<T>(_next));
            if (!(norm > 0) || !double.IsFinite(norm)) return norm;
            double previous = lambda;
            // Rayleigh quotient v^T G v with |v| = 1
            lambda = double.CreateTruncating(TensorPrimitives.Dot<T>(_top, _next)) / double.CreateTruncating(TensorPrimitives.Dot<T>(_top, _top));
            TensorPrimitives.Multiply(_next, T.CreateTruncating(1 / norm), _top);
            if (it > 2 && Math.Abs(lambda - previous) <= 1e-3 * lambda) break;
        }
        return lambda;
    }

    private void Identity(T[] m)
    {
        Array.Clear(m);
        for (int i = 0; i < _k; i++) m[i * _k + i] = T.One;
    }

    private double DistanceToIdentity(T[] m)
    {
        double worst = 0;
        for (int i = 0; i < _k; i++)
            for (int j = 0; j < _k; j++)
            {
                double e = double.CreateTruncating(m[i * _k + j]) - (i == j ? 1 : 0);
                worst = Math.Max(worst, Math.Abs(e));
            }
        return worst;
    }
}

/// <summary>
/// beta U V^T added to the updates of each selected group, by <see cref="NewtonSchulzPolar{T}"/>: the same transform
/// as <see cref="AddNuclearSubgradient{T}"/> (the Jacobi SVD's polar factor, to the iteration's tolerance), fast
/// for large groups.
/// </summary>
public sealed class AddNuclearSubgradientNewtonSchulz<T>(T beta, GroupSelector? groups = null, Gemm? gemm = null) : IGradientTransform<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Each group's <see cref="NewtonSchulzPolar{T}.MaxIterations"/> (default 60).</summary>
    public int MaxIterations { get; init; } = 60;
    /// <summary>Each group's <see cref="NewtonSchulzPolar{T}.StayOnFallback"/>.</summary>
    public bool StayOnFallback { get; init; }
    /// <summary>Each group's <see cref="NewtonSchulzPolar{T}.GramFallback"/>.</summary>
    public bool GramFallback { get; init; }

    public T Beta { get; } = beta >= T.Zero ? beta : throw new ArgumentOutOfRangeException(nameof(beta));
    public GroupSelector Groups { get; } = groups ?? GroupSelector.Matrices;

    public TransformState Init(ParameterLayout layout)
    {
        var selected = layout.Select(Groups);
        return new State { Layout = layout, Groups = selected, Polars = Array.ConvertAll(selected,
            g => new NewtonSchulzPolar<T>(g.Rows, g.Cols, gemm) { MaxIterations = MaxIterations, StayOnFallback = StayOnFallback, GramFallback = GramFallback }) };
    }

    public void Update(Span<T> updates, TransformState state, ReadOnlySpan<T> parameters)
    {
        state.CheckLengths(updates.Length, parameters.Length);
        if (Beta == T.Zero) return;
        var s = (State)state;
        for (int i = 0; i < s.Groups.Length; i++) s.Polars[i].AddPolarFactor(s.Groups[i].Of(parameters), s.Groups[i].Of(updates), Beta);
    }

    /// <summary>The per-group iterations (diagnostics and tests).</summary>
    public static IReadOnlyList<NewtonSchulzPolar<T>> Polars(TransformState state) => ((State)state).Polars;

    private sealed class State : TransformState
    {
        public required ParameterGroup[] Groups { get; init; }
        public required NewtonSchulzPolar<T>[] Polars { get; init; }
    }
}
