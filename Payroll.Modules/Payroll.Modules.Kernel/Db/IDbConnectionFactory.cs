using System.Data.Common;

namespace Payroll.Modules.Kernel.Db;

/// <summary>Opens connections to the one database every module shares (each module touching only its own tables).</summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>The resolved connection string (never logged: it may hold a password).</summary>
    string ConnectionString { get; }

    /// <summary>
    /// PostgreSQL: the schema owner's connection string when migrations run as a role of their own; null when the
    /// application's role runs them (SQLite always).
    /// </summary>
    string? MigrationConnectionString => null;

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the pooled connections. After the database was away, the idle ones in the pool are dead and each would fail
    /// once when next used; whoever meets an outage clears the pool so the next open starts afresh.
    /// </summary>
    void ClearPool();
}
