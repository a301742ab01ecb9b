using System.Runtime.CompilerServices;

namespace Grokking.Numerics;

/// <summary>
/// Thin SVD <c>A = U diag(sigma) V^T</c> of a small dense matrix (rows x cols, up to a few dozen) by one-sided
/// (Hestenes) Jacobi: plane rotations applied on the right orthogonalise the columns of <c>W = A V</c>, then
/// <c>sigma_j = ||w_j||</c> and <c>u_j = w_j / sigma_j</c>. Allocation-free after construction, so a solver can
/// call it every step.
/// </summary>
/// <remarks>
/// <para>Why one-sided Jacobi: it never forms <c>A^T A</c>, so singular values far below <c>sigma_max</c> (the
/// ~1e-5 spurious values next to 8 in the nuclear-norm runs) keep absolute accuracy ~eps ||A||, and it can be
/// warm-started: with the previous call's V, <c>W = A V</c> is already nearly orthogonal when A changed little,
/// and a sweep or two restores convergence (<see cref="Decompose"/> with <c>warmStart</c>).</para>
/// <para>Layout: matrices are column-major with a leading dimension (<c>ld &gt;= rows</c>); <see cref="PaddedRows"/>
/// gives the vector-friendly one. Wide matrices (rows &lt; cols) are handled through their transpose.</para>
/// <para>Convergence: a pair (p, q) is rotated when <c>|w_p . w_q| &gt; Tolerance ||w_p|| ||w_q||</c>; the loop
/// stops after a sweep without rotations. Columns whose norm is below <c>max(rows, cols) eps ||A||_max-column</c>
/// are numerically zero: they are not rotated, their sigma is reported as computed, and their u is completed to an
/// orthonormal basis (Gram-Schmidt on canonical vectors), so U always has min(rows, cols) orthonormal columns -
/// the reference's <c>numpy.linalg.svd(A, full_matrices=False)</c> also returns vectors for zero singular values
/// (LAPACK's choice; ours is a different but equally valid one).</para>
/// </remarks>
public sealed class JacobiSvd
{
    /// <summary>Machine epsilon of double (2^-52).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Rotation threshold on the cosine between two columns: 4 eps, i.e. converged to rounding.</summary>
    public const double DefaultTolerance = 4 * MachineEpsilon;

    private readonly int _rows, _cols, _m, _k, _ldm, _ldk;
    private readonly bool _transposed, _wide;
    private readonly double[] _t, _w, _v, _u, _norm2, _sigma;
    private readonly int[] _order, _pairs;
    private bool _hasV;
    private readonly SvdLanes? _lanes;
    private bool _lanesStale;
    private bool _finishPending;
    private double _scale = 1;

    public JacobiSvd(int rows, int cols) : this(rows, cols, wideVectors: false) { }

    /// <param name="wideVectors">Columns padded to 8 and rotated with 512-bit kernels (two dot accumulators): ~2x
    /// faster on Zen 5 for the networks' 64 x 97 matrices, with a different rounding of the dot products than the
    /// default kernels, which the stored runs of the convex families were computed with.</param>
    public JacobiSvd(int rows, int cols, bool wideVectors)
    {
        if (rows < 1 || cols < 1) throw new ArgumentOutOfRangeException(nameof(rows), "matrix must be at least 1 x 1");
        (_rows, _cols) = (rows, cols);
        _transposed = rows < cols;
        _m = Math.Max(rows, cols);
        _k = Math.Min(rows, cols);
        _wide = wideVectors && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        _ldm = _wide ? SvdColumns.PadWide(_m) : SvdColumns.Pad(_m);
        _ldk = _wide ? SvdColumns.PadWide(_k) : SvdColumns.Pad(_k);
        _t = new double[_ldm * _k];
        _w = new double[_ldm * _k];
        _u = new double[_ldm * _k];
        _v = new double[_ldk * _k];
        _norm2 = new double[_k];
        _sigma = new double[_k];
        _order = new int[_k];
        _pairs = RoundRobin(_k);
        if (SvdLanes.IsSupported && _k <= SvdLanes.Width && _k > 1) _lanes = new SvdLanes(_m, _k);
    }

    /// <summary>Whether the vector-lane kernel (<see cref="SvdLanes"/>) is used where it applies; tests compare both.</summary>
    public bool UseLanes { get; set; } = true;

    /// <summary>Full and low-lane sweeps of the vector-lane kernel so far (diagnostics; zero without it).</summary>
    public (long Full, long Low) LaneSweeps => _lanes is null ? (0, 0) : (_lanes.FullSweeps, _lanes.LowSweeps);

    /// <summary>Deflation passes of the vector-lane kernel so far (diagnostics; k = 10 only).</summary>
    public long LaneDeflations => _lanes?.DeflationPasses ?? 0;

    /// <summary>
    /// The pairs of one sweep in round-robin (tournament) order: every pair once, and consecutive pairs of a
    /// round touch disjoint columns, so the out-of-order core overlaps one pair's dot product and rotation with
    /// the next one's instead of waiting on a chain through a shared column (the cyclic row order (0,1), (0,2),
    /// ... was 1.6x slower on 10 x 10).
    /// </summary>
    private static int[] RoundRobin(int k)
    {
        int players = k + (k & 1);              // a bye column (index >= k) when k is odd
        var circle = Enumerable.Range(0, players).ToArray();
        var pairs = new List<int>();
        for (int round = 0; round < players - 1; round++)
        {
            for (int i = 0; i < players / 2; i++)
            {
                int p = circle[i], q = circle[players - 1 - i];
                if (p < k && q < k) { pairs.Add(Math.Min(p, q)); pairs.Add(Math.Max(p, q)); }
            }
            // keep circle[0], rotate the rest by one
            int last = circle[players - 1];
            for (int i = players - 1; i > 1; i--) circle[i] = circle[i - 1];
            if (players > 1) circle[1] = last;
        }
        return [.. pairs];
    }

    public int Rows => _rows;
    public int Cols => _cols;
    /// <summary>min(rows, cols): the number of singular triplets.</summary>
    public int Count => _k;
    public double Tolerance { get; set; } = DefaultTolerance;
    public int MaxSweeps { get; set; } = 60;
    /// <summary>Sweeps used by the last call (the last one usually the sweep that found nothing to rotate).</summary>
    public int LastSweeps { get; private set; }
    /// <summary>Rotations applied by the last call.</summary>
    public int LastRotations { get; private set; }
    /// <summary>Running totals over all calls (diagnostics: sweeps and rotations per call).</summary>
    public long TotalCalls { get; private set; }

    /// <summary>Warm-started calls between two cold starts (V reset to the identity).</summary>
    public const int ColdStartPeriod = 1024;
    private long _warmCalls;
    public long TotalSweeps { get; private set; }
    public long TotalRotations { get; private set; }

    /// <summary>The leading dimension this class pads rows to (a multiple of the vector width).</summary>
    public static int PaddedRows(int rows) => SvdColumns.Pad(rows);

    /// <summary>The leading dimension of a decomposition built with <c>wideVectors</c>.</summary>
    public static int PaddedRows(int rows, bool wideVectors) =>
        wideVectors && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? SvdColumns.PadWide(rows) : SvdColumns.Pad(rows);

    /// <summary>Singular values, descending.</summary>
    public ReadOnlySpan<double> SingularValues
    {
        get
        {
            Finish();
            return _sigma;
        }
    }

    /// <summary>U[i, j] of the thin SVD (rows x min).</summary>
    public double U(int i, int j)
    {
        Finish();
        return _transposed ? _v[_order[j] * _ldk + i] : _u[j * _ldm + i];
    }

    /// <summary>V[i, j] of the thin SVD (cols x min).</summary>
    public double V(int i, int j)
    {
        Finish();
        return _transposed ? _u[j * _ldm + i] : _v[_order[j] * _ldk + i];
    }

    /// <summary>Allocating convenience: decomposes a row-major matrix.</summary>
    public static JacobiSvd OfRowMajor(ReadOnlySpan<double> a, int rows, int cols)
    {
        var svd = new JacobiSvd(rows, cols);
        var cm = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) cm[j * rows + i] = a[i * cols + j];
        svd.Decompose(cm, rows);
        return svd;
    }

    /// <summary>
    /// Decomposes the column-major matrix <paramref name="a"/> (entry (i, j) at <c>a[j * lda + i]</c>).
    /// With <paramref name="warmStart"/> the rotations start from the previous call's V (same sizes),
    /// which is much cheaper when the matrix changed little. Returns the number of sweeps.
    /// </summary>
    public int Decompose(ReadOnlySpan<double> a, int lda, bool warmStart = false)
    {
        if (lda < _rows) throw new ArgumentOutOfRangeException(nameof(lda), $"lda = {lda} < rows = {_rows}");
        if (a.Length < (long)lda * (_cols - 1) + _rows) throw new ArgumentException("matrix span too short", nameof(a));
        // The warm start carries V across calls, and its orthogonality drifts with the rounding of every rotation
        // applied to it; after ~2e6 calls (alpha 0.75, beta* 1e-6, Fig 6's grid) U V^T turned NaN. A cold start
        // every ColdStartPeriod calls resets V to the identity at the cost of a few extra sweeps once in a while.
        bool warm = warmStart && _hasV && ++_warmCalls % ColdStartPeriod != 0;
        if (UseLanes && _lanes is not null && !_transposed && RotateInLanes(a, lda, warm, deferFinish: true))
        {
            _hasV = true;
            return LastSweeps;
        }
        if (_finishPending)
        {
            // the last call left its result in the lanes; the scalar kernel's warm start needs its V
            _lanes!.Store(_w, _ldm, _v, _ldk);
            _finishPending = false;
        }
        LoadTall(a, lda);
        _scale = Rescale();
        if (!(UseLanes && _lanes is not null && RotateInLanes(_t, _ldm, warm, deferFinish: false)))
        {
            if (warm) MultiplyByV();
            else
            {
                Array.Copy(_t, _w, _t.Length);
                Array.Clear(_v);
                for (int j = 0; j < _k; j++) _v[j * _ldk + j] = 1;
            }
            Rotate();
            _lanesStale = true;
        }
        _hasV = true;
        FinishColumns();
        return LastSweeps;
    }

    /// <summary>
    /// The rotations in vector lanes on the tall matrix <paramref name="t"/> when the scale allows; false leaves
    /// the call to the scalar kernel (V in the lanes untouched). Read straight from the caller's matrix
    /// (<paramref name="deferFinish"/>) only without <see cref="Rescale"/>: squared column norms within
    /// 1e-120 .. 1e120, i.e. entries within the 1e±60 that Rescale leaves alone; after a rescale, within
    /// 1e-150 .. 1e150, where the kernel's d^2 + h^2 neither overflows nor underflows. A deferred call leaves its
    /// result in the lanes: <see cref="AddPolarFactor"/> uses it there, and <see cref="Finish"/> copies it out,
    /// sorts and builds U only when something reads them (a solver step needs neither).
    /// </summary>
    private bool RotateInLanes(ReadOnlySpan<double> t, int ldt, bool warm, bool deferFinish)
    {
        var lanes = _lanes!;
        if (warm && _lanesStale) lanes.SetV(_v, _ldk);
        _lanesStale = false;
        if (warm) lanes.LoadWarm(t, ldt);
        else lanes.LoadCold(t, ldt);
        double maxNorm2 = lanes.MaxNorm2();
        double bound = deferFinish ? 1e120 : 1e150;
        if (!(maxNorm2 >= 1 / bound && maxNorm2 <= bound)) return false;
        double zero = _m * MachineEpsilon;
        var (sweeps, rotations) = lanes.Rotate(Tolerance, zero * zero * maxNorm2, MaxSweeps);
        lanes.Arrange();
        CountCall(sweeps, rotations);
        if (deferFinish)
        {
            _scale = 1;
            _finishPending = true;
            return true;
        }
        lanes.Store(_w, _ldm, _v, _ldk);
        return true;
    }

    /// <summary>
    /// Matrices with entries beyond 1e±60 are scaled by a power of two (exact) before rotating: squared column
    /// norms and the products in the rotation test would otherwise overflow or underflow (a 1e-80 matrix found no
    /// pair to rotate). The singular values are scaled back in <see cref="Finish"/>; vectors are unaffected.
    /// </summary>
    private double Rescale()
    {
        double max = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<double>(_t));
        if (!double.IsFinite(max) || max == 0 || (max > 1e-60 && max < 1e60)) return 1;
        double scale = Math.ScaleB(1.0, -Math.ILogB(max));
        for (int i = 0; i < _t.Length; i++) _t[i] *= scale;
        return scale;
    }

    /// <summary>T = A (tall) or A^T (wide), as padded columns whose padding stays zero.</summary>
    private void LoadTall(ReadOnlySpan<double> a, int lda)
    {
        if (!_transposed)
        {
            for (int j = 0; j < _k; j++) a.Slice(j * lda, _m).CopyTo(_t.AsSpan(j * _ldm, _m));
            return;
        }
        for (int j = 0; j < _k; j++)          // column j of A^T = row j of A
            for (int i = 0; i < _m; i++) _t[j * _ldm + i] = a[i * lda + j];
    }

    /// <summary>W = T V with the previous V.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyByV()
    {
        Array.Clear(_w);
        for (int j = 0; j < _k; j++)
            for (int l = 0; l < _k; l++)
            {
                double vlj = _v[j * _ldk + l];
                if (vlj == 0) continue;
                if (_wide) SvdColumns.Axpy512(vlj, _t, l * _ldm, _w, j * _ldm, _ldm);
                else SvdColumns.Axpy(vlj, _t, l * _ldm, _w, j * _ldm, _ldm);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rotate()
    {
        var w = _w.AsSpan();
        var v = _v.AsSpan();
        int rotations = 0, sweep = 0;
        while (true)
        {
            sweep++;
            double maxNorm2 = 0;
            for (int j = 0; j < _k; j++)
            {
                _norm2[j] = _wide ? SvdColumns.Dot512(w, j * _ldm, j * _ldm, _ldm) : SvdColumns.Norm2Squared(w, j * _ldm, _ldm);
                maxNorm2 = Math.Max(maxNorm2, _norm2[j]);
            }
            if (!double.IsFinite(maxNorm2)) break;   // NaN/Inf input: nothing to converge to; callers check finiteness
            double zero = _m * MachineEpsilon;
            double tiny2 = zero * zero * maxNorm2;
            int inSweep = 0;
            double tol2 = Tolerance * Tolerance;
            for (int pair = 0; pair < _pairs.Length; pair += 2)
            {
                int p = _pairs[pair], q = _pairs[pair + 1];
                double ap = _norm2[p], aq = _norm2[q];
                if (ap <= tiny2 || aq <= tiny2) continue;
                double g = _wide ? SvdColumns.Dot512(w, p * _ldm, q * _ldm, _ldm) : SvdColumns.Dot(w, p * _ldm, q * _ldm, _ldm);
                if (g * g <= tol2 * ap * aq) continue;
                double zeta = (aq - ap) / (2 * g);
                double t = Math.Abs(zeta) > 1e150
                    ? 0.5 / zeta
                    : Math.CopySign(1.0, zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                if (_wide)
                {
                    SvdColumns.Rotate512(w, p * _ldm, q * _ldm, c, s, _ldm);
                    SvdColumns.Rotate512(v, p * _ldk, q * _ldk, c, s, _ldk);
                }
                else
                {
                    SvdColumns.Rotate(w, p * _ldm, q * _ldm, c, s, _ldm);
                    SvdColumns.Rotate(v, p * _ldk, q * _ldk, c, s, _ldk);
                }
                _norm2[p] = ap - t * g;
                _norm2[q] = aq + t * g;
                inSweep++;
            }
            rotations += inSweep;
            if (inSweep == 0 || sweep >= MaxSweeps) break;
        }
        CountCall(sweep, rotations);
    }

    /// <summary>The diagnostics of one call, whichever kernel rotated.</summary>
    private void CountCall(int sweeps, int rotations)
    {
        LastSweeps = sweeps;
        LastRotations = rotations;
        TotalCalls++;
        TotalSweeps += sweeps;
        TotalRotations += rotations;
    }

    /// <summary>Completes a deferred call: copies W and V out of the lanes, then <see cref="FinishColumns"/>.</summary>
    private void Finish()
    {
        if (!_finishPending) return;
        _lanes!.Store(_w, _ldm, _v, _ldk);
        _finishPending = false;
        FinishColumns();
    }

    /// <summary>Singular values (exact column norms), descending order, and orthonormal U with completion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FinishColumns()
    {
        var w = _w.AsSpan();
        for (int j = 0; j < _k; j++)
        {
            _norm2[j] = Math.Sqrt(SvdColumns.Norm2Squared(w, j * _ldm, _ldm));
            _order[j] = j;
        }
        // insertion sort of indices by descending sigma (stable: ties keep the column order)
        for (int i = 1; i < _k; i++)
        {
            int idx = _order[i];
            int j = i - 1;
            while (j >= 0 && _norm2[_order[j]] < _norm2[idx]) { _order[j + 1] = _order[j]; j--; }
            _order[j + 1] = idx;
        }
        double smax = _k > 0 ? _norm2[_order[0]] : 0;
        double zero = _m * MachineEpsilon * smax;
        Array.Clear(_u);
        int filled = 0;
        for (int i = 0; i < _k; i++)
        {
            double s = _norm2[_order[i]];
            _sigma[i] = s / _scale;
            if (s > zero && s > 0)
            {
                SvdColumns.Scale(1 / s, _w, _order[i] * _ldm, _u, i * _ldm, _ldm);
                filled++;
            }
        }
        if (filled < _k) CompleteU(filled);
    }

    /// <summary>
    /// Orthonormal completion of U for the numerically-zero singular values: Gram-Schmidt (twice) of canonical
    /// vectors e_0, e_1, ... against the columns already set, keeping the first that keeps more than half its
    /// length. When none of the remaining candidates does (the missing direction spread over many coordinates:
    /// each e_c keeps only |u_missing[c]|, and these can all be below 0.5), the candidate that keeps the most is
    /// taken: over all c the kept squared lengths add up to the number of missing columns, so the best keeps at
    /// least 1/sqrt(m). (Before this fallback such a matrix got a NaN column: run alpha 0.825, beta* 1e-6 of
    /// Fig 6's grid at step 1,904,900, where sigma_10 fell to 1.5e-14.)
    /// </summary>
    private void CompleteU(int filled)
    {
        var u = _u.AsSpan();
        int candidate = 0;
        for (int i = filled; i < _k; i++)
        {
            int col = i * _ldm;
            while (true)
            {
                if (candidate >= _m) { CompleteWithBestCandidate(i); break; }
                double norm = OrthogonalisedCanonical(i, candidate++);
                if (norm > 0.5) { SvdColumns.Scale(1 / norm, _u, col, _u, col, _ldm); break; }
            }
        }
    }

    /// <summary>Column i of U = e_c minus its components along columns 0..i-1 (twice); returns its length.</summary>
    private double OrthogonalisedCanonical(int i, int c)
    {
        var u = _u.AsSpan();
        int col = i * _ldm;
        u.Slice(col, _ldm).Clear();
        u[col + c] = 1;
        for (int pass = 0; pass < 2; pass++)
            for (int j = 0; j < i; j++)
                SvdColumns.Axpy(-SvdColumns.Dot(u, j * _ldm, col, _ldm), _u, j * _ldm, _u, col, _ldm);
        return Math.Sqrt(SvdColumns.Norm2Squared(u, col, _ldm));
    }

    private void CompleteWithBestCandidate(int i)
    {
        int best = 0;
        double bestNorm = -1;
        for (int c = 0; c < _m; c++)
        {
            double norm = OrthogonalisedCanonical(i, c);
            if (norm > bestNorm) (best, bestNorm) = (c, norm);
        }
        double length = OrthogonalisedCanonical(i, best);
        int col = i * _ldm;
        // zero or NaN only with non-finite columns before it: report NaN rather than throw, so the caller's
        // finiteness check (the trainer's divergence detection) handles it
        if (length > 0) SvdColumns.Scale(1 / length, _u, col, _u, col, _ldm);
        else _u.AsSpan(col, _ldm).Fill(double.NaN);
    }

    /// <summary>Wide matrices: <see cref="AddPolarFactor"/> adds whole padded columns with FMAs (~20x faster at 64 x 97)
    /// instead of entry by entry. Off by default, so the runs stored before it keep their last bits; the float
    /// networks' penalty (<c>GroupSvd&lt;float&gt;</c>) turns it on.</summary>
    public bool VectorisedWidePolar { get; set; }

    /// <summary>
    /// <c>dst += scale * U V^T</c> (column-major, leading dimension <paramref name="ldd"/>): the nuclear-norm
    /// subgradient with every singular vector, including those of zero singular values.
    /// </summary>
    public void AddPolarFactor(Span<double> dst, int ldd, double scale)
    {
        // straight from the lanes when no singular value needs the completion of U (every step of the solvers)
        if (_finishPending && _lanes!.AddPolarFactor(dst, ldd, scale)) return;
        AddProduct(dst, ldd, scale, shrink: double.NaN);
    }

    /// <summary>
    /// <c>dst = U max(Sigma - shrink, 0) V^T</c>: singular value thresholding, the proximal operator of
    /// <c>shrink ||.||_*</c>.
    /// </summary>
    public void Threshold(Span<double> dst, int ldd, double shrink)
    {
        for (int j = 0; j < _cols; j++) dst.Slice(j * ldd, _rows).Clear();
        AddProduct(dst, ldd, 1, shrink);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddProduct(Span<double> dst, int ldd, double scale, double shrink)
    {
        if (ldd < _rows) throw new ArgumentOutOfRangeException(nameof(ldd));
        Finish();
        bool vectorised = !_transposed && ldd >= _ldm && dst.Length >= ldd * (_cols - 1) + _ldm;
        // a wide matrix was decomposed as its transpose T = U_T S V_T^T: column c of U V^T = (V_T U_T^T) is
        // sum_i U_T[c, i] v_T,i, whole padded columns of V_T (padding zero, as in the tall case)
        // (the polar factor only: thresholded reconstructions keep their scalar path and so their last bits)
        bool vectorisedWide = _transposed && VectorisedWidePolar && double.IsNaN(shrink) && ldd >= _ldk && dst.Length >= ldd * (_cols - 1) + _ldk;
        for (int i = 0; i < _k; i++)
        {
            double weight = double.IsNaN(shrink) ? scale : scale * Math.Max(_sigma[i] - shrink, 0);
            if (weight == 0) continue;
            int vcol = _order[i] * _ldk, ucol = i * _ldm;
            if (vectorisedWide)
            {
                for (int c = 0; c < _cols; c++)
                {
                    if (_wide) SvdColumns.Axpy512(weight * _u[ucol + c], _v, vcol, dst, c * ldd, _ldk);
                    else SvdColumns.Axpy(weight * _u[ucol + c], _v, vcol, dst, c * ldd, _ldk);
                }
                continue;
            }
            if (vectorised)
            {
                // column j of U V^T is sum_i V[j, i] u_i: whole padded vectors of u (padding is zero)
                for (int j = 0; j < _cols; j++)
                {
                    if (_wide) SvdColumns.Axpy512(weight * _v[vcol + j], _u, ucol, dst, j * ldd, _ldm);
                    else SvdColumns.Axpy(weight * _v[vcol + j], _u, ucol, dst, j * ldd, _ldm);
                }
                continue;
            }
            for (int j = 0; j < _cols; j++)
            {
                double vj = weight * V(j, i);
                for (int r = 0; r < _rows; r++) dst[j * ldd + r] += vj * U(r, i);
            }
        }
    }
}
