namespace Grokking.Training;

/// <summary>
/// The threads a run may use for its own parallel loops (a network's GEMM, independent trials). The experiment
/// creates it in Prepare with the number it can use (<see cref="Requested"/>); the runner grants a number before
/// training (<see cref="Granted"/>, at most the request and at most what its thread budget has free), so runs in
/// flight never ask the machine for more threads than it has. A run that was granted one thread loops inline.
/// </summary>
public sealed class RunThreads
{
    public RunThreads(int requested = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1);
        Requested = requested;
    }

    /// <summary>Threads the run can use at most.</summary>
    public int Requested { get; }

    /// <summary>Threads granted for the current training (1 until a runner grants more).</summary>
    public int Granted { get; private set; } = 1;

    /// <summary>Set by the runner that holds the threads; between 1 and <see cref="Requested"/>.</summary>
    public void Grant(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Requested);
        Granted = count;
    }

    /// <summary>Options for Parallel.* loops of this run: at most <see cref="Granted"/> threads.</summary>
    public ParallelOptions Options => new() { MaxDegreeOfParallelism = Granted };

    /// <summary>body(i) for i in [from, to): inline on one thread, else on at most <see cref="Granted"/> threads.</summary>
    public void For(int from, int to, Action<int> body)
    {
        if (Granted == 1)
        {
            for (int i = from; i < to; i++) body(i);
            return;
        }
        Parallel.For(from, to, Options, body);
    }
}
