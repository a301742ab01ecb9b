using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Grokking.Nn;
using Grokking.Numerics;

namespace Grokking.Problems.TeacherStudent;

/// <summary>How the Sobolev term sums the Jacobian residuals R_i = J_i - J*_i (spec D.1, F.3).</summary>
public enum SobolevForm
{
    /// <summary>The reference code: beta ||R||_F over the whole batch, unsquared and not averaged.</summary>
    Code,
    /// <summary>The paper's eq. 125: (beta / N) sum_i ||R_i||_F^2.</summary>
    Paper,
}

/// <summary>
/// The Sobolev term of a <see cref="TwoLayerRelu{T}"/> student and its gradient in closed form (spec D.1): the
/// student's input-Jacobian is J_i = B D_i A with D_i = diag(1[A x_i &gt; 0]), piecewise constant in the weights, so
/// the term's gradient needs no second derivative. Stacking the rows B[c, :] D_i of all samples into M
/// ((N C) x h) makes the Jacobians one GEMM, J = M A; the gradient is C more, Q_c = D^T R'_c with
/// dA[j, :] = sum_c B[c, j] Q_c[j, :] and dB[c, j] = Q_c[j, :] . A[j, :], where R' is the residual scaled by the
/// derivative of the outer function (beta / S for the code's form, 2 beta / N for the paper's).
/// </summary>
public sealed class SobolevTerm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TwoLayerRelu<T> _net;
    private readonly T[] _m, _residual, _masks, _q, _ones;

    /// <param name="maxBatch">The most samples a call sees (the train set), at most the network's.</param>
    public SobolevTerm(TwoLayerRelu<T> net, SobolevForm form, T beta, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatch, net.MaxBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(double.CreateTruncating(beta), 0);
        _net = net;
        Form = form;
        Beta = beta;
        MaxBatch = maxBatch;
        int rows = maxBatch * net.Outputs;
        _m = new T[rows * net.Hidden];
        _masks = new T[maxBatch * net.Hidden];
        _q = new T[net.Hidden * net.Inputs];
        _ones = new T[net.Hidden];
        Array.Fill(_ones, T.One);
        _residual = new T[rows * net.Inputs];
    }

    public int MaxBatch { get; }
    public SobolevForm Form { get; }
    public T Beta { get; }

    /// <summary>
    /// The student's input-Jacobians at the samples of the network's last forward pass, (N C) x d (row (i, c) =
    /// dy_c / dx at x_i): J = M A. They stay valid until the next call.
    /// </summary>
    public ReadOnlySpan<T> Jacobians(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        int h = _net.Hidden, d = _net.Inputs, c = _net.Outputs, rows = batch * c;
        ReadOnlySpan<T> pre = _net.PreActivation;
        ReadOnlySpan<T> b = _net.Parameters.Value(_net.B);
        // M[(i, c), :] = B[c, :] masked by the signs of sample i's pre-activations: a select, not a branch
        for (int i = 0; i < batch; i++)
        {
            var mask = pre.Slice(i * h, h);
            for (int k = 0; k < c; k++) Masked(mask, b.Slice(k * h, h), _m.AsSpan((i * c + k) * h, h));
        }
        _net.Gemm.Multiply(MatrixOp.None, MatrixOp.None, rows, d, h, T.One, _m, h,
            _net.Parameters.Value(_net.A), d, T.Zero, _residual, d);
        return _residual.AsSpan(0, rows * d);
    }

    /// <summary>
    /// The term at the network's last forward pass (<paramref name="batch"/> samples) against the target Jacobians
    /// ((N C) x d), its gradient ADDED to the network's parameter gradients. Returns the value (beta times the norm).
    /// </summary>
    public double AddGradient(ReadOnlySpan<T> targetJacobians, int batch)
    {
        int h = _net.Hidden, d = _net.Inputs, c = _net.Outputs, rows = batch * c;
        Jacobians(batch);
        var r = _residual.AsSpan(0, rows * d);
        TensorPrimitives.Subtract(r, targetJacobians[..r.Length], r);
        double squares = SumOfSquares(r);
        double beta = double.CreateTruncating(Beta), value, scale;
        if (Form == SobolevForm.Code)
        {
            double norm = Math.Sqrt(squares);
            value = beta * norm;
            // d||R|| / dR = R / ||R||, undefined at R = 0 (as torch's norm): there the gradient is taken as 0
            scale = norm > 0 ? beta / norm : 0;
        }
        else
        {
            value = beta * squares / batch;
            scale = 2 * beta / batch;
        }
        if (scale == 0) return value;
        // With Q_c = D^T R'_c (h x d; D the N x h 0/1 masks, R'_c the rows (i, c) of R'), the two gradients are
        // dA[j, :] = sum_c B[c, j] Q_c[j, :] and dB[c, j] = Q_c[j, :] . A[j, :]: C products of h x d x N instead of
        // M^T R' (h x d x N C) and G = R' A^T (N C x h x d), one GEMM of this size fewer per step. R' = scale R
        // enters as the products' alpha: no pass over R to scale it.
        T alpha = T.CreateTruncating(scale);
        ReadOnlySpan<T> pre = _net.PreActivation;
        for (int i = 0; i < batch * h; i += h) Masked(pre.Slice(i, h), _ones, _masks.AsSpan(i, h));
        var gradA = _net.Parameters.Gradient(_net.A);
        var gradB = _net.Parameters.Gradient(_net.B);
        ReadOnlySpan<T> a = _net.Parameters.Value(_net.A), b = _net.Parameters.Value(_net.B);
        for (int k = 0; k < c; k++)
        {
            _net.Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, h, d, batch, alpha, _masks, h, r[(k * d)..], c * d,
                T.Zero, _q, d);
            for (int j = 0; j < h; j++)
            {
                var q = _q.AsSpan(j * d, d);
                gradB[k * h + j] += AddScaledAndDot(q, b[k * h + j], gradA.Slice(j * d, d), a.Slice(j * d, d));
            }
        }
        return value;
    }

    /// <summary>
    /// sum r^2 in double: 20,000 float terms lose digits in a float accumulator. Vectors of floats are widened to
    /// doubles (four partial sums, so the adds do not wait on each other); the order differs from a serial sum only
    /// at double's rounding.
    /// </summary>
    private static double SumOfSquares(ReadOnlySpan<T> r)
    {
        int i = 0;
        double squares = 0;
        if (typeof(T) == typeof(float) && Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<T, Vector<float>>(r);
            Vector<double> s0 = Vector<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            int v = 0;
            for (; v + 1 < vs.Length; v += 2)
            {
                Vector.Widen(vs[v], out var a0, out var a1);
                Vector.Widen(vs[v + 1], out var b0, out var b1);
                s0 += a0 * a0; s1 += a1 * a1; s2 += b0 * b0; s3 += b1 * b1;
            }
            for (; v < vs.Length; v++)
            {
                Vector.Widen(vs[v], out var a0, out var a1);
                s0 += a0 * a0; s1 += a1 * a1;
            }
            squares = Vector.Sum((s0 + s1) + (s2 + s3));
            i = vs.Length * Vector<float>.Count;
        }
        for (; i < r.Length; i++)
        {
            double e = double.CreateTruncating(r[i]);
            squares += e * e;
        }
        return squares;
    }

    /// <summary>dst = src where mask &gt; 0, else 0.</summary>
    private static void Masked(ReadOnlySpan<T> mask, ReadOnlySpan<T> src, Span<T> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var ms = MemoryMarshal.Cast<T, Vector<T>>(mask);
            var ss = MemoryMarshal.Cast<T, Vector<T>>(src);
            var ds = MemoryMarshal.Cast<T, Vector<T>>(dst);
            for (int v = 0; v < ms.Length; v++)
                ds[v] = Vector.ConditionalSelect(Vector.GreaterThan(ms[v], Vector<T>.Zero), ss[v], Vector<T>.Zero);
            i = ms.Length * Vector<T>.Count;
        }
        for (; i < dst.Length; i++) dst[i] = mask[i] > T.Zero ? src[i] : T.Zero;
    }

    /// <summary>y += beta q, and returns q . a (one pass over q).</summary>
    private static T AddScaledAndDot(ReadOnlySpan<T> q, T beta, Span<T> y, ReadOnlySpan<T> a)
    {
        int i = 0;
        T dot = T.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var qs = MemoryMarshal.Cast<T, Vector<T>>(q);
            var ys = MemoryMarshal.Cast<T, Vector<T>>(y);
            var xs = MemoryMarshal.Cast<T, Vector<T>>(a);
            var vb = new Vector<T>(beta);
            var sum = Vector<T>.Zero;
            for (int v = 0; v < qs.Length; v++)
            {
                ys[v] += vb * qs[v];
                sum += qs[v] * xs[v];
            }
            dot = Vector.Sum(sum);
            i = qs.Length * Vector<T>.Count;
        }
        for (; i < q.Length; i++)
        {
            y[i] += beta * q[i];
            dot += q[i] * a[i];
        }
        return dot;
    }
}
