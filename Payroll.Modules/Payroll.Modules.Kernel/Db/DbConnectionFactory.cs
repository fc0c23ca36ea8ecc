using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Payroll.Modules.Kernel.Db;

public sealed class DbConnectionFactory : IDbConnectionFactory, IDisposable
{
    private readonly NpgsqlDataSource? _dataSource;

    public DbConnectionFactory(DatabaseProvider provider, string connectionString, string? migrationConnectionString = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        MigrationConnectionString = string.IsNullOrWhiteSpace(migrationConnectionString) ? null : migrationConnectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            _dataSource = NpgsqlDataSource.Create(connectionString);
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string? MigrationConnectionString { get; }

    /// <summary>Resolves the configured provider and connection string; SQLite defaults to a file in the data directory.</summary>
    public static DbConnectionFactory Create(DatabaseOptions options, string dataDirectory)
    {
        var provider = options.ParsedProvider;
        var cs = options.ConnectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(cs))
            {
                throw new InvalidOperationException(
                    "Payroll:Database:ConnectionString is required when Payroll:Database:Provider is 'postgres'.");
            }

            return new DbConnectionFactory(provider, cs, options.MigrationConnectionString);
        }

        if (!string.IsNullOrWhiteSpace(options.MigrationConnectionString))
        {
            throw new InvalidOperationException(
                "Payroll:Database:MigrationConnectionString is for PostgreSQL only: a SQLite file has no roles (protect the file with its owner and mode).");
        }

        if (string.IsNullOrWhiteSpace(cs))
        {
            Directory.CreateDirectory(dataDirectory);
            cs = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Path.GetFullPath(dataDirectory), "payroll.db"),
                Pooling = true,
                ForeignKeys = true,
                DefaultTimeout = 30,
            }.ToString();
        }

        return new DbConnectionFactory(provider, cs);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            // WAL lets readers and the one writer proceed together; busy_timeout makes writers queue instead of failing.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void ClearPool()
    {
        if (_dataSource is not null)
        {
            _dataSource.Clear();

            // And the pools opened by connection string on the same server: the job storage's.
            NpgsqlConnection.ClearAllPools();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }

    public void Dispose() => _dataSource?.Dispose();
}
