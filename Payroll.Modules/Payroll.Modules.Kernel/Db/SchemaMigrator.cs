using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Payroll.Modules.Kernel.Db;

/// <summary>Applies every module's migrations with DbUp, in module order, each journaled separately.</summary>
public sealed class SchemaMigrator(IDbConnectionFactory connections, IEnumerable<ModuleSchema> schemas, IServiceProvider services, ILogger<SchemaMigrator> logger)
{
    // Arbitrary constant: several hosts starting together on PostgreSQL take turns migrating.
    private const long MigrationLockKey = 0x5041_5952_4F4C_4C;

    /// <summary>Applies what is missing, for every module or those <paramref name="modules"/> names; returns the number of scripts applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default, Func<string, bool>? modules = null)
    {
        if (connections.Provider == DatabaseProvider.Postgres)
        {
            await using var lockConnection = new NpgsqlConnection(MigrationConnectionString);
            await lockConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await lockConnection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }).ConfigureAwait(false);
            try
            {
                var applied = Apply(modules);
                await PurgeAsync(lockConnection, modules, cancellationToken).ConfigureAwait(false);
                if (connections.MigrationConnectionString is not null)
                {
                    // Every start, not only after a new script: a table added by hand or a grant taken back is put right.
                    await ApplicationRole.GrantAsync(
                        lockConnection, ApplicationRole.Of(connections.ConnectionString), "public",
                        schemas.SelectMany(s => s.InsertOnlyTables), schemas.Select(s => s.JournalTable), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    logger.LogWarning("Payroll:Database:MigrationConnectionString is not set: the application's role owns the schema, so it could switch off the ledger's guards (docs/deployment.md, \"Database roles\").");
                }

                return applied;
            }
            finally
            {
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey }).ConfigureAwait(false);
            }
        }

        // Opening once sets WAL mode on the file before DbUp connects.
        await using (await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        var count = Apply(modules);
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await PurgeAsync(connection, modules, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>
    /// Runs each module's purges (<see cref="SchemaPurge"/>) not yet done, outside any transaction (neither VACUUM can
    /// run inside one). Each purge is journaled by DbUp like a script (an empty one named <c>…Schema.NAME.purge</c>,
    /// recorded once the rewrite is done), so it runs once per database and again after a crash half way.
    /// </summary>
    private async Task PurgeAsync(System.Data.Common.DbConnection connection, Func<string, bool>? modules, CancellationToken ct)
    {
        foreach (var schema in schemas.Where(s => s.Purges.Count > 0 && (modules is null || modules(s.Module))))
        {
            foreach (var purge in schema.Purges)
            {
                var marker = Journaled(schema).WithScript(schema.PurgeScriptName(purge), "SELECT 1").LogTo(new DbUpLog(logger)).Build();
                if (marker.GetScriptsToExecute().Count == 0)
                {
                    continue;
                }

                if (connections.Provider == DatabaseProvider.Postgres)
                {
                    foreach (var table in purge.Tables)
                    {
                        await connection.ExecuteAsync(new CommandDefinition($"VACUUM FULL {ApplicationRole.Require(table)}", cancellationToken: ct)).ConfigureAwait(false);
                    }
                }
                else
                {
                    await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON", cancellationToken: ct)).ConfigureAwait(false);
                    // One word: without the command type Dapper would take it for a stored procedure's name.
                    await connection.ExecuteAsync(new CommandDefinition("VACUUM", commandType: System.Data.CommandType.Text, cancellationToken: ct)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct)).ConfigureAwait(false);
                }

                var recorded = marker.PerformUpgrade();
                if (!recorded.Successful)
                {
                    throw new InvalidOperationException($"Purge {purge.Name} of module {schema.Module} ran but could not be journaled.", recorded.Error);
                }

                logger.LogInformation("Rewrote {Module} {Tables} after {Purge}: nothing of the dropped clear columns is left in the files", schema.Module, string.Join(", ", purge.Tables), purge.Name);
            }
        }
    }

    /// <summary>A DbUp builder on the module's own journal, for its scripts and its purges' records.</summary>
    private UpgradeEngineBuilder Journaled(ModuleSchema schema) => connections.Provider switch
    {
        DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(connections.ConnectionString).JournalToSqliteTable(schema.JournalTable),
        DatabaseProvider.Postgres => DeployChanges.To.PostgresqlDatabase(MigrationConnectionString).JournalToPostgresqlTable("public", schema.JournalTable),
        _ => throw new InvalidOperationException("Unknown provider."),
    };

    private string MigrationConnectionString => connections.MigrationConnectionString ?? connections.ConnectionString;

    private int Apply(Func<string, bool>? modules)
    {
        var applied = 0;
        foreach (var schema in schemas.Where(s => modules is null || modules(s.Module)))
        {
            var scripts = schema.ScriptNames(connections.Provider).ToHashSet(StringComparer.Ordinal);
            var builder = Journaled(schema);
            foreach (var step in schema.Code)
            {
                builder = builder.WithScript(schema.CodeScriptName(step), step.Create(services));
            }

            var engine = builder
                .WithScriptsEmbeddedInAssembly(schema.Assembly, scripts.Contains)
                .WithVariables(SqlDialect.MigrationVariables(connections.Provider).ToDictionary())
                .WithTransactionPerScript()
                .LogTo(new DbUpLog(logger))
                .Build();
            var result = engine.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException(
                    $"Migration of module {schema.Module} failed at script {result.ErrorScript?.Name}.", result.Error);
            }

            applied += result.Scripts.Count();
            foreach (var file in result.Scripts.Select(s => s.Name))
            {
                logger.LogInformation("Applied migration {Module} {Script}", schema.Module, file);
            }
        }

        return applied;
    }

    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("DbUp: {Message}", SafeFormat(format, args));

        public void LogDebug(string format, params object[] args) => logger.LogDebug("DbUp: {Message}", SafeFormat(format, args));

        public void LogInformation(string format, params object[] args) => logger.LogDebug("DbUp: {Message}", SafeFormat(format, args));

        public void LogWarning(string format, params object[] args) => logger.LogWarning("DbUp: {Message}", SafeFormat(format, args));

        public void LogError(string format, params object[] args) => logger.LogError("DbUp: {Message}", SafeFormat(format, args));

        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "DbUp: {Message}", SafeFormat(format, args));

        private static string SafeFormat(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
