namespace Grokking.Store;

/// <summary>
/// Where a run stands in the store. The only transitions are pending -> running (a claim), running -> done
/// (one commit), running -> failed, and back to running when a failed or crashed run is claimed again.
/// </summary>
public enum RunState { Pending, Running, Done, Failed }

internal static class RunStateText
{
    public static string ToText(this RunState s) => s switch
    {
        RunState.Pending => "pending",
        RunState.Running => "running",
        RunState.Done => "done",
        RunState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static RunState Parse(string text) => text switch
    {
        "pending" => RunState.Pending,
        "running" => RunState.Running,
        "done" => RunState.Done,
        "failed" => RunState.Failed,
        _ => throw new InvalidDataException($"unknown run state '{text}' in the store"),
    };
}
