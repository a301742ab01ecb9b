namespace Grokking.Experiments;

/// <summary>
/// A data set an experiment reads from disk and the lab cannot generate (MNIST): `grok data NAME [--dir DIR]` brings
/// it into <see cref="DefaultDirectory"/> or DIR. Found by reflection like the experiments, so the command line names
/// no family.
/// </summary>
public interface IDataSource
{
    string Name { get; }

    /// <summary>What it fetches, from where, and what it never does to files already there (for --help).</summary>
    string Description { get; }

    /// <summary>Where the experiment looks when the user names no folder.</summary>
    string DefaultDirectory { get; }

    /// <summary>Brings the data into <paramref name="directory"/>; returns one line saying what it did. Bad input and
    /// unreachable sources are a one-line <see cref="SpecException"/>.</summary>
    string Fetch(string directory);
}

/// <summary>Every <see cref="IDataSource"/> of the lab's assembly, by name.</summary>
public static class DataSourceCatalog
{
    private static readonly Lazy<IReadOnlyList<IDataSource>> Discovered = new(() =>
        ExperimentCatalog.Instances<IDataSource>(typeof(IDataSource).Assembly).OrderBy(d => d.Name, StringComparer.Ordinal).ToList());

    public static IReadOnlyList<IDataSource> All => Discovered.Value;
}
