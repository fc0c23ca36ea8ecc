using System.Data.Common;

namespace Payroll.Modules.Kernel.Db;

/// <summary>Opens connections to the one database every module shares (each module touching only its own tables).</summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>The resolved connection string (never logged: it may hold a password).</summary>
    string ConnectionString { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the pooled connections. After the database was away, the idle ones in the pool are dead and each would fail
    /// once when next used; whoever meets an outage clears the pool so the next open starts afresh.
    /// </summary>
    void ClearPool();
}
