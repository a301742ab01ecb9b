using Grokking.Runs;
using Grokking.Training;

namespace Grokking.Tests.Runs;

/// <summary>The local runner's thread budget: fake runs that ask for k threads and record how many are held at once.</summary>
public class ThreadBudgetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // only a broken budget waits this long

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    public void RunsInFlightNeverHoldMoreThreadsThanTheBudgetAndEachGetsItsK(int total)
    {
        // 40 fake runs asking for 1, 2, 3 or 5 threads (5 is more than the budget: cut to it)
        int[] asked = Enumerable.Range(0, 40).Select(i => new[] { 1, 2, 3, 5 }[i % 4]).ToArray();
        var budget = new ThreadBudget(total);
        int held = 0, most = 0;
        var granted = new int[asked.Length];
        WorkerPool.ForEach(Enumerable.Range(0, asked.Length).ToArray(), budget.Total, i =>
        {
            var threads = new RunThreads(asked[i]);
            using var lease = budget.Acquire(threads.Requested);
            threads.Grant(Math.Min(lease.Count, threads.Requested));
            int now = Interlocked.Add(ref held, lease.Count);
            InterlockedMax(ref most, now);
            granted[i] = threads.Granted;
            // the run's own loop on its granted threads: each index once
            var seen = new int[64];
            threads.For(0, seen.Length, k => Interlocked.Increment(ref seen[k]));
            Assert.All(seen, v => Assert.Equal(1, v));
            Thread.Sleep(2);
            Interlocked.Add(ref held, -lease.Count);
        });
        Assert.InRange(most, 1, total);
        Assert.Equal(asked.Select(k => Math.Min(k, total)), granted);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void OneThreadRunsUseTheWholeBudgetAtOnce()
    {
        // two one-thread runs with a budget of two must be in flight together: each waits for the other at a barrier
        var budget = new ThreadBudget(2);
        using var barrier = new Barrier(2);
        var met = new bool[2];
        WorkerPool.ForEach([0, 1], budget.Total, i =>
        {
            using var lease = budget.Acquire(1);
            met[i] = barrier.SignalAndWait(Patience);
        });
        Assert.Equal([true, true], met);
    }

    [Fact]
    public void ARunAskingForTheWholeBudgetRunsAlone()
    {
        var budget = new ThreadBudget(2);
        int held = 0, most = 0;
        WorkerPool.ForEach(Enumerable.Range(0, 12).ToArray(), budget.Total, i =>
        {
            using var lease = budget.Acquire(i % 3 == 0 ? 2 : 1);
            int now = Interlocked.Add(ref held, lease.Count);
            InterlockedMax(ref most, now);
            Thread.Sleep(2);
            Interlocked.Add(ref held, -lease.Count);
        });
        Assert.Equal(2, most);
    }

    [Fact]
    public void RequestsAreServedInOrderSoALargeOneIsNotStarved()
    {
        var budget = new ThreadBudget(2);
        var order = new List<string>();
        var first = budget.Acquire(1);
        var big = new Thread(() => { using var l = budget.Acquire(2); lock (order) order.Add("big"); });
        big.Start();
        WaitUntil(() => budget.Waiting == 1);
        // one thread is free, but the two-thread request came first: the small one must queue behind it
        bool smallDone = false;
        var small = new Thread(() => { using var l = budget.Acquire(1); lock (order) order.Add("small"); smallDone = true; });
        small.Start();
        WaitUntil(() => budget.Waiting == 2 || Volatile.Read(ref smallDone));
        first.Dispose();
        Assert.True(big.Join(Patience) && small.Join(Patience));
        Assert.Equal(["big", "small"], order);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void ACancelledWaiterLeavesTheQueueAndTheBudgetWhole()
    {
        var budget = new ThreadBudget(1);
        var held = budget.Acquire(1);
        using var cancel = new CancellationTokenSource();
        Exception? thrown = null;
        var waiter = new Thread(() =>
        {
            try { budget.Acquire(1, cancel.Token).Dispose(); }
            catch (Exception e) { thrown = e; }
        });
        waiter.Start();
        WaitUntil(() => budget.Waiting == 1);
        cancel.Cancel();
        Assert.True(waiter.Join(Patience));
        Assert.IsType<OperationCanceledException>(thrown);
        Assert.Equal(0, budget.Waiting);
        held.Dispose();
        held.Dispose(); // twice is harmless
        using (var again = budget.Acquire(1)) Assert.Equal(1, budget.InUse);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void TheWorkerPoolRunsEveryItemOnceAndRethrowsTheFirstFailure()
    {
        var counts = new int[100];
        WorkerPool.ForEach(Enumerable.Range(0, 100).ToArray(), 3, i => Interlocked.Increment(ref counts[i]));
        Assert.All(counts, c => Assert.Equal(1, c));
        var e = Assert.Throws<InvalidOperationException>(() =>
            WorkerPool.ForEach(Enumerable.Range(0, 10).ToArray(), 2, i => { if (i == 4) throw new InvalidOperationException("item 4"); }));
        Assert.Equal("item 4", e.Message);
    }

    [Fact]
    public void AGrantIsBetweenOneAndTheRequest()
    {
        var threads = new RunThreads(3);
        Assert.Equal(1, threads.Granted);
        threads.Grant(3);
        Assert.Equal(3, threads.Options.MaxDegreeOfParallelism);
        Assert.Throws<ArgumentOutOfRangeException>(() => threads.Grant(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => threads.Grant(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RunThreads(0));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (int seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "timed out waiting");
            Thread.Sleep(1);
        }
    }
}
