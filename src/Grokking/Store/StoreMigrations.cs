namespace Grokking.Store;

/// <summary>
/// The store schema as an ordered list of migrations. Each runs once, in its own transaction, and is recorded
/// in schema_migrations; a store opened by an older grok than the one that last migrated it is refused rather
/// than misread. The SQL is the common subset of SQLite and PostgreSQL (BIGINT, DOUBLE PRECISION, TEXT), so
/// both back-ends have literally the same schema. Times are Unix milliseconds (UTC).
/// </summary>
internal static class StoreMigrations
{
    public sealed record Migration(int Version, string Name, string[] Statements);

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "runs, summaries, attempts, sweep membership",
        [
            """
            CREATE TABLE runs (
                id              TEXT PRIMARY KEY,
                kind            TEXT NOT NULL,
                spec_json       TEXT NOT NULL,
                state           TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                claim_token     TEXT,
                host            TEXT,
                pid             INTEGER,
                pid_started_ms  BIGINT,
                claimed_ms      BIGINT,
                heartbeat_ms    BIGINT,
                finished_ms     BIGINT,
                error           TEXT,
                directory       TEXT,
                created_ms      BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE summaries (
                run_id            TEXT PRIMARY KEY REFERENCES runs (id),
                steps             BIGINT NOT NULL,
                t1                BIGINT,
                t2                BIGINT,
                dt                BIGINT,
                stepping_seconds  DOUBLE PRECISION NOT NULL,
                wall_seconds      DOUBLE PRECISION NOT NULL,
                summary_json      TEXT NOT NULL,
                committed_ms      BIGINT NOT NULL
            )
            """,
            // one row per claim: the timings of every attempt, and how it ended (running, done, failed, crashed)
            """
            CREATE TABLE attempts (
                run_id      TEXT NOT NULL REFERENCES runs (id),
                attempt     INTEGER NOT NULL,
                host        TEXT NOT NULL,
                pid         INTEGER NOT NULL,
                started_ms  BIGINT NOT NULL,
                ended_ms    BIGINT,
                outcome     TEXT NOT NULL,
                error       TEXT,
                PRIMARY KEY (run_id, attempt)
            )
            """,
            """
            CREATE TABLE sweep_runs (
                sweep     TEXT NOT NULL,
                run_id    TEXT NOT NULL REFERENCES runs (id),
                position  INTEGER NOT NULL,
                PRIMARY KEY (sweep, run_id)
            )
            """,
        ]),
        new(2, "indexes for status queries",
        [
            "CREATE INDEX runs_by_state ON runs (state)",
            "CREATE INDEX sweep_runs_by_position ON sweep_runs (sweep, position)",
        ]),
    ];

    public static int Latest => All[^1].Version;
}
