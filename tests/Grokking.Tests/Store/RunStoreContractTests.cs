using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Store;
using Grokking.Tests.Sweeps;
using Xunit.Abstractions;

namespace Grokking.Tests.Store;

/// <summary>
/// The run state machine, identical for both back-ends: each test runs against a real SQLite file and, when
/// GROK_TEST_PG names a server (CI starts one), against a fresh schema on a real PostgreSQL.
/// </summary>
public abstract class RunStoreContractTests(ITestOutputHelper output)
{
    protected readonly ITestOutputHelper Output = output;

    /// <summary>A fresh, empty store, or null when the back-end is not available here.</summary>
    protected abstract IRunStore? OpenFresh(TimeSpan lease);
    protected abstract IRunStore Reopen(IRunStore store, TimeSpan lease);

    private static RunSummary SummaryOf(RunSpec spec, long? t1, long? t2) =>
        new() { Id = spec.Id, Kind = spec.Kind, Steps = spec.Int("steps"), T1 = t1, T2 = t2, SteppingSeconds = 0.5, WallSeconds = 0.75 };

    /// <summary>An owner on this host whose process has exited: what a kill -9 leaves in the store.</summary>
    private static RunOwner DeadOwner()
    {
        // a process that lives until we kill it: its start time can be read before it is gone
        using var p = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        long started = new DateTimeOffset(p.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
        p.Kill();
        p.WaitForExit();
        return new RunOwner(Environment.MachineName, p.Id, started);
    }

    private static readonly RunOwner Elsewhere = new("some-other-node", 4242, 0);

    [ServerFact]
    public void MigrationsAreAppliedOnceAndRecorded()
    {
        using var store = OpenFresh(RunStores.DefaultLease);
        if (store is null) return;
        Assert.Equal([1, 2], store.SchemaVersions());
        using var again = Reopen(store, RunStores.DefaultLease);
        Assert.Equal([1, 2], again.SchemaVersions());
    }

    [ServerFact]
    public void ClaimCommitAndResultsFollowTheStateMachine()
    {
        using var store = OpenFresh(RunStores.DefaultLease);
        if (store is null) return;
        var a = TestSupport.TinySpec(1e-3);
        var b = TestSupport.TinySpec(1e-4);
        store.Register("s", [a, b]);
        Assert.All(store.List("s"), r => Assert.Equal(RunState.Pending, r.State));
        Assert.Equal([a.Id, b.Id], store.List("s").Select(r => r.Id));

        var claim = store.TryClaim(a, RunOwner.Current);
        Assert.NotNull(claim);
        Assert.Null(store.TryClaim(a, RunOwner.Current));      // held by a live process: not claimable
        Assert.Equal(RunState.Running, store.Get([a.Id])[a.Id].State);
        Assert.True(store.Commit(claim, SummaryOf(a, 60, 2000), "/runs/a"));
        Assert.Null(store.TryClaim(a, RunOwner.Current));      // done: never claimed again

        var row = store.Get([a.Id, b.Id]);
        Assert.Equal(RunState.Done, row[a.Id].State);
        Assert.Equal(60, row[a.Id].T1);
        Assert.Equal(2000, row[a.Id].T2);
        Assert.Equal(0.75, row[a.Id].WallSeconds);
        Assert.Equal("/runs/a", row[a.Id].Directory);
        Assert.Contains("\"t2\": 2000", row[a.Id].SummaryJson);
        Assert.Equal(RunState.Pending, row[b.Id].State);
        var attempt = Assert.Single(store.Attempts(a.Id));
        Assert.Equal("done", attempt.Outcome);
        Assert.NotNull(attempt.EndedMs);
    }

    [ServerFact]
    public void ARunningRowOfADeadProcessIsRetriedAndMarkedCrashed()
    {
        using var store = OpenFresh(RunStores.DefaultLease);
        if (store is null) return;
        var spec = TestSupport.TinySpec();
        Assert.NotNull(store.TryClaim(spec, DeadOwner()));
        var retry = store.TryClaim(spec, RunOwner.Current);
        Assert.NotNull(retry);
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(["crashed", "running"], store.Attempts(spec.Id).Select(x => x.Outcome));
    }

    [ServerFact]
    public void ADoneRunWhoseDirectoryIsUnreadableIsReopenedAndRedone()
    {
        using var store = OpenFresh(RunStores.DefaultLease);
        if (store is null) return;
        var spec = TestSupport.TinySpec();
        string dir = Path.Combine(Path.GetTempPath(), $"grok-reopen-{Guid.NewGuid():N}");
        try
        {
            Assert.False(store.Reopen(spec.Id));                                    // unknown: nothing to reopen
            Assert.True(store.Commit(store.TryClaim(spec, RunOwner.Current)!, SummaryOf(spec, 60, 2000), dir));
            Assert.Null(store.TryClaim(spec, RunOwner.Current));                    // done
            Assert.Equal(1, RunDirectory.ReopenUnreadable(store, [(spec, dir)])); // no directory at all: reopened
            Assert.Equal(RunState.Pending, store.Get([spec.Id])[spec.Id].State);
            Assert.Null(store.Get([spec.Id])[spec.Id].T2);                          // its summary went with it
            var again = store.TryClaim(spec, RunOwner.Current);
            Assert.NotNull(again);
            Assert.Equal(2, again.Attempt);
            Assert.True(store.Commit(again, SummaryOf(spec, 61, 2001), dir));        // a second commit of the same run
            Assert.Equal(2001, store.Get([spec.Id])[spec.Id].T2);
            Assert.Equal(1, RunDirectory.ReopenUnreadable(store, [(spec, dir)]));
        }
        finally { TestSupport.Delete(dir); }
    }

    [ServerFact]
    public void AnotherHostsClaimIsRespectedUntilItsLeaseExpires()
    {
        using var store = OpenFresh(TimeSpan.FromMilliseconds(300));
        if (store is null) return;
        var spec = TestSupport.TinySpec();
        var remote = store.TryClaim(spec, Elsewhere)!;
        Assert.Null(store.TryClaim(spec, RunOwner.Current));   // cannot see that pid: the lease decides
        Thread.Sleep(700);
        var local = store.TryClaim(spec, RunOwner.Current);
        Assert.NotNull(local);
        // the old holder comes back late: its results must not overwrite the new holder's
        Assert.False(store.Commit(remote, SummaryOf(spec, 1, 1), "/stale"));
        Assert.True(store.Commit(local, SummaryOf(spec, 60, 2000), "/fresh"));
        Assert.Equal(2000, store.Get([spec.Id])[spec.Id].T2);
        Assert.Equal("/fresh", store.Get([spec.Id])[spec.Id].Directory);
    }

    [ServerFact]
    public void HeartbeatsKeepALeaseAlive()
    {
        using var store = OpenFresh(TimeSpan.FromMilliseconds(600));
        if (store is null) return;
        var spec = TestSupport.TinySpec();
        var remote = store.TryClaim(spec, Elsewhere)!;
        for (int i = 0; i < 5; i++)
        {
            Thread.Sleep(250);
            Assert.Equal(1, store.Heartbeat([remote]));
        }
        Assert.Null(store.TryClaim(spec, RunOwner.Current)); // 1.25 s > lease, but renewed
    }

    [ServerFact]
    public void AFailedRunKeepsItsErrorAndIsRetriedByTheNextClaim()
    {
        using var store = OpenFresh(RunStores.DefaultLease);
        if (store is null) return;
        var spec = TestSupport.TinySpec();
        var first = store.TryClaim(spec, RunOwner.Current)!;
        Assert.True(store.Fail(first, "IOException: disk full"));
        var row = store.Get([spec.Id])[spec.Id];
        Assert.Equal(RunState.Failed, row.State);
        Assert.Equal("IOException: disk full", row.Error);
        var second = store.TryClaim(spec, RunOwner.Current)!;
        Assert.Equal(2, second.Attempt);
        Assert.True(store.Commit(second, SummaryOf(spec, 60, 2000), "/d"));
        Assert.Null(store.Get([spec.Id])[spec.Id].Error);
        Assert.Equal(["failed", "done"], store.Attempts(spec.Id).Select(x => x.Outcome));
    }
}

public sealed class SqliteRunStoreTests(ITestOutputHelper output) : RunStoreContractTests(output), IDisposable
{
    private readonly string _dir = TestSupport.TempDir("sqlite");

    protected override IRunStore OpenFresh(TimeSpan lease) => new SqliteRunStore(Path.Combine(_dir, "lab.db"), lease);
    protected override IRunStore Reopen(IRunStore store, TimeSpan lease) => new SqliteRunStore(((SqliteRunStore)store).Path, lease);

    public void Dispose() => TestSupport.Delete(_dir);

    [Fact]
    public void TheFileIsInWalModeAndANewerSchemaIsRefused()
    {
        using var store = (SqliteRunStore)OpenFresh(RunStores.DefaultLease);
        using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path}"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", cmd.ExecuteScalar());
            cmd.CommandText = "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (99, 'from the future', 0)";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<SpecException>(() => new SqliteRunStore(store.Path, RunStores.DefaultLease));
        Assert.Contains("schema version 99 is newer", e.Message);
    }
}

public sealed class PostgresRunStoreTests(ITestOutputHelper output) : RunStoreContractTests(output)
{
    protected override IRunStore? OpenFresh(TimeSpan lease)
    {
        string? cs = TestSupport.FreshPostgresSchema();
        if (!TestSupport.Available(cs is not null, "PostgreSQL tests need GROK_TEST_PG=postgres://... (.ci/run starts a server)", Output)) return null;
        _connectionString = cs!;
        return new PostgresRunStore(cs!, lease);
    }

    private string _connectionString = "";
    protected override IRunStore Reopen(IRunStore store, TimeSpan lease) => new PostgresRunStore(_connectionString, lease);

    [Fact]
    public void AnUnreachableServerIsAOneLineInputError()
    {
        var e = Assert.Throws<SpecException>(() => RunStores.Open("postgres://nobody@127.0.0.1:1/nowhere", "."));
        Assert.StartsWith("cannot use PostgreSQL at 127.0.0.1:1/nowhere:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
