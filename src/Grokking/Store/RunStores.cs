using Grokking.Experiments;
using Npgsql;

namespace Grokking.Store;

/// <summary>Opens the store a user named: a PostgreSQL URL or connection string, or a SQLite file.</summary>
public static class RunStores
{
    /// <summary>How long a claim survives without a heartbeat (the runner renews it every quarter of this).</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(2);

    /// <summary>The default SQLite file of a run root: <c>root/runs/lab.db</c>, beside the run directories.</summary>
    public static string DefaultSqlitePath(string root) => Path.Combine(root, "runs", "lab.db");

    /// <summary>
    /// <paramref name="location"/>: null for <see cref="DefaultSqlitePath"/>; <c>postgres://user:pw@host:port/db?k=v</c>
    /// or <c>postgresql://...</c>; an Npgsql connection string (<c>Host=...;Database=...</c>); <c>sqlite:PATH</c> or a path.
    /// Bad or unreachable locations throw <see cref="SpecException"/>.
    /// </summary>
    public static IRunStore Open(string? location, string root, TimeSpan? lease = null)
    {
        var l = lease ?? DefaultLease;
        if (string.IsNullOrWhiteSpace(location)) return new SqliteRunStore(DefaultSqlitePath(root), l);
        if (location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new PostgresRunStore(PostgresUrl.ToConnectionString(location), l);
        if (location.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            try { _ = new NpgsqlConnectionStringBuilder(location); }
            catch (ArgumentException e) { throw new SpecException($"--store: bad PostgreSQL connection string: {e.Message}"); }
            return new PostgresRunStore(location, l);
        }
        string path = location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? location["sqlite:".Length..] : location;
        if (path.Contains("://", StringComparison.Ordinal))
            throw new SpecException($"--store: '{location}' is neither postgres://... nor a SQLite file path");
        return new SqliteRunStore(path, l);
    }
}

/// <summary>postgres:// URLs (libpq style) to Npgsql connection strings.</summary>
internal static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        Uri uri;
        try { uri = new Uri(url); }
        catch (UriFormatException e) { throw new SpecException($"--store: bad PostgreSQL URL: {e.Message}"); }
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
            Timeout = 5,           // seconds to connect: an unreachable server is reported quickly
            CommandTimeout = 120,
        };
        if (string.IsNullOrEmpty(uri.Host)) throw new SpecException($"--store: '{url}' names no host");
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) b.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]), value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try { b[key] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new SpecException($"--store: unknown or bad PostgreSQL option '{key}={value}'");
            }
        }
        return b.ConnectionString;
    }
}
