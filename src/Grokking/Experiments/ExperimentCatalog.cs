using System.Reflection;

namespace Grokking.Experiments;

/// <summary>
/// Every experiment kind the lab knows, by name. Families register themselves: every concrete
/// <see cref="IExperiment"/> with a public parameterless constructor in the lab's assembly is found once, so adding a
/// family is adding its folder; nothing here (or in the layers that look kinds up) names one.
/// </summary>
public static class ExperimentCatalog
{
    private static readonly Lazy<IReadOnlyList<IExperiment>> Discovered = new(() => Discover(typeof(IExperiment).Assembly));

    public static IReadOnlyList<IExperiment> All => Discovered.Value;

    public static IExperiment Get(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new SpecException($"unknown experiment '{name}' (known: {string.Join(", ", All.Select(e => e.Name))})");

    public static ParameterSchema SchemaOf(string name) => Get(name).Schema;

    /// <summary>The experiments defined in <paramref name="assembly"/>, by name; two with one name are a programming error.</summary>
    internal static IReadOnlyList<IExperiment> Discover(Assembly assembly)
    {
        var found = Instances<IExperiment>(assembly).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var twice = found.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"two experiments are named '{twice.Key}'");
        return found;
    }

    /// <summary>One instance of every concrete, publicly constructible <typeparamref name="T"/> in <paramref name="assembly"/>.</summary>
    public static IEnumerable<T> Instances<T>(Assembly assembly) where T : class =>
        assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!);
}
