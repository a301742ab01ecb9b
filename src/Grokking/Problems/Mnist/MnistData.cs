using Grokking.Experiments;

namespace Grokking.Problems.Mnist;

/// <summary>
/// The four MNIST files of one folder (the original names, each raw or with ".gz"): 60,000 training and 10,000 test
/// images of 28 x 28 bytes with their labels 0..9. Any data in the same format (Fashion-MNIST) loads the same way.
/// </summary>
public sealed class MnistData
{
    public const int Classes = 10;
    public const string TrainImagesFile = "train-images-idx3-ubyte";
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";
    public const string TestImagesFile = "t10k-images-idx3-ubyte";
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";
    public static readonly IReadOnlyList<string> FileNames = [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile];

    /// <summary>Environment variable naming the lab's data folder (MNIST lives in its <c>mnist/</c> subfolder).</summary>
    public const string DataEnvironmentVariable = "GROK_DATA";

    private MnistData(IdxImages trainImages, byte[] trainLabels, IdxImages testImages, byte[] testLabels)
    {
        (TrainImages, TrainLabels, TestImages, TestLabels) = (trainImages, trainLabels, testImages, testLabels);
    }

    public IdxImages TrainImages { get; }
    public byte[] TrainLabels { get; }
    public IdxImages TestImages { get; }
    public byte[] TestLabels { get; }

    /// <summary><c>$GROK_DATA/mnist</c> when the variable is set, else <c>data/mnist</c> under the working directory.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DataEnvironmentVariable) is { Length: > 0 } root
            ? Path.Combine(root, "mnist")
            : Path.Combine("data", "mnist");

    /// <summary>The path of one of the four files in <paramref name="directory"/>: the raw name, else the name with ".gz", else null.</summary>
    public static string? Find(string directory, string name)
    {
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw)) return raw;
        return File.Exists(raw + ".gz") ? raw + ".gz" : null;
    }

    /// <summary>Reads and checks the four files; a missing file tells the user how to get them.</summary>
    public static MnistData Load(string directory)
    {
        var missing = FileNames.Where(n => Find(directory, n) == null).ToList();
        if (missing.Count > 0)
            throw new SpecException(missing.Count == FileNames.Count
                ? $"no MNIST data in {directory}: run `grok data mnist` to fetch it (or point GROK_DATA at a folder holding mnist/)"
                : $"{directory} lacks {string.Join(", ", missing)}: run `grok data mnist` to fetch the MNIST files");
        var trainImages = IdxFile.ReadImages(Find(directory, TrainImagesFile)!);
        var trainLabels = Labels(Find(directory, TrainLabelsFile)!, trainImages);
        var testImages = IdxFile.ReadImages(Find(directory, TestImagesFile)!);
        var testLabels = Labels(Find(directory, TestLabelsFile)!, testImages);
        if (testImages.Rows != trainImages.Rows || testImages.Cols != trainImages.Cols)
            throw new SpecException($"{directory}: training images are {trainImages.Rows} x {trainImages.Cols}, test images {testImages.Rows} x {testImages.Cols}");
        return new MnistData(trainImages, trainLabels, testImages, testLabels);
    }

    /// <summary>The labels of <paramref name="images"/>: one per image, each a class 0..9.</summary>
    private static byte[] Labels(string path, IdxImages images)
    {
        var labels = IdxFile.ReadLabels(path);
        if (labels.Length != images.Count)
            throw new SpecException($"{path}: {labels.Length:N0} labels for {images.Count:N0} images");
        int bad = Array.FindIndex(labels, l => l >= Classes);
        if (bad >= 0) throw new SpecException($"{path}: label {labels[bad]} at position {bad} is not a digit class 0..9");
        return labels;
    }
}
