namespace Grokking;

/// <summary>Version and provenance facts written into every run record.</summary>
public static class LabInfo
{
    public const string Name = "Grokking Lab";
    public static string Version => typeof(LabInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
