using System.Buffers.Binary;
using System.IO.Compression;
using Grokking.Problems.Mnist;

namespace Grokking.Tests.Mnist;

/// <summary>
/// IDX files the tests write themselves (no network): headers built byte by byte, optionally gzipped, and a
/// learnable synthetic digit set (label c = a bright row c of an 8 x 8 image, plus sparse dim noise).
/// </summary>
internal static class SyntheticDigits
{
    public static byte[] Header(int magic, params int[] dims)
    {
        var h = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(h, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + 4 * d), dims[d]);
        return h;
    }

    public static void Write(string path, byte[] bytes, bool gzip)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!gzip) { File.WriteAllBytes(path, bytes); return; }
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
    }

    public static byte[] ImagesFile(int count, int rows, int cols, byte[] pixels) =>
        [.. Header(IdxFile.ImagesMagic, count, rows, cols), .. pixels];

    public static byte[] LabelsFile(byte[] labels) => [.. Header(IdxFile.LabelsMagic, labels.Length), .. labels];

    /// <summary><paramref name="count"/> 8 x 8 images: label c lights row c (values 150..250), and ~10 % of the other
    /// pixels carry noise 1..80; labels cycle through 0..7 in a seeded order.</summary>
    public static (byte[] Pixels, byte[] Labels) Digits(int count, int seed)
    {
        var rng = new System.Random(seed);
        var pixels = new byte[count * 64];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = rng.Next(8);
            labels[i] = (byte)c;
            for (int p = 0; p < 64; p++)
            {
                if (p / 8 == c) pixels[i * 64 + p] = (byte)rng.Next(150, 251);
                else if (rng.NextDouble() < 0.1) pixels[i * 64 + p] = (byte)rng.Next(1, 81);
            }
        }
        return (pixels, labels);
    }

    /// <summary>A data root holding <c>mnist/</c> with the four files of a synthetic digit set (train gzipped, test raw).</summary>
    public static string DataRoot(int train = 200, int test = 100)
    {
        string root = Path.Combine(Path.GetTempPath(), "grok-mnist-" + Guid.NewGuid().ToString("N"));
        string dir = Path.Combine(root, "mnist");
        var (trainPixels, trainLabels) = Digits(train, 1);
        var (testPixels, testLabels) = Digits(test, 2);
        Write(Path.Combine(dir, MnistData.TrainImagesFile + ".gz"), ImagesFile(train, 8, 8, trainPixels), gzip: true);
        Write(Path.Combine(dir, MnistData.TrainLabelsFile + ".gz"), LabelsFile(trainLabels), gzip: true);
        Write(Path.Combine(dir, MnistData.TestImagesFile), ImagesFile(test, 8, 8, testPixels), gzip: false);
        Write(Path.Combine(dir, MnistData.TestLabelsFile), LabelsFile(testLabels), gzip: false);
        return root;
    }
}
