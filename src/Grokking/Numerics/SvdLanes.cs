using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grokking.Numerics;

/// <summary>
/// The rotations of <see cref="JacobiSvd"/> with the columns in vector lanes: W and V are stored by rows, one row
/// as 16 lanes (two 512-bit vectors) holding that row's entry of each of the k &lt;= 16 columns. A round-robin
/// round pairs every column with a partner (disjoint pairs), so the whole round is one permutation of each row
/// (lane l meets lane partner(l)), a handful of vector FMAs per row and one vectorised computation of all the
/// rotation parameters: no horizontal sums, no per-pair branches and no dependency chain from one pair to the
/// next. The scalar kernel spends ~23 ns per 10 x 10 rotation, mostly latency (dot, sum, divide, square roots);
/// a round of five rotations here takes ~48 ns, a round of the 8 low lanes ~28 ns (docs/BENCHMARKS.md).
/// </summary>
/// <remarks>
/// <para>Both lanes of a pair compute the same parameters from the same numbers: the dot product
/// <c>g = sum_i w_ip w_iq</c> sums the same products in the same order in lane p and lane q, and each lane's norm
/// difference <c>a_partner - a_self</c> is the other's negated, exactly. Lane p then applies <c>c w_p - s w_q</c> and
/// lane q <c>c w_q + s w_p</c>: an exact plane rotation, as in the scalar kernel (<see cref="Parameters"/>).</para>
/// <para>The rotation is <c>t = h / (d + sign(d) sqrt(d^2 + h^2))</c> with <c>d = a_q - a_p</c> and
/// <c>h = 2 g</c>, the scalar kernel's <c>t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2))</c>, <c>zeta = d / h</c>,
/// without the quotient (one division fewer on the critical path). d^2 overflows for column norms above ~1e77,
/// so <see cref="JacobiSvd"/> uses this kernel only for matrices of moderate scale.</para>
/// <para>For 10 columns (the figures' 10 x 10 iterates: A*'s two values and eight small ones) the two large
/// columns are decoupled from the rest by block rotations (<see cref="Deflate"/>) instead of full sweeps, and
/// the eight small ones, which every solver step scrambles afresh (they are nearly equal and the step moves
/// them by about their gaps), are swept in the low lanes alone (<see cref="LowSweep"/>).</para>
/// </remarks>
internal sealed class SvdLanes
{
    public const int Width = 16;
    private const int Half = 8;

    /// <summary>Whether this machine runs the kernel (AVX-512F permutes of two registers).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    private readonly int _m, _k, _rounds, _loRounds, _ldu;
    private readonly double[] _w, _v;
    private readonly double[] _ut;                 // scratch: U^T, one padded row of m entries per column
    private readonly long[] _partner, _loPartner;  // per round: partner lane of each lane (16 for full rounds, 8 for lo rounds)
    private readonly double[] _role, _loRole;      // per round and lane: +1 lower index of a pair, -1 upper, 0 no partner

    public SvdLanes(int m, int k)
    {
        if (k > Width) throw new ArgumentOutOfRangeException(nameof(k), $"at most {Width} columns");
        (_m, _k) = (m, k);
        _w = new double[m * Width];
        _v = new double[k * Width];
        _ldu = SvdColumns.Pad(m);
        _ut = new double[k * _ldu];
        (_partner, _role, _rounds) = BuildRounds(k, Width);
        (_loPartner, _loRole, _loRounds) = BuildRounds(Math.Min(k, Half), Half);
    }

    /// <summary>
    /// Round-robin (circle method) pairings of <paramref name="columns"/> columns, as lane permutations of
    /// <paramref name="width"/> lanes: every pair of columns meets once per sweep.
    /// </summary>
    private static (long[] Partner, double[] Role, int Rounds) BuildRounds(int columns, int width)
    {
        int players = columns + (columns & 1);
        int rounds = Math.Max(players - 1, 0);
        var partners = new long[rounds * width];
        var roles = new double[rounds * width];
        var circle = Enumerable.Range(0, players).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            var partner = partners.AsSpan(round * width, width);
            for (int l = 0; l < width; l++) partner[l] = l;
            for (int i = 0; i < players / 2; i++)
            {
                int p = Math.Min(circle[i], circle[players - 1 - i]), q = Math.Max(circle[i], circle[players - 1 - i]);
                if (q >= columns) continue;                    // the bye of an odd count
                (partner[p], partner[q]) = (q, p);
                roles[round * width + p] = 1;
                roles[round * width + q] = -1;
            }
            int last = circle[players - 1];
            for (int i = players - 1; i > 1; i--) circle[i] = circle[i - 1];
            if (players > 1) circle[1] = last;
        }
        return (partners, roles, rounds);
    }

    /// <summary>Cold start: W = T (column-major, leading dimension <paramref name="ldt"/>), V = I.</summary>
    public void LoadCold(ReadOnlySpan<double> t, int ldt)
    {
        Array.Clear(_w);
        Array.Clear(_v);
        for (int i = 0; i < _m; i++)
            for (int j = 0; j < _k; j++) _w[i * Width + j] = t[j * ldt + i];
        for (int j = 0; j < _k; j++) _v[j * Width + j] = 1;
    }

    /// <summary>Warm start: W = T V with the V of the previous call (rows of W are combinations of rows of V).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LoadWarm(ReadOnlySpan<double> t, int ldt)
    {
        if (t.Length < (_k - 1) * ldt + _m) throw new ArgumentException("matrix span too short", nameof(t));
        ref double rt = ref MemoryMarshal.GetReference(t);
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        for (int i = 0; i < _m; i++)
        {
            var lo = Vector512<double>.Zero;
            var hi = Vector512<double>.Zero;
            for (int l = 0; l < _k; l++)
            {
                var x = Vector512.Create(Unsafe.Add(ref rt, l * ldt + i));
                lo = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref rv, (nuint)(l * Width)), lo);
                hi = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref rv, (nuint)(l * Width + Half)), hi);
            }
            lo.StoreUnsafe(ref rw, (nuint)(i * Width));
            hi.StoreUnsafe(ref rw, (nuint)(i * Width + Half));
        }
    }

    /// <summary>Largest squared column norm of W (the caller checks the scale before rotating).</summary>
    public double MaxNorm2()
    {
        var (lo, hi) = ColumnNorms2();
        return MaxLane(Vector512.Max(lo, hi));
    }

    /// <summary>Squared column norms of W: lanes 0..7 and 8..15 (zero beyond k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector512<double> Lo, Vector512<double> Hi) ColumnNorms2()
    {
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        var lo = Vector512<double>.Zero;
        var hi = Vector512<double>.Zero;
        for (int i = 0; i < _m; i++)
        {
            var a = Vector512.LoadUnsafe(ref rw, (nuint)(i * Width));
            var b = Vector512.LoadUnsafe(ref rw, (nuint)(i * Width + Half));
            lo = Vector512.FusedMultiplyAdd(a, a, lo);
            hi = Vector512.FusedMultiplyAdd(b, b, hi);
        }
        return (lo, hi);
    }

    private static double MaxLane(Vector512<double> x)
    {
        double best = x[0];
        for (int i = 1; i < Half; i++) best = Math.Max(best, x[i]);
        return best;
    }

    /// <summary>
    /// A full sweep whose pairs with the high lanes (columns 8..k-1) all had cosines below this is followed by
    /// sweeps of the low lanes only: Jacobi converges quadratically for well separated columns, so those pairs
    /// are left at cosines of order 1e-16, and rotations among the low columns only mix their (tiny) components
    /// along the high ones.
    /// </summary>
    public const double SettleCosine = 1e-8;

    /// <summary>Squared cosine below which a low-lane sweep's largest rotation ends the sweeps without a sweep that
    /// finds nothing to rotate: Jacobi converges quadratically, so the sweep left cosines of ~1e-16 over the
    /// relative gap (saves ~0.3 of the ~5 sweeps of a recovered nuclear-norm iterate; the solver's polar factor
    /// stays within the ~1e-9 to which the two kernels differ anyway: <c>Grokking.Bench polar</c>).</summary>
    private const double PredictCos2 = 1e-16;

    /// <summary>Running totals of the two kinds of sweep (diagnostics).</summary>
    public long FullSweeps { get; private set; }
    public long LowSweeps { get; private set; }

    /// <summary>
    /// Sweeps until everything is converged: the same rotation test as the scalar kernel (pair (p, q) rotates
    /// when both columns are above <paramref name="tiny2"/> and <c>g^2 &gt; tol^2 a_p a_q</c>), stopping after a
    /// sweep without rotations (or one whose rotations were all tiny, <see cref="PredictCos2"/>). With 10
    /// columns, deflation first decouples the two high lanes; otherwise, with more than 8 columns, full sweeps run
    /// until the pairs of the high lanes settle (<see cref="SettleCosine"/>). Then the low 8 columns, one 512-bit
    /// vector per row, are swept alone to convergence. <see cref="Arrange"/> keeps the largest columns in the high
    /// lanes, the well separated ones in the nuclear-norm iterates. Full sweeps alone needed 2 sweeps early in a
    /// run and 4 late before those columns settled (rotations inside the small cluster kept mixing their
    /// components back); deflation takes 2-3 block rotations. Returns (sweeps, rotations), deflation counted as
    /// one sweep.
    /// </summary>
    public (int Sweeps, int Rotations) Rotate(double tolerance, double tiny2, int maxSweeps)
    {
        int sweeps = 0, rotations = 0;
        if (_k == Half + 2 && Deflate(tolerance, tiny2, ref rotations)) sweeps++;
        else if (_k > Half)
        {
            while (sweeps < maxSweeps)
            {
                sweeps++;
                FullSweeps++;
                var (rotated, highSettled) = FullSweep(tolerance, tiny2);
                rotations += rotated;
                if (rotated == 0) return (sweeps, rotations);
                if (highSettled) break;
            }
        }
        while (sweeps < maxSweeps)
        {
            sweeps++;
            LowSweeps++;
            var (rotated, largest2) = LowSweep(tolerance, tiny2);
            rotations += rotated;
            if (rotated == 0 || largest2 < PredictCos2) break;
        }
        return (sweeps, rotations);
    }

    /// <summary>Deflation passes applied (diagnostics).</summary>
    public long DeflationPasses { get; private set; }

    /// <summary>Largest block-rotation coefficient a deflation pass applies: the series for the rotation's blocks
    /// are exact to O(x^6) = 1e-18 here; larger couplings (columns not yet separated) go to full sweeps.</summary>
    private const double DeflationLimit = 1e-3;
    private const int MaxDeflationPasses = 4;

    /// <summary>Largest ratio of a small column's squared norm to the large pair's smallest eigenvalue for which
    /// deflation runs (singular values half as large): passes shrink the couplings by the off-diagonal of S^T S
    /// over the gaps, which is small once warm-started (the plateau of a nuclear-norm run, ratios ~0.04), and
    /// quadratically in the recovered phase (ratios ~1e-12). Convergence is checked, not assumed.</summary>
    private const double DeflationSeparation = 0.25;

    /// <summary>
    /// For k = 10 (two high lanes): decouples the two large columns from the eight small ones by block rotations
    /// (<see cref="DeflationPass"/>), then rotates the large pair alone. Returns false (the caller goes on with
    /// full sweeps from the state reached, which is an exact orthogonal transform of the start) when the columns
    /// are not separated enough or do not settle within <see cref="MaxDeflationPasses"/> passes.
    /// </summary>
    private bool Deflate(double tolerance, double tiny2, ref int rotations)
    {
        for (int pass = 0; pass < MaxDeflationPasses; pass++)
        {
            int outcome = DeflationPass(tolerance, tiny2);
            if (outcome < 0) return false;
            if (outcome < 2) DeflationPasses++;
            if (outcome > 0)
            {
                rotations += RotateHighPair(tolerance, tiny2);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One block rotation that makes the large columns B (lanes 8, 9) orthogonal to the small ones S (lanes 0..7):
    /// W &lt;- W Q, V &lt;- V Q with Q = exp([[0, -X^T], [X, 0]]), X (8 x 2) solving the first-order condition
    /// (M_bb - m_j I) X^T e_j = B^T s_j column by column (M_bb = B^T B, m_j = |s_j|^2: the Jacobi angles of all 16
    /// pairs at once, with the large pair's coupling inside M_bb). The blocks of Q are functions of T = X^T X
    /// (2 x 2): cos(sqrt T), sinc(sqrt T) and (cos(sqrt T) - 1) / T by their series to T^2, exact to O(|X|^6).
    /// The rotation leaves B^T S at O(|X| |S|^2), so passes converge quadratically once the small columns are much
    /// smaller than the large ones (the nuclear-norm iterates: ~1e-5 against ~7). Returns -1 (nothing done) when
    /// the columns are not separated (<see cref="DeflationSeparation"/>) or some |X| exceeds
    /// <see cref="DeflationLimit"/>, 2 (nothing done) when no pair needs a rotation by the test of the sweeps, 1
    /// when the bound on what this pass leaves (7 rho cos + cos^2, the off-diagonal of S^T S taken at its largest)
    /// is below the tolerance, else 0 (the next pass measures what is left).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DeflationPass(double tolerance, double tiny2)
    {
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        var zero = Vector512<double>.Zero;
        // B^T S (two vectors over the small columns), |s_j|^2, and M_bb from the (b0, b1) pairs; even and odd rows
        // in separate sums (shorter FMA chains)
        var c0 = zero; var c1 = zero; var n = zero; var c0b = zero; var c1b = zero; var nb = zero;
        var diag = Vector128<double>.Zero; var off = Vector128<double>.Zero;
        int i = 0;
        for (; i + 1 < _m; i += 2)
        {
            nuint o = (nuint)(i * Width);
            var s = Vector512.LoadUnsafe(ref rw, o);
            var t = Vector512.LoadUnsafe(ref rw, o + Width);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rw, o + Half)), s, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rw, o + Half + 1)), s, c1);
            n = Vector512.FusedMultiplyAdd(s, s, n);
            c0b = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rw, o + Width + Half)), t, c0b);
            c1b = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rw, o + Width + Half + 1)), t, c1b);
            nb = Vector512.FusedMultiplyAdd(t, t, nb);
            var b = Vector128.LoadUnsafe(ref rw, o + Half);
            var bt = Vector128.LoadUnsafe(ref rw, o + Width + Half);
            diag = Vector128.FusedMultiplyAdd(b, b, Vector128.FusedMultiplyAdd(bt, bt, diag));
            off = Vector128.FusedMultiplyAdd(b, Swap(b), Vector128.FusedMultiplyAdd(bt, Swap(bt), off));
        }
        if (i < _m)
        {
            nuint o = (nuint)(i * Width);
            var s = Vector512.LoadUnsafe(ref rw, o);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rw, o + Half)), s, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref rw, o + Half + 1)), s, c1);
            n = Vector512.FusedMultiplyAdd(s, s, n);
            var b = Vector128.LoadUnsafe(ref rw, o + Half);
            diag = Vector128.FusedMultiplyAdd(b, b, diag);
            off = Vector128.FusedMultiplyAdd(b, Swap(b), off);
        }
        c0 += c0b; c1 += c1b; n += nb;
        double g00 = diag.ToScalar(), g11 = diag.GetElement(1), g01 = off.ToScalar();
        var tol2 = Vector512.Create(tolerance * tolerance);
        var small = Vector512.LessThanOrEqual(n, Vector512.Create(tiny2));
        var big0 = Vector512.Create(g00);
        var big1 = Vector512.Create(g11);
        if (Vector512.EqualsAll(small | (Vector512.LessThanOrEqual(c0 * c0, tol2 * big0 * n)
                                         & Vector512.LessThanOrEqual(c1 * c1, tol2 * big1 * n)), Vector512<double>.AllBitsSet))
            return 2;
        // separation rho = max |s_j|^2 / lambda_min(M_bb): a pass leaves cosines <= ~7 rho cos + cos^2 (the
        // off-diagonal of S^T S, which the column-by-column solve ignores, is below 7 max |s_j|^2)
        double lambdaMin = (g00 + g11) / 2 - Math.Sqrt((g00 - g11) * (g00 - g11) / 4 + g01 * g01);
        double rho = MaxAcross(n) / lambdaMin;
        if (!(rho <= DeflationSeparation)) return -1;
        var cos2 = Vector512.ConditionalSelect(small, Vector512<double>.Zero, Vector512.Max(c0 * c0 / (big0 * n), c1 * c1 / (big1 * n)));
        double cos = Math.Sqrt(MaxAcross(cos2));
        bool settled = 7 * rho * cos + cos * cos <= tolerance;
        var e0 = Vector512.Create(g00) - n;
        var e1 = Vector512.Create(g11) - n;
        var h = Vector512.Create(g01);
        var det = e0 * e1 - h * h;
        var x0 = (e1 * c0 - h * c1) / det;
        var x1 = (e0 * c1 - h * c0) / det;
        var largest = Vector512.Max(Vector512.Abs(x0), Vector512.Abs(x1));
        if (!Vector512.LessThanOrEqualAll(largest, Vector512.Create(DeflationLimit))) return -1;   // NaN too
        var diagT = SumPair(x0 * x0, x1 * x1);
        double t00 = diagT.ToScalar(), t11 = diagT.GetElement(1);
        double t01 = Vector512.Sum(x0 * x1);
        // T^2 of the symmetric T = [[t00, t01], [t01, t11]]
        double q00 = t00 * t00 + t01 * t01, q01 = t01 * (t00 + t11), q11 = t01 * t01 + t11 * t11;
        var cb = new Sym2(1 - t00 / 2 + q00 / 24, -t01 / 2 + q01 / 24, 1 - t11 / 2 + q11 / 24);
        var sb = new Sym2(1 - t00 / 6 + q00 / 120, -t01 / 6 + q01 / 120, 1 - t11 / 6 + q11 / 120);
        var gs = new Sym2(-0.5 + t00 / 24 - q00 / 720, t01 / 24 - q01 / 720, -0.5 + t11 / 24 - q11 / 720);
        ApplyBlockRotation(ref rw, _m, x0, x1, cb, sb, gs);
        ApplyBlockRotation(ref MemoryMarshal.GetArrayDataReference(_v), _k, x0, x1, cb, sb, gs);
        return settled ? 1 : 0;
    }

    /// <summary>A symmetric 2 x 2 matrix [[A, B], [B, C]] as the two vectors its product with a 2-vector takes.</summary>
    private readonly struct Sym2(double a, double b, double c)
    {
        public readonly Vector128<double> Diagonal = Vector128.Create(a, c);
        public readonly Vector128<double> Off = Vector128.Create(b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<double> Times(Vector128<double> x) => Vector128.FusedMultiplyAdd(Diagonal, x, Off * Swap(x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Swap(Vector128<double> x) => Vector128.Shuffle(x, Vector128.Create(1L, 0L));

    /// <summary>Row by row, [b | s] &lt;- [b | s] Q: b' = b cos + p sinc, s' = s + (p g - b sinc) X^T with p = s X
    /// (b, p and the coefficients u as 2-vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ApplyBlockRotation(ref double r, int rows, Vector512<double> x0, Vector512<double> x1, Sym2 cb, Sym2 sb, Sym2 gs)
    {
        for (int i = 0; i < rows; i++)
        {
            nuint o = (nuint)(i * Width);
            var s = Vector512.LoadUnsafe(ref r, o);
            var b = Vector128.LoadUnsafe(ref r, o + Half);
            var p = SumPair(s * x0, s * x1);
            (cb.Times(b) + sb.Times(p)).StoreUnsafe(ref r, o + Half);
            var u = gs.Times(p) - sb.Times(b);
            Vector512.FusedMultiplyAdd(Vector512.Create(u.GetElement(1)), x1, Vector512.FusedMultiplyAdd(Vector512.Create(u.ToScalar()), x0, s))
                .StoreUnsafe(ref r, o);
        }
    }

    /// <summary>The lane sums of two vectors at once: one add of interleaved pairs, then two halvings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> SumPair(Vector512<double> a, Vector512<double> b)
    {
        var pairs = Avx512F.UnpackLow(a, b) + Avx512F.UnpackHigh(a, b);      // (a0+a1, b0+b1, a2+a3, b2+b3, ...)
        var quad = pairs.GetLower() + pairs.GetUpper();
        return quad.GetLower() + quad.GetUpper();
    }

    /// <summary>Smallest and largest lane (x86 min/max, for finite lanes; <see cref="MaxLane"/> where NaN must carry
    /// through).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MinAcross(Vector512<double> x)
    {
        var four = Avx.Min(x.GetLower(), x.GetUpper());
        var two = Sse2.Min(four.GetLower(), four.GetUpper());
        return Sse2.MinScalar(two, Swap(two)).ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MaxAcross(Vector512<double> x)
    {
        var four = Avx.Max(x.GetLower(), x.GetUpper());
        var two = Sse2.Max(four.GetLower(), four.GetUpper());
        return Sse2.MaxScalar(two, Swap(two)).ToScalar();
    }

    /// <summary>Jacobi rotations of the two high lanes alone until they are orthogonal: one rotation, as the large
    /// singular values are well separated (a rotation from a cosine below 1e-8 ends it, as in the sweeps,
    /// <see cref="PredictCos2"/>). Returns the rotations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RotateHighPair(double tolerance, double tiny2)
    {
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        var idx = Vector512.Create(1L, 0, 2, 3, 4, 5, 6, 7);
        var role = Vector512.Create(1.0, -1, 0, 0, 0, 0, 0, 0);
        var tol2 = Vector512.Create(tolerance * tolerance);
        var tiny = Vector512.Create(tiny2);
        int rotations = 0;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var g = Vector512<double>.Zero; var n = Vector512<double>.Zero;
            for (int i = 0; i < _m; i++)
            {
                var a = Vector512.LoadUnsafe(ref rw, (nuint)(i * Width + Half));
                g = Vector512.FusedMultiplyAdd(a, Avx512F.PermuteVar8x64(a, idx), g);
                n = Vector512.FusedMultiplyAdd(a, a, n);
            }
            var partner = Avx512F.PermuteVar8x64(n, idx);
            var (c, ns, rot) = Parameters(g, n, partner, role, tol2, tiny, Vector512<double>.One);
            if (rot.ExtractMostSignificantBits() == 0) break;
            rotations++;
            RotateLowRows(ref Unsafe.Add(ref rw, Half), _m, idx, c, ns);
            RotateLowRows(ref Unsafe.Add(ref rv, Half), _k, idx, c, ns);
            double g0 = g.ToScalar();
            if (g0 * g0 < PredictCos2 * n.ToScalar() * partner.ToScalar()) break;
        }
        return rotations;
    }

    /// <summary>One sweep over all k columns (two vectors per row). Returns the rotations and whether every pair
    /// with a high lane had a cosine below <see cref="SettleCosine"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Rotations, bool HighSettled) FullSweep(double tolerance, double tiny2)
    {
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        ref long rpart = ref MemoryMarshal.GetArrayDataReference(_partner);
        ref double rrole = ref MemoryMarshal.GetArrayDataReference(_role);
        var tol2 = Vector512.Create(tolerance * tolerance);
        var settle2 = Vector512.Create(SettleCosine * SettleCosine);
        var tiny = Vector512.Create(tiny2);
        var one = Vector512<double>.One;
        var zero = Vector512<double>.Zero;
        var hiLarge = zero;
        int inSweep = 0;
        for (int round = 0; round < _rounds; round++)
        {
            var idxLo = Vector512.LoadUnsafe(ref rpart, (nuint)(round * Width));
            var idxHi = Vector512.LoadUnsafe(ref rpart, (nuint)(round * Width + Half));
            // dot products with the partner column and the column norms, all lanes at once; two accumulators
            // per sum (even and odd rows) halve the FMA latency chain, which is on the critical path
            var gLo = zero; var gHi = zero; var nLo = zero; var nHi = zero;
            var gLo2 = zero; var gHi2 = zero; var nLo2 = zero; var nHi2 = zero;
            int i = 0;
            for (; i + 1 < _m; i += 2)
            {
                nuint o = (nuint)(i * Width);
                var a = Vector512.LoadUnsafe(ref rw, o);
                var b = Vector512.LoadUnsafe(ref rw, o + Half);
                var a2 = Vector512.LoadUnsafe(ref rw, o + Width);
                var b2 = Vector512.LoadUnsafe(ref rw, o + Width + Half);
                gLo = Vector512.FusedMultiplyAdd(a, Avx512F.PermuteVar8x64x2(a, idxLo, b), gLo);
                gHi = Vector512.FusedMultiplyAdd(b, Avx512F.PermuteVar8x64x2(a, idxHi, b), gHi);
                nLo = Vector512.FusedMultiplyAdd(a, a, nLo);
                nHi = Vector512.FusedMultiplyAdd(b, b, nHi);
                gLo2 = Vector512.FusedMultiplyAdd(a2, Avx512F.PermuteVar8x64x2(a2, idxLo, b2), gLo2);
                gHi2 = Vector512.FusedMultiplyAdd(b2, Avx512F.PermuteVar8x64x2(a2, idxHi, b2), gHi2);
                nLo2 = Vector512.FusedMultiplyAdd(a2, a2, nLo2);
                nHi2 = Vector512.FusedMultiplyAdd(b2, b2, nHi2);
            }
            if (i < _m)
            {
                nuint o = (nuint)(i * Width);
                var a = Vector512.LoadUnsafe(ref rw, o);
                var b = Vector512.LoadUnsafe(ref rw, o + Half);
                gLo = Vector512.FusedMultiplyAdd(a, Avx512F.PermuteVar8x64x2(a, idxLo, b), gLo);
                gHi = Vector512.FusedMultiplyAdd(b, Avx512F.PermuteVar8x64x2(a, idxHi, b), gHi);
                nLo = Vector512.FusedMultiplyAdd(a, a, nLo);
                nHi = Vector512.FusedMultiplyAdd(b, b, nHi);
            }
            gLo += gLo2; gHi += gHi2; nLo += nLo2; nHi += nHi2;
            var partnerHi = Avx512F.PermuteVar8x64x2(nLo, idxHi, nHi);
            var roleLo = Vector512.LoadUnsafe(ref rrole, (nuint)(round * Width));
            var roleHi = Vector512.LoadUnsafe(ref rrole, (nuint)(round * Width + Half));
            var (cLo, nsLo, rotLo) = Parameters(gLo, nLo, Avx512F.PermuteVar8x64x2(nLo, idxLo, nHi), roleLo, tol2, tiny, one);
            var (cHi, nsHi, rotHi) = Parameters(gHi, nHi, partnerHi, roleHi, tol2, tiny, one);
            hiLarge |= Vector512.GreaterThan(gHi * gHi, settle2 * nHi * partnerHi) & ~Vector512.Equals(roleHi, zero);
            int count = BitOperations.PopCount(rotLo.ExtractMostSignificantBits()) + BitOperations.PopCount(rotHi.ExtractMostSignificantBits());
            if (count == 0) continue;
            inSweep += count / 2;
            // (lane l) <- c_l w_l - s_l w_partner(l) on every row of W and of V; the permutes are redone rather
            // than kept from the dot products (one operation instead of a store and a load)
            RotateRows(ref rw, _m, idxLo, idxHi, cLo, nsLo, cHi, nsHi);
            RotateRows(ref rv, _k, idxLo, idxHi, cLo, nsLo, cHi, nsHi);
        }
        return (inSweep, Vector512.EqualsAll(hiLarge, zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RotateRows(ref double r, int rows, Vector512<long> idxLo, Vector512<long> idxHi,
        Vector512<double> cLo, Vector512<double> nsLo, Vector512<double> cHi, Vector512<double> nsHi)
    {
        for (int i = 0; i < rows; i++)
        {
            nuint o = (nuint)(i * Width);
            var a = Vector512.LoadUnsafe(ref r, o);
            var b = Vector512.LoadUnsafe(ref r, o + Half);
            var pa = Avx512F.PermuteVar8x64x2(a, idxLo, b);
            var pb = Avx512F.PermuteVar8x64x2(a, idxHi, b);
            Vector512.FusedMultiplyAdd(cLo, a, nsLo * pa).StoreUnsafe(ref r, o);
            Vector512.FusedMultiplyAdd(cHi, b, nsHi * pb).StoreUnsafe(ref r, o + Half);
        }
    }

    /// <summary>One sweep over the low min(k, 8) columns: one vector per row, the high lanes untouched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Rotations, double LargestCosine2) LowSweep(double tolerance, double tiny2)
    {
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        ref long rpart = ref MemoryMarshal.GetArrayDataReference(_loPartner);
        ref double rrole = ref MemoryMarshal.GetArrayDataReference(_loRole);
        var tol2 = Vector512.Create(tolerance * tolerance);
        var tiny = Vector512.Create(tiny2);
        var one = Vector512<double>.One;
        var zero = Vector512<double>.Zero;
        int inSweep = 0;
        var largest = zero;
        for (int round = 0; round < _loRounds; round++)
        {
            var idx = Vector512.LoadUnsafe(ref rpart, (nuint)(round * Half));
            var g = zero; var n = zero; var g2 = zero; var n2 = zero;
            int i = 0;
            for (; i + 1 < _m; i += 2)
            {
                var a = Vector512.LoadUnsafe(ref rw, (nuint)(i * Width));
                var a2 = Vector512.LoadUnsafe(ref rw, (nuint)(i * Width + Width));
                g = Vector512.FusedMultiplyAdd(a, Avx512F.PermuteVar8x64(a, idx), g);
                n = Vector512.FusedMultiplyAdd(a, a, n);
                g2 = Vector512.FusedMultiplyAdd(a2, Avx512F.PermuteVar8x64(a2, idx), g2);
                n2 = Vector512.FusedMultiplyAdd(a2, a2, n2);
            }
            if (i < _m)
            {
                var a = Vector512.LoadUnsafe(ref rw, (nuint)(i * Width));
                g = Vector512.FusedMultiplyAdd(a, Avx512F.PermuteVar8x64(a, idx), g);
                n = Vector512.FusedMultiplyAdd(a, a, n);
            }
            g += g2; n += n2;
            var role = Vector512.LoadUnsafe(ref rrole, (nuint)(round * Half));
            var partner = Avx512F.PermuteVar8x64(n, idx);
            var (c, ns, rot) = Parameters(g, n, partner, role, tol2, tiny, one);
            int count = BitOperations.PopCount(rot.ExtractMostSignificantBits());
            if (count == 0) continue;
            inSweep += count / 2;
            largest = Vector512.Max(largest, Vector512.ConditionalSelect(rot, g * g / (n * partner), zero));
            RotateLowRows(ref rw, _m, idx, c, ns);
            RotateLowRows(ref rv, _k, idx, c, ns);
        }
        return (inSweep, MaxAcross(largest));
    }

    /// <summary>The low half of every row: (lane l) &lt;- c_l w_l - s_l w_partner(l).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RotateLowRows(ref double r, int rows, Vector512<long> idx, Vector512<double> c, Vector512<double> ns)
    {
        for (int i = 0; i < rows; i++)
        {
            nuint o = (nuint)(i * Width);
            var a = Vector512.LoadUnsafe(ref r, o);
            Vector512.FusedMultiplyAdd(c, a, ns * Avx512F.PermuteVar8x64(a, idx)).StoreUnsafe(ref r, o);
        }
    }

    /// <summary>
    /// Moves the largest k - 8 columns (by norm) into the high lanes, swapping columns of W and V (the column order
    /// of a one-sided Jacobi SVD is free; <see cref="JacobiSvd"/> sorts afterwards). Warm-started calls then find
    /// the well separated columns where <see cref="Rotate"/> expects them.
    /// </summary>
    public void Arrange()
    {
        if (_k <= Half) return;
        var (lo, hi) = ColumnNorms2();
        // the usual case, nothing to move: every high column at least as long as every low one
        var highLanes = Vector512.LessThan(Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((long)(_k - Half))).AsDouble();
        var high = Vector512.ConditionalSelect(highLanes, hi, Vector512.Create(double.PositiveInfinity));
        if (Vector512.LessThanOrEqualAll(lo, Vector512.Create(MinAcross(high)))) return;
        Span<double> norm = stackalloc double[Width];
        lo.CopyTo(norm);
        hi.CopyTo(norm[Half..]);
        for (int move = Half; move < _k; move++)
        {
            // the largest low column replaces a high column smaller than it
            int best = 0;
            for (int j = 1; j < Half; j++) if (norm[j] > norm[best]) best = j;
            int smallest = Half;
            for (int j = Half + 1; j < _k; j++) if (norm[j] < norm[smallest]) smallest = j;
            if (norm[best] <= norm[smallest]) break;
            SwapColumns(best, smallest);
            (norm[best], norm[smallest]) = (norm[smallest], norm[best]);
        }
    }

    private void SwapColumns(int p, int q)
    {
        for (int i = 0; i < _m; i++) (_w[i * Width + p], _w[i * Width + q]) = (_w[i * Width + q], _w[i * Width + p]);
        for (int i = 0; i < _k; i++) (_v[i * Width + p], _v[i * Width + q]) = (_v[i * Width + q], _v[i * Width + p]);
    }

    /// <summary>
    /// Per lane: cosine c and the negated signed sine -s of the pair's rotation (c = 1, s = 0 where the pair does
    /// not rotate), and the mask of rotating lanes; lane l then takes <c>c w_l - s w_partner(l)</c>.
    /// <paramref name="role"/> is +1 / -1 / 0 (lower / upper / no partner).
    /// </summary>
    /// <remarks>With d = a_q - a_p and h = 2 g: t = tan(theta) = sign(d) h / (|d| + r), r = sqrt(d^2 + h^2), and
    /// 1 + t^2 = 2 r (r + |d|) / (|d| + r)^2, so c = (r + |d|) / sq and s = sign(d) h / sq with sq = sqrt(2 r (r + |d|)):
    /// two square roots and one division deep. Each lane works with its own difference e = a_partner - a_self, which is
    /// d in lane p and -d in lane q (exactly): e^2 and |e| are the same in both, and sign(e) h / sq is s in lane p and
    /// -s in lane q, the signs the two halves of the rotation take. So neither the role nor a negation sits on the
    /// round's critical path (a round is latency-bound).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> C, Vector512<double> NegS, Vector512<double> Rotates) Parameters(
        Vector512<double> g, Vector512<double> self, Vector512<double> partner, Vector512<double> role,
        Vector512<double> tol2, Vector512<double> tiny2, Vector512<double> one)
    {
        var rotates = Vector512.GreaterThan(g * g, tol2 * self * partner)
                      & Vector512.GreaterThan(self, tiny2) & Vector512.GreaterThan(partner, tiny2)
                      & ~Vector512.Equals(role, Vector512<double>.Zero);
        var e = partner - self;
        var h = g + g;
        var negSignedH = -(h * Vector512.CopySign(one, e));
        var r = Vector512.Sqrt(Vector512.FusedMultiplyAdd(e, e, h * h));
        var rd = r + Vector512.Abs(e);
        var sq = Vector512.Sqrt((r + r) * rd);
        return (Vector512.ConditionalSelect(rotates, rd / sq, one),
                Vector512.ConditionalSelect(rotates, negSignedH / sq, Vector512<double>.Zero), rotates);
    }

    /// <summary>
    /// <c>dst += scale U V^T</c> with <c>U = W diag(1/sigma)</c> straight from the lanes (dst column-major, the
    /// matrix in the lanes, not its transpose). Returns false, touching nothing, when some column is numerically
    /// zero (sigma &lt;= m eps sigma_max, the threshold of <see cref="JacobiSvd"/>): its u needs the orthonormal
    /// completion, which the caller does. The order of the columns is irrelevant to the sum, so nothing is sorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool AddPolarFactor(Span<double> dst, int ldd, double scale)
    {
        int m = _m, k = _k, ldu = _ldu;
        if (ldd < ldu || dst.Length < (k - 1) * ldd + ldu) return false;
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        var (lo, hi) = ColumnNorms2();
        // every sigma_j above the zero threshold (lanes >= k hold zeros and are not asked)
        double zero = m * JacobiSvd.MachineEpsilon;
        var zero2 = Vector512.Create(zero * zero * MaxLane(Vector512.Max(lo, hi)));
        uint above = (uint)(Vector512.GreaterThan(lo, zero2).ExtractMostSignificantBits()
                            | Vector512.GreaterThan(hi, zero2).ExtractMostSignificantBits() << Half);
        uint wanted = (1u << k) - 1;
        if ((above & wanted) != wanted) return false;
        var vs = Vector512.Create(scale);
        if (m == 10 && k == 10 && ldu == 12)
        {
            AddPolarFactorTen(dst, ldd, vs / Vector512.Sqrt(lo), vs / Vector512.Sqrt(hi));
            return true;
        }
        Span<double> weight = stackalloc double[Width];
        (vs / Vector512.Sqrt(lo)).CopyTo(weight);
        (vs / Vector512.Sqrt(hi)).CopyTo(weight[Half..]);
        // U^T scaled by the weights: row j = (scale / sigma_j) w_j, padded with zeros to ldu
        ref double rut = ref MemoryMarshal.GetArrayDataReference(_ut);
        ref double rweight = ref MemoryMarshal.GetReference(weight);
        for (int j = 0; j < k; j++)
        {
            double wj = Unsafe.Add(ref rweight, j);
            ref double row = ref Unsafe.Add(ref rut, j * ldu);
            ref double col = ref Unsafe.Add(ref rw, j);
            for (int i = 0; i < m; i++) Unsafe.Add(ref row, i) = wj * Unsafe.Add(ref col, i * Width);
        }
        // column c of U V^T = sum_j V[c, j] u_j, whole padded vectors (the padding of U^T rows is zero)
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double rd = ref MemoryMarshal.GetReference(dst);
        for (int c = 0; c < k; c++)
        {
            ref double vrow = ref Unsafe.Add(ref rv, c * Width);
            ref double dcol = ref Unsafe.Add(ref rd, c * ldd);
            int chunk = 0;
            for (; chunk + Half <= ldu; chunk += Half)
            {
                var acc = Vector512.LoadUnsafe(ref dcol, (nuint)chunk);
                ref double u = ref Unsafe.Add(ref rut, chunk);
                for (int j = 0; j < k; j++)
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref vrow, j)), Vector512.LoadUnsafe(ref u, (nuint)(j * ldu)), acc);
                acc.StoreUnsafe(ref dcol, (nuint)chunk);
            }
            for (; chunk < ldu; chunk += SvdColumns.Lanes)   // the padding unit is 4 rows
            {
                var acc = Vector256.LoadUnsafe(ref dcol, (nuint)chunk);
                ref double u = ref Unsafe.Add(ref rut, chunk);
                for (int j = 0; j < k; j++)
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref vrow, j)), Vector256.LoadUnsafe(ref u, (nuint)(j * ldu)), acc);
                acc.StoreUnsafe(ref dcol, (nuint)chunk);
            }
        }
        return true;
    }

    /// <summary>
    /// <see cref="AddPolarFactor"/> for 10 x 10 (padded to 12 rows), all in registers: the weighted W is transposed
    /// with shuffles (an 8 x 8 block, two columns of the high block, and rows 8-9 as pairs), then each column of dst
    /// takes its ten FMAs in two chains.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPolarFactorTen(Span<double> dst, int ldd, Vector512<double> weightLo, Vector512<double> weightHi)
    {
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        // u_j over rows 0..7 (j = 0..7 from the low block, 8 and 9 from the high one)
        var (u0, u1, u2, u3, u4, u5, u6, u7) = Transpose8(
            Vector512.LoadUnsafe(ref rw, 0 * Width) * weightLo, Vector512.LoadUnsafe(ref rw, 1 * Width) * weightLo,
            Vector512.LoadUnsafe(ref rw, 2 * Width) * weightLo, Vector512.LoadUnsafe(ref rw, 3 * Width) * weightLo,
            Vector512.LoadUnsafe(ref rw, 4 * Width) * weightLo, Vector512.LoadUnsafe(ref rw, 5 * Width) * weightLo,
            Vector512.LoadUnsafe(ref rw, 6 * Width) * weightLo, Vector512.LoadUnsafe(ref rw, 7 * Width) * weightLo);
        var (u8, u9, _, _, _, _, _, _) = Transpose8(
            Vector512.LoadUnsafe(ref rw, 0 * Width + Half) * weightHi, Vector512.LoadUnsafe(ref rw, 1 * Width + Half) * weightHi,
            Vector512.LoadUnsafe(ref rw, 2 * Width + Half) * weightHi, Vector512.LoadUnsafe(ref rw, 3 * Width + Half) * weightHi,
            Vector512.LoadUnsafe(ref rw, 4 * Width + Half) * weightHi, Vector512.LoadUnsafe(ref rw, 5 * Width + Half) * weightHi,
            Vector512.LoadUnsafe(ref rw, 6 * Width + Half) * weightHi, Vector512.LoadUnsafe(ref rw, 7 * Width + Half) * weightHi);
        // u_j over rows 8, 9: (w8_j, w9_j) pairs
        var r8 = Vector512.LoadUnsafe(ref rw, 8 * Width) * weightLo;
        var r9 = Vector512.LoadUnsafe(ref rw, 9 * Width) * weightLo;
        var even = Avx512F.UnpackLow(r8, r9);           // pairs of columns 0, 2, 4, 6
        var odd = Avx512F.UnpackHigh(r8, r9);           // 1, 3, 5, 7
        var h8 = Vector512.LoadUnsafe(ref rw, 8 * Width + Half) * weightHi;
        var h9 = Vector512.LoadUnsafe(ref rw, 9 * Width + Half) * weightHi;
        var t0 = even.GetLower().GetLower(); var t2 = even.GetLower().GetUpper();
        var t4 = even.GetUpper().GetLower(); var t6 = even.GetUpper().GetUpper();
        var t1 = odd.GetLower().GetLower(); var t3 = odd.GetLower().GetUpper();
        var t5 = odd.GetUpper().GetLower(); var t7 = odd.GetUpper().GetUpper();
        var t8 = Avx512F.UnpackLow(h8, h9).GetLower().GetLower();
        var t9 = Avx512F.UnpackHigh(h8, h9).GetLower().GetLower();
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double rd = ref MemoryMarshal.GetReference(dst);
        for (int c = 0; c < 10; c++)
        {
            ref double vc = ref Unsafe.Add(ref rv, c * Width);
            ref double col = ref Unsafe.Add(ref rd, c * ldd);
            var b0 = Vector512.Create(vc); var b1 = Vector512.Create(Unsafe.Add(ref vc, 1));
            var b2 = Vector512.Create(Unsafe.Add(ref vc, 2)); var b3 = Vector512.Create(Unsafe.Add(ref vc, 3));
            var b4 = Vector512.Create(Unsafe.Add(ref vc, 4)); var b5 = Vector512.Create(Unsafe.Add(ref vc, 5));
            var b6 = Vector512.Create(Unsafe.Add(ref vc, 6)); var b7 = Vector512.Create(Unsafe.Add(ref vc, 7));
            var b8 = Vector512.Create(Unsafe.Add(ref vc, 8)); var b9 = Vector512.Create(Unsafe.Add(ref vc, 9));
            var a = Vector512.FusedMultiplyAdd(b0, u0, Vector512.LoadUnsafe(ref col));
            var e = b1 * u1;
            a = Vector512.FusedMultiplyAdd(b2, u2, a); e = Vector512.FusedMultiplyAdd(b3, u3, e);
            a = Vector512.FusedMultiplyAdd(b4, u4, a); e = Vector512.FusedMultiplyAdd(b5, u5, e);
            a = Vector512.FusedMultiplyAdd(b6, u6, a); e = Vector512.FusedMultiplyAdd(b7, u7, e);
            a = Vector512.FusedMultiplyAdd(b8, u8, a); e = Vector512.FusedMultiplyAdd(b9, u9, e);
            (a + e).StoreUnsafe(ref col);
            ref double low = ref Unsafe.Add(ref col, 8);
            var p = Vector128.FusedMultiplyAdd(b0.GetLower().GetLower(), t0, Vector128.LoadUnsafe(ref low));
            var q = b1.GetLower().GetLower() * t1;
            p = Vector128.FusedMultiplyAdd(b2.GetLower().GetLower(), t2, p); q = Vector128.FusedMultiplyAdd(b3.GetLower().GetLower(), t3, q);
            p = Vector128.FusedMultiplyAdd(b4.GetLower().GetLower(), t4, p); q = Vector128.FusedMultiplyAdd(b5.GetLower().GetLower(), t5, q);
            p = Vector128.FusedMultiplyAdd(b6.GetLower().GetLower(), t6, p); q = Vector128.FusedMultiplyAdd(b7.GetLower().GetLower(), t7, q);
            p = Vector128.FusedMultiplyAdd(b8.GetLower().GetLower(), t8, p); q = Vector128.FusedMultiplyAdd(b9.GetLower().GetLower(), t9, q);
            (p + q).StoreUnsafe(ref low);
        }
    }

    /// <summary>8 x 8 transpose of doubles: unpacks, then two rounds of 128-bit block shuffles (24 shuffles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double>, Vector512<double>, Vector512<double>, Vector512<double>,
                    Vector512<double>, Vector512<double>, Vector512<double>, Vector512<double>) Transpose8(
        Vector512<double> r0, Vector512<double> r1, Vector512<double> r2, Vector512<double> r3,
        Vector512<double> r4, Vector512<double> r5, Vector512<double> r6, Vector512<double> r7)
    {
        // t: (r_a[i], r_b[i]) pairs in each 128-bit block, i even (lo) or odd (hi)
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        // blocks 0 and 2 (columns 0, 4 / 1, 5) and blocks 1 and 3 (columns 2, 6 / 3, 7) of two pair vectors
        const byte Even = 0b10_00_10_00, Odd = 0b11_01_11_01;
        var s0 = Avx512F.Shuffle4x128(t0, t2, Even); var s1 = Avx512F.Shuffle4x128(t0, t2, Odd);
        var s2 = Avx512F.Shuffle4x128(t1, t3, Even); var s3 = Avx512F.Shuffle4x128(t1, t3, Odd);
        var s4 = Avx512F.Shuffle4x128(t4, t6, Even); var s5 = Avx512F.Shuffle4x128(t4, t6, Odd);
        var s6 = Avx512F.Shuffle4x128(t5, t7, Even); var s7 = Avx512F.Shuffle4x128(t5, t7, Odd);
        return (Avx512F.Shuffle4x128(s0, s4, Even), Avx512F.Shuffle4x128(s2, s6, Even),
                Avx512F.Shuffle4x128(s1, s5, Even), Avx512F.Shuffle4x128(s3, s7, Even),
                Avx512F.Shuffle4x128(s0, s4, Odd), Avx512F.Shuffle4x128(s2, s6, Odd),
                Avx512F.Shuffle4x128(s1, s5, Odd), Avx512F.Shuffle4x128(s3, s7, Odd));
    }

    /// <summary>V from column-major padded columns (after a call that did not go through this kernel).</summary>
    public void SetV(double[] v, int ldk)
    {
        Array.Clear(_v);
        for (int j = 0; j < _k; j++)
            for (int i = 0; i < _k; i++) _v[i * Width + j] = v[j * ldk + i];
    }

    /// <summary>Copies W and V out as column-major padded columns (leading dimensions ldm and ldk).</summary>
    public void Store(double[] w, int ldm, double[] v, int ldk)
    {
        for (int j = 0; j < _k; j++)
        {
            for (int i = 0; i < _m; i++) w[j * ldm + i] = _w[i * Width + j];
            for (int i = 0; i < _k; i++) v[j * ldk + i] = _v[i * Width + j];
        }
    }
}
