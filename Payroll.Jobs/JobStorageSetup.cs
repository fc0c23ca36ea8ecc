using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Npgsql;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Jobs;

/// <summary>Job storage: a SQLite file next to the database by default, the shared PostgreSQL database in production.</summary>
public static class JobStorageSetup
{
    public const string PostgresSchema = "hangfire";

    public static IGlobalConfiguration UsePayrollStorage(this IGlobalConfiguration configuration, IDbConnectionFactory db, string dataDirectory, JobStorageOptions? options = null)
    {
        options ??= new JobStorageOptions();
        configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();

        if (db.Provider == DatabaseProvider.Postgres)
        {
            if (db.MigrationConnectionString is { } owner)
            {
                PrepareSchemaAsOwner(owner, db.ConnectionString);
            }

            return configuration.UsePostgreSqlStorage(
                o => o.UseNpgsqlConnection(db.ConnectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = PostgresSchema,
                    // With a migration role the schema is prepared above, by its owner; the application's role cannot create it.
                    PrepareSchemaIfNecessary = db.MigrationConnectionString is null,
                    // A job running longer than the timeout keeps its lease instead of being handed to a second worker.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = options.InvisibilityTimeout,
                    // A lock left by a killed process is taken over after this long.
                    DistributedLockTimeout = options.DistributedLockTimeout,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                });
        }

        Directory.CreateDirectory(dataDirectory);
        return configuration.UseSQLiteStorage(
            Path.Combine(Path.GetFullPath(dataDirectory), "jobs.db"),
            new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(1),
                InvisibilityTimeout = options.InvisibilityTimeout,
                DistributedLockLifetime = options.DistributedLockTimeout,
            });
    }

    /// <summary>
    /// The job storage's tables, installed or upgraded by the migration role, and the application's role given data
    /// rights on them (the jobs' queue, state and locks are written by every host).
    /// </summary>
    private static void PrepareSchemaAsOwner(string ownerConnectionString, string applicationConnectionString)
    {
        using var owner = new NpgsqlConnection(ownerConnectionString);
        owner.Open();
        PostgreSqlObjectsInstaller.Install(owner, PostgresSchema);
        ApplicationRole.GrantAsync(owner, ApplicationRole.Of(applicationConnectionString), PostgresSchema, [], [], CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The job servers of one host. Without per-queue counts, one server takes every queue with <paramref name="workerCount"/>
    /// workers. With them (<c>Payroll:Jobs:Queues:notices=4</c>, ...), one server per queue with that many workers, and a
    /// queue given 0 (or left out) is not taken by this host — so a host can be made to send notices only, or to calculate
    /// payroll only.
    /// </summary>
    public static IReadOnlyList<BackgroundJobServerOptions> Servers(IReadOnlyDictionary<string, int> perQueue, int workerCount, string serverName)
    {
        var unknown = perQueue.Keys.Where(q => !JobQueues.All.Contains(q, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0 || perQueue.Values.Any(n => n < 0))
        {
            throw new ArgumentException(unknown.Count > 0
                ? $"Payroll:Jobs:Queues: unknown queue(s) {string.Join(", ", unknown)}; the queues are {string.Join(", ", JobQueues.All)}."
                : "Payroll:Jobs:Queues: a worker count is 0 or more.");
        }

        if (perQueue.Count == 0)
        {
            return [ServerOptions(workerCount, serverName)];
        }

        var servers = new List<BackgroundJobServerOptions>();
        foreach (var queue in JobQueues.All.Where(q => perQueue.GetValueOrDefault(q) > 0))
        {
            var options = ServerOptions(perQueue[queue], $"{serverName}:{queue}");
            options.Queues = [queue];
            servers.Add(options);
        }

        return servers.Count > 0 ? servers : throw new ArgumentException("Payroll:Jobs:Queues gives every queue 0 workers: use --role web for a host without jobs.");
    }

    public static BackgroundJobServerOptions ServerOptions(int workerCount, string serverName) => new()
    {
        Queues = JobQueues.All,
        WorkerCount = Math.Max(1, workerCount),
        ServerName = serverName,
        ShutdownTimeout = TimeSpan.FromSeconds(30),
    };
}

/// <summary>Job storage settings (<c>Payroll:Jobs</c>).</summary>
public sealed class JobStorageOptions
{
    /// <summary>
    /// How long a fetched job stays invisible to other workers. On PostgreSQL the lease slides while the job runs, so only
    /// a dead worker's job is handed on, after this long.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a distributed lock (the recurring-job scheduler's, for one) left by a killed process blocks others.</summary>
    public TimeSpan DistributedLockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A recurring job starting this long after its planned time is reported as late.</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(5);
}
