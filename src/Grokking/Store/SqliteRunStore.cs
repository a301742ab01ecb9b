using System.Data;
using System.Data.Common;
using Grokking.Experiments;
using Microsoft.Data.Sqlite;

namespace Grokking.Store;

/// <summary>
/// The default store: one SQLite file in WAL mode (readers never block the writer; a kill -9 loses no
/// committed transaction). Writers serialise through BEGIN IMMEDIATE and wait for each other (busy timeout),
/// so many local processes may share one file. Not for network file systems: use PostgreSQL there.
/// </summary>
public sealed class SqliteRunStore : SqlRunStore
{
    private readonly string _connectionString;

    public SqliteRunStore(string path, TimeSpan lease) : base(lease)
    {
        Path = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(Path);
        try
        {
            if (dir is not null) Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"cannot create the store directory {dir}: {e.Message}");
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 120,
        }.ToString();
        try
        {
            using (var conn = Open())
                SqlCommands.Execute(conn, null, "PRAGMA journal_mode = WAL"); // persistent: recorded in the file
            Migrate();
        }
        catch (SqliteException e)
        {
            throw new SpecException($"cannot open the SQLite store {Path}: {OneLine(e.Message)}");
        }
    }

    public string Path { get; }
    public override string Description => $"sqlite {Path}";

    protected override DbConnection Open()
    {
        var conn = new SqliteConnection(_connectionString);
        conn.Open();
        // per connection: wait (inside SQLite) for another writer instead of failing with SQLITE_BUSY;
        // NORMAL is durable across process crashes in WAL mode (only an OS crash could lose the last commit)
        SqlCommands.Execute(conn, null, "PRAGMA busy_timeout = 120000; PRAGMA synchronous = NORMAL");
        return conn;
    }

    // Microsoft.Data.Sqlite starts a non-deferred (serializable) transaction with BEGIN IMMEDIATE: the write
    // lock is taken up front, so two claimers never both read "pending" and then both write.
    protected override DbTransaction BeginWrite(DbConnection conn) =>
        ((SqliteConnection)conn).BeginTransaction(IsolationLevel.Serializable, deferred: false);

    internal static string OneLine(string s) => string.Join(' ', s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
