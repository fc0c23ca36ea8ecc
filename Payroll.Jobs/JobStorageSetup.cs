using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Jobs;

/// <summary>Job storage: a SQLite file next to the database by default, the shared PostgreSQL database in production.</summary>
public static class JobStorageSetup
{
    public const string PostgresSchema = "hangfire";

    public static IGlobalConfiguration UsePayrollStorage(this IGlobalConfiguration configuration, IDbConnectionFactory db, string dataDirectory)
    {
        configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();

        if (db.Provider == DatabaseProvider.Postgres)
        {
            return configuration.UsePostgreSqlStorage(
                o => o.UseNpgsqlConnection(db.ConnectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = PostgresSchema,
                    PrepareSchemaIfNecessary = true,
                    // A job running longer than the timeout keeps its lease instead of being handed to a second worker.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                });
        }

        Directory.CreateDirectory(dataDirectory);
        return configuration.UseSQLiteStorage(
            Path.Combine(Path.GetFullPath(dataDirectory), "jobs.db"),
            new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
    }

    public static BackgroundJobServerOptions ServerOptions(int workerCount, string serverName) => new()
    {
        Queues = JobQueues.All,
        WorkerCount = Math.Max(1, workerCount),
        ServerName = serverName,
        ShutdownTimeout = TimeSpan.FromSeconds(30),
    };
}
