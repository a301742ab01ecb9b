using System.Data.Common;
using Grokking.Experiments;
using static Grokking.Store.SqlCommands;

namespace Grokking.Store;

/// <summary>
/// The run state machine in SQL, common to SQLite and PostgreSQL. Every change is one short transaction;
/// a subclass says how to open a connection, how to start a write transaction that serialises with other
/// writers (SQLite: BEGIN IMMEDIATE) and how to lock one row for a claim (PostgreSQL: FOR UPDATE SKIP LOCKED).
/// Claims carry a fresh token, and commit/fail only touch a row that still holds that token, so a process
/// whose lease was taken over can never overwrite the result of the process that took it.
/// </summary>
public abstract class SqlRunStore : IRunStore
{
    protected SqlRunStore(TimeSpan lease) { Lease = lease; }

    public abstract string Description { get; }
    public TimeSpan Lease { get; }

    protected abstract DbConnection Open();
    /// <summary>A transaction that may write; it must serialise with other writers of the same rows.</summary>
    protected abstract DbTransaction BeginWrite(DbConnection conn);
    /// <summary>Appended to the claim's SELECT: lock the row, or return nothing if another claimer holds it.</summary>
    protected virtual string LockRowSuffix => "";
    /// <summary>Serialises concurrent migrations (several processes opening a fresh store at once).</summary>
    protected virtual void LockForMigration(DbConnection conn, DbTransaction tx) { }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    // ---------------------------------------------------------------- schema

    protected void Migrate()
    {
        using var conn = Open();
        using var tx = BeginWrite(conn);
        LockForMigration(conn, tx);
        Execute(conn, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
        var applied = Query(conn, tx, "SELECT version FROM schema_migrations", r => (int)r.Long("version")!.Value).ToHashSet();
        int newest = applied.Count == 0 ? 0 : applied.Max();
        if (newest > StoreMigrations.Latest)
            throw new SpecException($"{Description}: schema version {newest} is newer than this grok understands ({StoreMigrations.Latest}); upgrade grok");
        foreach (var m in StoreMigrations.All)
        {
            if (applied.Contains(m.Version)) continue;
            foreach (var statement in m.Statements) Execute(conn, tx, statement);
            Execute(conn, tx, "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (@v, @n, @t)",
                ("@v", m.Version), ("@n", m.Name), ("@t", StoreClock.NowMs()));
        }
        tx.Commit();
    }

    public IReadOnlyList<int> SchemaVersions()
    {
        using var conn = Open();
        return Query(conn, null, "SELECT version FROM schema_migrations ORDER BY version", r => (int)r.Long("version")!.Value);
    }

    // ---------------------------------------------------------------- writes

    private const string InsertPending =
        "INSERT INTO runs (id, kind, spec_json, state, created_ms) VALUES (@id, @kind, @spec, 'pending', @now) ON CONFLICT (id) DO NOTHING";

    public void Register(string sweep, IReadOnlyList<RunSpec> specs)
    {
        using var conn = Open();
        using var tx = BeginWrite(conn);
        using var insertRun = Command(conn, tx, InsertPending, ("@id", ""), ("@kind", ""), ("@spec", ""), ("@now", StoreClock.NowMs()));
        using var insertMember = Command(conn, tx,
            "INSERT INTO sweep_runs (sweep, run_id, position) VALUES (@sweep, @id, @pos) ON CONFLICT (sweep, run_id) DO UPDATE SET position = excluded.position",
            ("@sweep", sweep), ("@id", ""), ("@pos", 0));
        for (int i = 0; i < specs.Count; i++)
        {
            insertRun.Parameters["@id"].Value = specs[i].Id;
            insertRun.Parameters["@kind"].Value = specs[i].Kind;
            insertRun.Parameters["@spec"].Value = specs[i].CanonicalJson;
            insertRun.ExecuteNonQuery();
            insertMember.Parameters["@id"].Value = specs[i].Id;
            insertMember.Parameters["@pos"].Value = i;
            insertMember.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public RunClaim? TryClaim(RunSpec spec, RunOwner owner)
    {
        using var conn = Open();
        using var tx = BeginWrite(conn);
        long now = StoreClock.NowMs();
        Execute(conn, tx, InsertPending, ("@id", spec.Id), ("@kind", spec.Kind), ("@spec", spec.CanonicalJson), ("@now", now));
        var row = Query(conn, tx, "SELECT * FROM runs WHERE id = @id" + LockRowSuffix, r => ReadRun(r, withSummary: false),
            ("@id", spec.Id)).SingleOrDefault();
        if (row is null) return null; // another process is claiming it this instant (row locked)
        if (row.State == RunState.Done) return null;
        if (row.State == RunState.Running)
        {
            if (!row.IsCrashed(now, Lease)) return null;
            Execute(conn, tx, "UPDATE attempts SET outcome = 'crashed', ended_ms = @now WHERE run_id = @id AND attempt = @a AND outcome = 'running'",
                ("@now", now), ("@id", spec.Id), ("@a", row.Attempts));
        }
        var claim = new RunClaim(spec.Id, Guid.NewGuid().ToString("N"), row.Attempts + 1, owner);
        Execute(conn, tx,
            """
            UPDATE runs SET state = 'running', claim_token = @token, attempts = @a, host = @host, pid = @pid,
                pid_started_ms = @ps, claimed_ms = @now, heartbeat_ms = @now, finished_ms = NULL, error = NULL
            WHERE id = @id
            """,
            ("@token", claim.Token), ("@a", claim.Attempt), ("@host", owner.Host), ("@pid", owner.Pid),
            ("@ps", owner.PidStartedMs), ("@now", now), ("@id", spec.Id));
        Execute(conn, tx,
            "INSERT INTO attempts (run_id, attempt, host, pid, started_ms, outcome) VALUES (@id, @a, @host, @pid, @now, 'running')",
            ("@id", spec.Id), ("@a", claim.Attempt), ("@host", owner.Host), ("@pid", owner.Pid), ("@now", now));
        tx.Commit();
        return claim;
    }

    public int Heartbeat(IEnumerable<RunClaim> claims)
    {
        var list = claims.ToList();
        if (list.Count == 0) return 0;
        using var conn = Open();
        using var tx = BeginWrite(conn);
        int renewed = 0;
        long now = StoreClock.NowMs();
        foreach (var c in list)
            renewed += Execute(conn, tx, "UPDATE runs SET heartbeat_ms = @now WHERE id = @id AND claim_token = @token AND state = 'running'",
                ("@now", now), ("@id", c.RunId), ("@token", c.Token));
        tx.Commit();
        return renewed;
    }

    public bool Commit(RunClaim claim, RunSummary summary, string directory)
    {
        using var conn = Open();
        using var tx = BeginWrite(conn);
        long now = StoreClock.NowMs();
        int n = Execute(conn, tx,
            """
            UPDATE runs SET state = 'done', claim_token = NULL, finished_ms = @now, directory = @dir, error = NULL
            WHERE id = @id AND claim_token = @token AND state = 'running'
            """,
            ("@now", now), ("@dir", directory), ("@id", claim.RunId), ("@token", claim.Token));
        if (n != 1) { tx.Rollback(); return false; }
        Execute(conn, tx,
            """
            INSERT INTO summaries (run_id, steps, t1, t2, dt, stepping_seconds, wall_seconds, summary_json, committed_ms)
            VALUES (@id, @steps, @t1, @t2, @dt, @stepping, @wall, @json, @now)
            """,
            ("@id", claim.RunId), ("@steps", summary.Steps), ("@t1", summary.T1), ("@t2", summary.T2), ("@dt", summary.Dt),
            ("@stepping", summary.SteppingSeconds), ("@wall", summary.WallSeconds), ("@json", summary.ToJson()), ("@now", now));
        EndAttempt(conn, tx, claim, "done", null, now);
        tx.Commit();
        return true;
    }

    public bool Reopen(string runId)
    {
        using var conn = Open();
        using var tx = BeginWrite(conn);
        int n = Execute(conn, tx, "UPDATE runs SET state = 'pending', finished_ms = NULL WHERE id = @id AND state = 'done'", ("@id", runId));
        if (n != 1) { tx.Rollback(); return false; }
        Execute(conn, tx, "DELETE FROM summaries WHERE run_id = @id", ("@id", runId));
        tx.Commit();
        return true;
    }

    public bool Fail(RunClaim claim, string error)
    {
        using var conn = Open();
        using var tx = BeginWrite(conn);
        long now = StoreClock.NowMs();
        int n = Execute(conn, tx,
            "UPDATE runs SET state = 'failed', claim_token = NULL, finished_ms = @now, error = @err WHERE id = @id AND claim_token = @token AND state = 'running'",
            ("@now", now), ("@err", error), ("@id", claim.RunId), ("@token", claim.Token));
        if (n != 1) { tx.Rollback(); return false; }
        EndAttempt(conn, tx, claim, "failed", error, now);
        tx.Commit();
        return true;
    }

    private static void EndAttempt(DbConnection conn, DbTransaction tx, RunClaim claim, string outcome, string? error, long now) =>
        Execute(conn, tx, "UPDATE attempts SET outcome = @o, error = @err, ended_ms = @now WHERE run_id = @id AND attempt = @a",
            ("@o", outcome), ("@err", error), ("@now", now), ("@id", claim.RunId), ("@a", claim.Attempt));

    // ---------------------------------------------------------------- reads

    private const string RunWithSummary =
        "SELECT r.*, s.steps, s.t1, s.t2, s.wall_seconds, s.summary_json FROM runs r LEFT JOIN summaries s ON s.run_id = r.id";

    public IReadOnlyDictionary<string, StoredRun> Get(IEnumerable<string> ids)
    {
        var result = new Dictionary<string, StoredRun>(StringComparer.Ordinal);
        using var conn = Open();
        // chunks keep the parameter count under SQLite's limit
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(400))
        {
            var names = chunk.Select((_, i) => "@p" + i).ToArray();
            var args = chunk.Select((id, i) => (names[i], (object?)id)).ToArray();
            foreach (var run in Query(conn, null, $"{RunWithSummary} WHERE r.id IN ({string.Join(", ", names)})",
                         r => ReadRun(r, withSummary: true), args))
                result[run.Id] = run;
        }
        return result;
    }

    public IReadOnlyList<StoredRun> List(string? sweep = null)
    {
        using var conn = Open();
        return sweep is null
            ? Query(conn, null, RunWithSummary + " ORDER BY r.created_ms, r.id", r => ReadRun(r, withSummary: true))
            : Query(conn, null, RunWithSummary + " JOIN sweep_runs m ON m.run_id = r.id WHERE m.sweep = @sweep ORDER BY m.position",
                r => ReadRun(r, withSummary: true), ("@sweep", sweep));
    }

    public IReadOnlyList<RunAttempt> Attempts(string runId)
    {
        using var conn = Open();
        return Query(conn, null, "SELECT * FROM attempts WHERE run_id = @id ORDER BY attempt",
            r => new RunAttempt(r.Text("run_id")!, (int)r.Long("attempt")!.Value, r.Text("host")!, (int)r.Long("pid")!.Value,
                r.Long("started_ms")!.Value, r.Long("ended_ms"), r.Text("outcome")!, r.Text("error")),
            ("@id", runId));
    }

    private static StoredRun ReadRun(DbDataReader r, bool withSummary)
    {
        string? host = r.Text("host");
        return new StoredRun
        {
            Id = r.Text("id")!,
            Kind = r.Text("kind")!,
            SpecJson = r.Text("spec_json")!,
            State = RunStateText.Parse(r.Text("state")!),
            Attempts = (int)(r.Long("attempts") ?? 0),
            Owner = host is null ? null : new RunOwner(host, (int)(r.Long("pid") ?? 0), r.Long("pid_started_ms") ?? 0),
            HeartbeatMs = r.Long("heartbeat_ms"),
            FinishedMs = r.Long("finished_ms"),
            Error = r.Text("error"),
            Directory = r.Text("directory"),
            Steps = withSummary ? r.Long("steps") : null,
            T1 = withSummary ? r.Long("t1") : null,
            T2 = withSummary ? r.Long("t2") : null,
            WallSeconds = withSummary ? r.Double("wall_seconds") : null,
            SummaryJson = withSummary ? r.Text("summary_json") : null,
        };
    }
}
