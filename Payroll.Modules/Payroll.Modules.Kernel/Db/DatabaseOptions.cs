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

    public DatabaseProvider ParsedProvider => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"Payroll:Database:Provider must be 'sqlite' or 'postgres', not '{Provider}'."),
    };
}
