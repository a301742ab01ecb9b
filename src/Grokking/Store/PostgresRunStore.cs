using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Grokking.Experiments;
using Npgsql;

namespace Grokking.Store;

/// <summary>
/// The cluster store: PostgreSQL, for many Slurm tasks on many nodes writing at once. Same schema and state
/// machine as SQLite; a claim locks its row with FOR UPDATE SKIP LOCKED (a second claimer skips instead of
/// waiting), and migrations take an advisory lock so that tasks starting together migrate once.
/// </summary>
public sealed class PostgresRunStore : SqlRunStore
{
    private const long MigrationLockKey = 0x6772_6F6B_4C61_62; // "grokLab"
    private readonly NpgsqlDataSource _source;
    private readonly string _where;

    public PostgresRunStore(string connectionString, TimeSpan lease) : base(lease)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
        try
        {
            Migrate();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            _source.Dispose();
            throw new SpecException($"cannot use PostgreSQL at {_where}: {SqliteRunStore.OneLine(Innermost(e).Message)}");
        }
    }

    public override string Description => $"postgres {_where}";

    protected override DbConnection Open() => _source.OpenConnection();

    protected override DbTransaction BeginWrite(DbConnection conn) => ((NpgsqlConnection)conn).BeginTransaction(IsolationLevel.ReadCommitted);

    protected override string LockRowSuffix => " FOR UPDATE SKIP LOCKED";

    protected override void LockForMigration(DbConnection conn, DbTransaction tx) =>
        SqlCommands.Execute(conn, tx, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));

    public override void Dispose()
    {
        _source.Dispose();
        base.Dispose();
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner && e is not PostgresException) e = inner;
        return e;
    }
}
