using Npgsql;
using Payroll.Modules.Kernel.Db;

namespace Payroll.Tests.Support;

/// <summary>
/// A fresh, empty database for one fixture: a SQLite file in a temp directory, or a new database on the PostgreSQL
/// cluster that <c>scripts/test.sh</c> starts (connection string in <c>PAYROLL_TEST_PG</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PAYROLL_TEST_PG";

    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseProvider provider, string dataDirectory, string? connectionString, string? adminConnectionString, string? databaseName)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
        _databaseName = databaseName;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The host's data directory (SQLite file, job storage, certificate).</summary>
    public string DataDirectory { get; }

    /// <summary>The key directory beside it (field keys, key ring, checkpoints): the default, <c>&lt;data&gt;-keys</c>.</summary>
    public string KeyDirectory => DataDirectory + "-keys";

    /// <summary>Null on SQLite: the host puts its file in the data directory.</summary>
    public string? ConnectionString { get; }

    public string ProviderName => Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    /// <summary>Configuration arguments that point a host or the CLI at this database.</summary>
    public IEnumerable<string> ConfigArgs()
    {
        yield return $"--Payroll:DataDirectory={DataDirectory}";
        yield return $"--Payroll:Database:Provider={ProviderName}";

        // As in the demo: the shipped tables are unverified, and an approver may acknowledge them by name.
        yield return "--Payroll:Salary:AllowUnverifiedTables=true";

        // The tests sign in hundreds of times a minute from one address: the per-address limits are lifted (their own
        // test sets them low).
        yield return "--Payroll:Security:SignInPermitsPerMinute=1000000";
        yield return "--Payroll:Security:ApiPermitsPerMinute=1000000";
        if (ConnectionString is not null)
        {
            yield return $"--Payroll:Database:ConnectionString={ConnectionString}";
        }
    }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "payroll-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        if (provider == "sqlite")
        {
            return new TestDatabase(DatabaseProvider.Sqlite, dataDirectory, null, null, null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Fail($"{PostgresVariable} is not set: run the tests with scripts/test.sh, which starts a PostgreSQL cluster for them.");
        }

        var name = "payroll_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        return new TestDatabase(DatabaseProvider.Postgres, dataDirectory, cs, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
            if (Directory.Exists(KeyDirectory))
            {
                Directory.Delete(KeyDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A job-storage file may still be closing; the temp folder is cleaned by the OS.
        }
    }
}
