namespace Grokking.Numerics;

/// <summary>
/// Eigen-decomposition of small real symmetric matrices (n up to a few hundred) by the cyclic Jacobi method
/// (Rutishauser's variant: threshold sweeps, accumulated diagonal updates, tiny off-diagonals flushed after
/// the fourth sweep). Jacobi is slower than tridiagonal QR but very accurate (small eigenvalues to high
/// relative accuracy for graded matrices, orthogonality to ~n eps) and simple to verify.
/// </summary>
/// <remarks>
/// Layout: matrices are n x n row-major. Only the upper triangle (j >= i) of the input is read.
/// Output: eigenvalues sorted descending (ties keep their original index order); eigenvector k is COLUMN k of
/// <c>eigenvectors</c> (numpy's convention, <c>A = V diag(w) V^T</c>), normalised to unit length and signed so
/// that its largest-magnitude component (first one on ties) is positive.
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>Workspace length needed by <see cref="Decompose(ReadOnlySpan{double}, int, Span{double}, Span{double}, Span{double}, int)"/>: 2n² + 3n.</summary>
    public static int WorkspaceLength(int n) => checked(2 * n * n + 3 * n);

    /// <summary>Allocating convenience overload.</summary>
    public static (double[] Values, double[] Vectors) Decompose(ReadOnlySpan<double> A, int n)
    {
        var w = new double[n];
        var v = new double[n * n];
        Decompose(A, n, w, v, new double[WorkspaceLength(n)]);
        return (w, v);
    }

    /// <summary>
    /// Decomposes symmetric <paramref name="A"/> without allocating. Returns the number of sweeps used.
    /// Throws <see cref="ArgumentException"/> for non-finite input and <see cref="InvalidOperationException"/>
    /// if <paramref name="maxSweeps"/> sweeps do not converge (does not happen for finite input in practice;
    /// typical counts are 6-10).
    /// </summary>
    public static int Decompose(ReadOnlySpan<double> A, int n, Span<double> eigenvalues, Span<double> eigenvectors,
        Span<double> workspace, int maxSweeps = 100)
    {
        Kernels.CheckMatrix(A.Length, n, n);
        Kernels.SameLength(n, eigenvalues.Length, nameof(eigenvalues));
        Kernels.SameLength(n * n, eigenvectors.Length, nameof(eigenvectors));
        if (workspace.Length < WorkspaceLength(n))
            throw new ArgumentException($"Workspace needs {WorkspaceLength(n)} elements.", nameof(workspace));
        if (n == 0) return 0;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                if (!double.IsFinite(A[i * n + j]))
                    throw new ArgumentException("Matrix has non-finite entries.", nameof(A));

        var a = workspace.Slice(0, n * n);          // working copy (upper triangle used)
        var vt = workspace.Slice(n * n, n * n);     // rows = eigenvectors (rotations touch two contiguous rows)
        var d = workspace.Slice(2 * n * n, n);      // current diagonal
        var b = workspace.Slice(2 * n * n + n, n);  // diagonal at the start of the sweep
        var z = workspace.Slice(2 * n * n + 2 * n, n); // accumulated diagonal updates within the sweep
        A.CopyTo(a);
        vt.Clear();
        for (int i = 0; i < n; i++)
        {
            vt[i * n + i] = 1;
            d[i] = b[i] = a[i * n + i];
            z[i] = 0;
        }

        int sweep = 0;
        while (true)
        {
            double off = 0;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                    off += Math.Abs(a[p * n + q]);
            if (off == 0) break;
            if (++sweep > maxSweeps)
                throw new InvalidOperationException($"Jacobi did not converge in {maxSweeps} sweeps (off-diagonal sum {off:g3}).");

            // Early sweeps only rotate the larger elements; later ones rotate everything that is not negligible.
            double threshold = sweep < 4 ? 0.2 * off / ((double)n * n) : 0.0;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    double g = 100.0 * Math.Abs(apq);
                    // After four sweeps, an element too small to change either diagonal entry is set to zero.
                    if (sweep > 4 && Math.Abs(d[p]) + g == Math.Abs(d[p]) && Math.Abs(d[q]) + g == Math.Abs(d[q]))
                    {
                        a[p * n + q] = 0;
                        continue;
                    }
                    if (Math.Abs(apq) <= threshold) continue;

                    double h = d[q] - d[p];
                    double t;
                    if (Math.Abs(h) + g == Math.Abs(h))
                    {
                        t = apq / h; // t = 1/(2 theta) when theta is huge
                    }
                    else
                    {
                        double theta = 0.5 * h / apq;
                        t = 1.0 / (Math.Abs(theta) + Math.Sqrt(1.0 + theta * theta));
                        if (theta < 0) t = -t;
                    }
                    double c = 1.0 / Math.Sqrt(1 + t * t);
                    double s = t * c;
                    double tau = s / (1.0 + c);
                    h = t * apq;
                    z[p] -= h;
                    z[q] += h;
                    d[p] -= h;
                    d[q] += h;
                    a[p * n + q] = 0;
                    for (int j = 0; j < p; j++) Rotate(a, j * n + p, j * n + q, s, tau);
                    for (int j = p + 1; j < q; j++) Rotate(a, p * n + j, j * n + q, s, tau);
                    for (int j = q + 1; j < n; j++) Rotate(a, p * n + j, q * n + j, s, tau);
                    var rp = vt.Slice(p * n, n);
                    var rq = vt.Slice(q * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        double gv = rp[j], hv = rq[j];
                        rp[j] = gv - s * (hv + gv * tau);
                        rq[j] = hv + s * (gv - hv * tau);
                    }
                }
            }
            for (int i = 0; i < n; i++)
            {
                b[i] += z[i];
                d[i] = b[i];
                z[i] = 0;
            }
        }

        // Sort descending (selection sort on an index permutation kept in z as doubles; n is small).
        for (int i = 0; i < n; i++) z[i] = i;
        for (int i = 0; i < n; i++)
        {
            int best = i;
            for (int k = i + 1; k < n; k++)
                if (d[(int)z[k]] > d[(int)z[best]] || (d[(int)z[k]] == d[(int)z[best]] && z[k] < z[best])) best = k;
            (z[i], z[best]) = (z[best], z[i]);
        }
        for (int k = 0; k < n; k++)
        {
            int src = (int)z[k];
            eigenvalues[k] = d[src];
            var row = vt.Slice(src * n, n);
            double norm = 0;
            int arg = 0;
            for (int j = 0; j < n; j++)
            {
                norm += row[j] * row[j];
                if (Math.Abs(row[j]) > Math.Abs(row[arg])) arg = j;
            }
            double scale = (row[arg] < 0 ? -1.0 : 1.0) / Math.Sqrt(norm);
            for (int j = 0; j < n; j++) eigenvectors[j * n + k] = row[j] * scale;
        }
        return sweep;
    }

    private static void Rotate(Span<double> a, int i1, int i2, double s, double tau)
    {
        double g = a[i1], h = a[i2];
        a[i1] = g - s * (h + g * tau);
        a[i2] = h + s * (g - h * tau);
    }
}
