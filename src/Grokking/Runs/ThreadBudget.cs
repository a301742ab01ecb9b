namespace Grokking.Runs;

/// <summary>
/// The threads a runner may keep busy at once (the cores, or --jobs). A run asks for k once it knows its k (after
/// Prepare) and holds them while it trains: the sum over the runs in flight never exceeds <see cref="Total"/>. Requests
/// are served first come, first served, so a run asking for many threads is not starved by a stream of one-thread runs;
/// a request above the total is cut to the total (the run then gets the whole machine).
/// </summary>
public sealed class ThreadBudget
{
    private readonly object _gate = new();
    private readonly LinkedList<int> _waiting = new();
    private int _free;

    public ThreadBudget(int total)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        Total = _free = total;
    }

    /// <summary>The budget of a runner asked for <paramref name="jobs"/> threads: 0 means one per core.</summary>
    public static ThreadBudget ForJobs(int jobs) => new(jobs > 0 ? jobs : Environment.ProcessorCount);

    public int Total { get; }

    /// <summary>Threads held by the runs in flight.</summary>
    public int InUse { get { lock (_gate) return Total - _free; } }

    /// <summary>Requests waiting for their threads.</summary>
    public int Waiting { get { lock (_gate) return _waiting.Count; } }

    /// <summary>Blocks until min(requested, Total) threads are free and it is this request's turn, then holds them
    /// until the lease is disposed.</summary>
    public Lease Acquire(int requested, CancellationToken cancel = default)
    {
        int want = Math.Clamp(requested, 1, Total);
        // a cancellation wakes the waiters, so none sleeps through it (registered outside the lock: disposing the
        // registration waits for a callback in flight, which may itself be waiting for the lock)
        using var wake = cancel.CanBeCanceled ? cancel.Register(() => { lock (_gate) Monitor.PulseAll(_gate); }) : default;
        lock (_gate)
        {
            var me = _waiting.AddLast(want);
            while (_waiting.First != me || _free < want)
            {
                if (cancel.IsCancellationRequested)
                {
                    _waiting.Remove(me);
                    Monitor.PulseAll(_gate); // the next in line may fit now
                    cancel.ThrowIfCancellationRequested();
                }
                Monitor.Wait(_gate);
            }
            _waiting.RemoveFirst();
            _free -= want;
            Monitor.PulseAll(_gate); // the next in line may fit in what is left
        }
        return new Lease(this, want);
    }

    /// <summary>Holds <see cref="Count"/> threads of the budget until disposed.</summary>
    public sealed class Lease : IDisposable
    {
        private ThreadBudget? _owner;

        internal Lease(ThreadBudget owner, int count) => (_owner, Count) = (owner, count);

        public int Count { get; }

        public void Dispose()
        {
            var owner = Interlocked.Exchange(ref _owner, null);
            if (owner is null) return;
            lock (owner._gate)
            {
                owner._free += Count;
                Monitor.PulseAll(owner._gate);
            }
        }
    }
}
