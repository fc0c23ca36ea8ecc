namespace Payroll.Modules.Kernel.Db;

/// <summary>Bound from <c>Payroll:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Payroll:Database";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Empty on SQLite means <c>payroll.db</c> in the data directory. Required on PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only, optional (recommended in production): the connection of the role that owns the schema. When set,
    /// migrations and the job storage's schema run as that role, and the application's role (the user of
    /// <see cref="ConnectionString"/>) is given only what it needs: it can append to the ledger tables, never update,
    /// delete, truncate them or touch their triggers.
    /// </summary>
    public string? MigrationConnectionString { get; set; }

    public DatabaseProvider ParsedProvider => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"Payroll:Database:Provider must be 'sqlite' or 'postgres', not '{Provider}'."),
    };
}
