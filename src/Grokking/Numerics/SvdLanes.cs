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
/// a round of five rotations here takes ~48 ns (docs/BENCHMARKS.md).
/// </summary>
/// <remarks>
/// <para>Both lanes of a pair compute the same parameters from the same numbers: the dot product
/// <c>g = sum_i w_ip w_iq</c> sums the same products in the same order in lane p and lane q, and the norm
/// difference is taken as <c>role (a_partner - a_self)</c> with role +1 on the lower index, so both lanes see
/// <c>a_q - a_p</c> bit for bit. Lane p then applies <c>c w_p - s w_q</c> and lane q <c>c w_q + s w_p</c>: an exact
/// plane rotation, as in the scalar kernel.</para>
/// <para>The rotation is <c>t = h / (d + sign(d) sqrt(d^2 + h^2))</c> with <c>d = a_q - a_p</c> and
/// <c>h = 2 g</c>, the scalar kernel's <c>t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2))</c>, <c>zeta = d / h</c>,
/// without the quotient (one division fewer on the critical path). d^2 overflows for column norms above ~1e77,
/// so <see cref="JacobiSvd"/> uses this kernel only for matrices of moderate scale.</para>
/// </remarks>
internal sealed class SvdLanes
{
    public const int Width = 16;
    private const int Half = 8;

    /// <summary>Whether this machine runs the kernel (AVX-512F permutes of two registers).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    private readonly int _m, _k, _rounds, _loRounds;
    private readonly double[] _w, _v;
    private readonly long[] _partner, _loPartner;  // per round: partner lane of each lane (16 for full rounds, 8 for lo rounds)
    private readonly double[] _role, _loRole;      // per round and lane: +1 lower index of a pair, -1 upper, 0 no partner

    public SvdLanes(int m, int k)
    {
        if (k > Width) throw new ArgumentOutOfRangeException(nameof(k), $"at most {Width} columns");
        (_m, _k) = (m, k);
        _w = new double[m * Width];
        _v = new double[k * Width];
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
        ref double rv = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double rw = ref MemoryMarshal.GetArrayDataReference(_w);
        for (int i = 0; i < _m; i++)
        {
            var lo = Vector512<double>.Zero;
            var hi = Vector512<double>.Zero;
            for (int l = 0; l < _k; l++)
            {
                var x = Vector512.Create(t[l * ldt + i]);
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
        return MaxLane(Vector512.Max(lo, hi));
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

    /// <summary>Running totals of the two kinds of sweep (diagnostics).</summary>
    public long FullSweeps { get; private set; }
    public long LowSweeps { get; private set; }

    /// <summary>
    /// Sweeps until everything is converged: the same rotation test as the scalar kernel (pair (p, q) rotates
    /// when both columns are above <paramref name="tiny2"/> and <c>g^2 &gt; tol^2 a_p a_q</c>), stopping after a
    /// sweep without rotations. With more than 8 columns, full sweeps run until the pairs of the high lanes
    /// settle (<see cref="SettleCosine"/>); then the low 8 columns, one 512-bit vector per row, are swept alone to
    /// convergence. <see cref="Arrange"/> keeps the largest columns in the high lanes, the well separated ones in
    /// the nuclear-norm iterates (A*'s two values next to eight tiny, nearly equal ones). They settle once the tiny
    /// cluster is nearly orthogonal (rotations inside it keep mixing their components back): 2 full sweeps early in
    /// a run, 3-4 late, then 1-2 low-lane sweeps. Returns (sweeps, rotations).
    /// </summary>
    public (int Sweeps, int Rotations) Rotate(double tolerance, double tiny2, int maxSweeps)
    {
        int sweeps = 0, rotations = 0;
        if (_k > Half)
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
            int rotated = LowSweep(tolerance, tiny2);
            rotations += rotated;
            if (rotated == 0) break;
        }
        return (sweeps, rotations);
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
            var (cLo, sLo, rotLo) = Parameters(gLo, nLo, Avx512F.PermuteVar8x64x2(nLo, idxLo, nHi), roleLo, tol2, tiny, one);
            var (cHi, sHi, rotHi) = Parameters(gHi, nHi, partnerHi, roleHi, tol2, tiny, one);
            hiLarge |= Vector512.GreaterThan(gHi * gHi, settle2 * nHi * partnerHi) & ~Vector512.Equals(roleHi, zero);
            int count = BitOperations.PopCount(rotLo.ExtractMostSignificantBits()) + BitOperations.PopCount(rotHi.ExtractMostSignificantBits());
            if (count == 0) continue;
            inSweep += count / 2;
            // (lane l) <- c_l w_l - s_l w_partner(l) on every row of W and of V; the permutes are redone rather
            // than kept from the dot products (one operation instead of a store and a load)
            RotateRows(ref rw, _m, idxLo, idxHi, cLo, -sLo, cHi, -sHi);
            RotateRows(ref rv, _k, idxLo, idxHi, cLo, -sLo, cHi, -sHi);
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
    private int LowSweep(double tolerance, double tiny2)
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
            var (c, s, rot) = Parameters(g, n, Avx512F.PermuteVar8x64(n, idx), role, tol2, tiny, one);
            int count = BitOperations.PopCount(rot.ExtractMostSignificantBits());
            if (count == 0) continue;
            inSweep += count / 2;
            RotateLowRows(ref rw, _m, idx, c, -s);
            RotateLowRows(ref rv, _k, idx, c, -s);
        }
        return inSweep;
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
        Span<double> norm = stackalloc double[Width];
        for (int j = 0; j < _k; j++)
        {
            double s = 0;
            for (int i = 0; i < _m; i++) s += _w[i * Width + j] * _w[i * Width + j];
            norm[j] = s;
        }
        for (int hi = Half; hi < _k; hi++)
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
    /// Per lane: cosine c and signed sine s of the pair's rotation (c = 1, s = 0 where the pair does not rotate),
    /// and the mask of rotating lanes. <paramref name="role"/> is +1 / -1 / 0 (lower / upper / no partner).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> C, Vector512<double> S, Vector512<double> Rotates) Parameters(
        Vector512<double> g, Vector512<double> self, Vector512<double> partner, Vector512<double> role,
        Vector512<double> tol2, Vector512<double> tiny2, Vector512<double> one)
    {
        var rotates = Vector512.GreaterThan(g * g, tol2 * self * partner)
                      & Vector512.GreaterThan(self, tiny2) & Vector512.GreaterThan(partner, tiny2)
                      & ~Vector512.Equals(role, Vector512<double>.Zero);
        var d = role * (partner - self);                 // a_q - a_p in both lanes of the pair
        var h = g + g;
        // t = tan(theta) = sign(d) h / (|d| + r) with r = sqrt(d^2 + h^2); then 1 + t^2 = 2 r (r + |d|) / (|d| + r)^2,
        // so c = (r + |d|) q and s = sign(d) h q with q = 1 / sqrt(2 r (r + |d|)): two square roots and one
        // division on the critical path instead of two of each
        var r = Vector512.Sqrt(Vector512.FusedMultiplyAdd(d, d, h * h));
        var rd = r + Vector512.Abs(d);
        var q = one / Vector512.Sqrt((r + r) * rd);
        var c = rd * q;
        var s = h * Vector512.CopySign(one, d) * q * role;   // lane p: c w_p - s w_q; lane q: c w_q + s w_p
        return (Vector512.ConditionalSelect(rotates, c, one), Vector512.ConditionalSelect(rotates, s, Vector512<double>.Zero), rotates);
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
