using System.Data.Common;

namespace Payroll.Modules.Kernel.Db;

/// <summary>Opens connections to the one database every module shares (each module touching only its own tables).</summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>The resolved connection string (never logged: it may hold a password).</summary>
    string ConnectionString { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
