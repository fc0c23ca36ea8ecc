using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;
using static Payroll.Tests.Vault.VaultScenario;

namespace Payroll.Tests.Kernel;

/// <summary>
/// PostgreSQL with a migration role: the schema (and the job storage's) belongs to that role, and the application's role
/// can append to the ledger but not update, delete, truncate it or touch its triggers. Roles are a PostgreSQL matter:
/// on SQLite the same setting is refused with a clear error.
/// </summary>
[NonParallelizable]
public sealed class ApplicationRoleTests
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private string _admin = null!;
    private string _database = null!;
    private string _dataDirectory = null!;
    private ServiceProvider _services = null!;

    private string Owner => "payroll_owner_" + _suffix;

    private string App => "payroll_app_" + _suffix;

    [OneTimeSetUp]
    public async Task CreateRolesAndDatabaseAsync()
    {
        _admin = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) ?? "";
        if (string.IsNullOrWhiteSpace(_admin))
        {
            Assert.Fail($"{TestDatabase.PostgresVariable} is not set: run the tests with scripts/test.sh.");
        }

        _database = "payroll_roles_" + _suffix;
        await AsAdminAsync($"CREATE ROLE {Owner} LOGIN", $"CREATE ROLE {App} LOGIN", $"CREATE DATABASE {_database} OWNER {Owner}");
        _dataDirectory = Path.Combine(Path.GetTempPath(), "payroll-tests", _suffix);
        Directory.CreateDirectory(_dataDirectory);
        _services = DatabaseFixture.BuildServices(
        [
            $"--Payroll:DataDirectory={_dataDirectory}",
            "--Payroll:Database:Provider=postgres",
            $"--Payroll:Database:ConnectionString={As(App)}",
            $"--Payroll:Database:MigrationConnectionString={As(Owner)}",
        ]);
        await _services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await AsAdminAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", $"DROP ROLE IF EXISTS {App}", $"DROP ROLE IF EXISTS {Owner}");
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Test]
    public async Task TheSchema_BelongsToTheMigrationRole()
    {
        await using var c = await OpenAsync(Owner);
        var owners = (await c.QueryAsync<string>("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('public', 'hangfire')")).ToList();
        Assert.That(owners, Is.EqualTo(new[] { Owner }));
    }

    [Test]
    public async Task TheApplication_WritesAndVerifiesTheLedger_AsItsRole()
    {
        var stored = await _services.SendWithinAsync(new StoreDocument("payroll-register", "Salary", "text/csv", "r.csv", "x"u8.ToArray(), [1, 2], ["salary"], Job));
        await _services.SendWithinAsync(new RecordAccess(User(1, "user1", "10.0.0.1", "PayrollOperator"), AccessAction.Download, stored.DocumentId, "register", [], ["salary"], AccessOutcome.Allowed));
        await _services.SendWithinAsync(new RecordAccess(User(1, "user1", "10.0.0.1", "HrClerk"), AccessAction.View, null, "/personnel/3", [3], ["name"], AccessOutcome.Allowed));
        await _services.SendWithinAsync(new WriteAuditCheckpoint(TestActors.Staff));
        var exposed = await _services.SendWithinAsync(new GetSubjectsExposed(new AccessFilter(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [], false, [], [], null, null, null), TestActors.Auditor));
        Assert.That(exposed.Select(e => e.SubjectId), Is.EqualTo(new long[] { 1, 2, 3 }));
        var status = await _services.SendWithinAsync(new VerifyAuditChain(TestActors.Staff));
        Assert.That(status.All(s => s.Intact), Is.True, string.Join("; ", status.Select(s => s.Problem)));
    }

    [TestCase("UPDATE vault_access SET actor = 'someone-else'")]
    [TestCase("DELETE FROM vault_access")]
    [TestCase("TRUNCATE vault_access")]
    [TestCase("UPDATE vault_access_subject SET subject_id = 9")]
    [TestCase("DELETE FROM vault_access_subject")]
    [TestCase("DELETE FROM vault_document_subject")]
    [TestCase("TRUNCATE vault_document_subject")]
    [TestCase("DELETE FROM vault_change")]
    [TestCase("TRUNCATE vault_change")]
    [TestCase("DELETE FROM vault_checkpoint")]
    [TestCase("ALTER TABLE vault_access DISABLE TRIGGER USER")]
    [TestCase("DROP TRIGGER vault_access_append_only ON vault_access")]
    [TestCase("CREATE OR REPLACE FUNCTION vault_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END; $$")]
    [TestCase("DROP TABLE vault_access_subject")]
    [TestCase("CREATE TABLE public.lookalike (id INTEGER)")]
    [TestCase("DELETE FROM vault_schema_versions")]
    public async Task TheApplicationRole_CannotUndoTheLedger(string sql)
    {
        await using var c = await OpenAsync(App);
        var refused = Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(sql));
        Assert.That(refused!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), refused.Message);
    }

    [Test]
    public async Task TheApplicationRole_StillMovesTheChainHead_AndRunsJobs()
    {
        await using (var c = await OpenAsync(App))
        {
            // What an append needs: taking the head row (a transaction rolled back, so the chain is untouched).
            await using var tx = await c.BeginTransactionAsync();
            Assert.That(await c.ExecuteAsync("UPDATE vault_chain_head SET seq = seq WHERE chain = 'access'", transaction: tx), Is.EqualTo(1));
            await tx.RollbackAsync();
        }

        var id = _services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Console.WriteLine("role check"));
        Assert.That(id, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task ASuperuserApplicationRole_IsRefused_Named()
    {
        await using var c = await OpenAsync(Owner);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => ApplicationRole.CheckAsync(c, "postgres", "public", CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("postgres is a superuser"));
    }

    [Test]
    public void OnSqlite_AMigrationRole_IsRefused_Named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DbConnectionFactory.Create(
            new DatabaseOptions { Provider = "sqlite", MigrationConnectionString = "Host=x;Username=y" }, _dataDirectory));
        Assert.That(error!.Message, Does.Contain("MigrationConnectionString is for PostgreSQL only"));
    }

    private string As(string role) => new NpgsqlConnectionStringBuilder(_admin) { Username = role, Database = _database, Pooling = false }.ToString();

    private async Task<NpgsqlConnection> OpenAsync(string role)
    {
        var c = new NpgsqlConnection(As(role));
        await c.OpenAsync();
        return c;
    }

    private async Task AsAdminAsync(params string[] statements)
    {
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        foreach (var statement in statements)
        {
            await c.ExecuteAsync(statement);
        }
    }
}
