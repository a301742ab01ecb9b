using MathNet.Numerics.LinearAlgebra;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>
/// The reference's modular-arithmetic MLP (spec C) as plain float64 loops, written to be read, not to be fast:
/// e1 = E1[:, x], e2 = E2[:, y] (each width = k^2), Z = R(e1) R(e2) with R the row-major k x k reshape,
/// h = relu(W1 vec(Z)), logits = W2 h, loss = mean cross-entropy. Weights are (out, in) matrices, row-major,
/// in the order E1, E2, W1, W2. The oracle the reference file is checked with, and later the network engine.
/// </summary>
internal sealed class NaiveModularMlp(int p, int width, int block)
{
    public int P { get; } = p;
    public int Width { get; } = width;
    public int Block { get; } = block;

    /// <summary>Mean cross-entropy over the batch; adds its gradient into <paramref name="gradients"/> when given.</summary>
    public double Loss(double[][] w, int[] xs, int[] ys, int[] labels, double[][]? gradients = null)
    {
        int d = Width, k = Block, n = xs.Length;
        double[] e1 = new double[d], e2 = new double[d], z = new double[d], h = new double[d], logits = new double[P];
        double total = 0;
        for (int b = 0; b < n; b++)
        {
            for (int i = 0; i < d; i++)
            {
                e1[i] = w[0][i * P + xs[b]];
                e2[i] = w[1][i * P + ys[b]];
            }
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    double s = 0;
                    for (int t = 0; t < k; t++) s += e1[r * k + t] * e2[t * k + c];
                    z[r * k + c] = s;
                }
            }
            for (int i = 0; i < d; i++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += w[2][i * d + j] * z[j];
                h[i] = Math.Max(0, s);
            }
            double max = double.NegativeInfinity;
            for (int c = 0; c < P; c++)
            {
                double s = 0;
                for (int i = 0; i < d; i++) s += w[3][c * d + i] * h[i];
                logits[c] = s;
                max = Math.Max(max, s);
            }
            double sumExp = 0;
            for (int c = 0; c < P; c++) sumExp += Math.Exp(logits[c] - max);
            double logSumExp = max + Math.Log(sumExp);
            total += logSumExp - logits[labels[b]];
            if (gradients is not null) Backward(w, gradients, xs[b], ys[b], labels[b], e1, e2, z, h, logits, logSumExp, n);
        }
        return total / n;
    }

    private void Backward(double[][] w, double[][] g, int x, int y, int label, double[] e1, double[] e2, double[] z,
        double[] h, double[] logits, double logSumExp, int n)
    {
        int d = Width, k = Block;
        double[] dh = new double[d], dz = new double[d];
        for (int c = 0; c < P; c++)
        {
            double dLogit = (Math.Exp(logits[c] - logSumExp) - (c == label ? 1 : 0)) / n; // (softmax - onehot) / B
            for (int i = 0; i < d; i++)
            {
                g[3][c * d + i] += dLogit * h[i];
                dh[i] += w[3][c * d + i] * dLogit;
            }
        }
        for (int i = 0; i < d; i++)
        {
            if (h[i] <= 0) continue; // ReLU passes no gradient where its input is <= 0 (as torch)
            for (int j = 0; j < d; j++)
            {
                g[2][i * d + j] += dh[i] * z[j];
                dz[j] += w[2][i * d + j] * dh[i];
            }
        }
        for (int r = 0; r < k; r++)
        {
            for (int t = 0; t < k; t++)
            {
                double dA = 0, dB = 0; // dL/dR(e1)[r, t] = sum_c dZ[r, c] e2[t, c]; dL/dR(e2)[r, t] = sum_c e1[c, r] dZ[c, t]
                for (int c = 0; c < k; c++)
                {
                    dA += dz[r * k + c] * e2[t * k + c];
                    dB += e1[c * k + r] * dz[c * k + t];
                }
                g[0][(r * k + t) * P + x] += dA;
                g[1][(r * k + t) * P + y] += dB;
            }
        }
    }

    /// <summary>The reference's penalty term of one (rows x cols) matrix: torch.norm(W, p) for p = 1, 2 (Frobenius,
    /// unsquared) or "nuc", and its gradient added (times beta) into <paramref name="gradient"/> when given.</summary>
    public static double Penalty(string kind, double[] w, int rows, int cols, double beta = 0, double[]? gradient = null)
    {
        switch (kind)
        {
            case "l1":
                if (gradient is not null)
                {
                    for (int i = 0; i < w.Length; i++) gradient[i] += beta * Math.Sign(w[i]); // sign(0) = 0, as torch
                }
                return w.Sum(Math.Abs);
            case "l2":
                double norm = Math.Sqrt(w.Sum(v => v * v));
                if (gradient is not null)
                {
                    for (int i = 0; i < w.Length; i++) gradient[i] += beta * w[i] / norm;
                }
                return norm;
            case "nuc":
                var svd = Matrix<double>.Build.DenseOfRowMajor(rows, cols, w).Svd(computeVectors: true);
                if (gradient is not null)
                {
                    int r = Math.Min(rows, cols); // U V^T over the thin SVD
                    var uvt = svd.U.SubMatrix(0, rows, 0, r) * svd.VT.SubMatrix(0, r, 0, cols);
                    for (int i = 0; i < rows; i++)
                    {
                        for (int j = 0; j < cols; j++) gradient[i * cols + j] += beta * uvt[i, j];
                    }
                }
                return svd.S.Sum();
            default:
                return 0;
        }
    }
}
