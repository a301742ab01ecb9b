using System.Runtime.ExceptionServices;

namespace Grokking.Runs;

/// <summary>
/// Runs work items on a fixed number of dedicated threads, in list order (each free worker takes the next item).
/// Dedicated threads, not the thread pool: the pool stays free for the runs' own parallel loops (their granted
/// threads), which would otherwise wait for the pool to grow past workers blocked in training or in the budget.
/// </summary>
public static class WorkerPool
{
    /// <summary>body(item) for every item on at most <paramref name="workers"/> threads (the caller's among them).
    /// The first exception stops the taking of new items and is rethrown once every worker has stopped; a
    /// cancellation does the same and throws <see cref="OperationCanceledException"/>.</summary>
    public static void ForEach<T>(IReadOnlyList<T> items, int workers, Action<T> body, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int next = -1;
        ExceptionDispatchInfo? failure = null;
        int count = Math.Min(workers, items.Count);
        var threads = new Thread[Math.Max(0, count - 1)];
        for (int w = 0; w < threads.Length; w++)
        {
            threads[w] = new Thread(Work) { IsBackground = true, Name = $"grok-worker-{w + 1}" };
            threads[w].Start();
        }
        if (count > 0) Work();
        foreach (var t in threads) t.Join();
        cancel.ThrowIfCancellationRequested();
        failure?.Throw();

        void Work()
        {
            while (Volatile.Read(ref failure) is null && !cancel.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= items.Count) return;
                try { body(items[i]); }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                    return;
                }
            }
        }
    }
}
