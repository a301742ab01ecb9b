namespace Grokking.Problems.Mnist;

/// <summary>
/// Images of one split as the network reads them: pixels scaled to [0, 1] (byte / 255) as dense rows, the same rows
/// in compressed sparse form (and, for a training set, their transpose, for the weight gradient), the labels, and
/// the one-hot targets of the MSE loss.
/// </summary>
public sealed class MnistSet
{
    public MnistSet(IdxImages images, byte[] labels, int count, int classes, bool transpose)
    {
        if (count > images.Count || count > labels.Length) throw new ArgumentOutOfRangeException(nameof(count), $"{count} images of {images.Count}");
        Count = count;
        Pixels = images.PixelsPerImage;
        Dense = new float[count * Pixels];
        for (int i = 0; i < Dense.Length; i++) Dense[i] = images.Pixels[i] / 255f;
        Rows = SparseRows.FromDense(Dense, count, Pixels);
        Columns = transpose ? Rows.Transpose() : null;
        Labels = new int[count];
        OneHot = new float[count * classes];
        for (int i = 0; i < count; i++)
        {
            Labels[i] = labels[i];
            OneHot[i * classes + labels[i]] = 1f;
        }
    }

    public int Count { get; }
    public int Pixels { get; }
    public float[] Dense { get; }
    public SparseRows Rows { get; }
    /// <summary>X^T in compressed rows (pixels x images), for dA^T = X^T dH; null for an evaluation-only set.</summary>
    public SparseRows? Columns { get; }
    public int[] Labels { get; }
    public float[] OneHot { get; }

    /// <summary>The fraction of non-zero pixels.</summary>
    public double Density => Count == 0 ? 0 : (double)Rows.NonZeros / ((long)Count * Pixels);
}
