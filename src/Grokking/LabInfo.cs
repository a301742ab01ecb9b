using System.Reflection;

namespace Grokking;

/// <summary>Version and provenance facts written into every run record.</summary>
public static class LabInfo
{
    public const string Name = "Grokking Lab";
    /// <summary>The &lt;Version&gt; of Directory.Build.props (what `grok --version` shows, without its "+commit").</summary>
    public static string Version { get; } =
        (typeof(LabInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
