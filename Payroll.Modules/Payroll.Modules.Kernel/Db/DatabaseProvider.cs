namespace Payroll.Modules.Kernel.Db;

/// <summary>The database engines the system runs on. The same schema and SQL run on both.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one file in the data directory, WAL mode.</summary>
    Sqlite,

    /// <summary>Production engine (PostgreSQL 15+); several hosts may share it.</summary>
    Postgres,
}
