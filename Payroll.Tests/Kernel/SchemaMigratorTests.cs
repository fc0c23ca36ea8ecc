using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;

namespace Payroll.Tests.Kernel;

/// <summary>DbUp migrations per module, on both engines: applied once, journaled per module, safe to run again.</summary>
public sealed class SchemaMigratorTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task Migrate_CreatesTables_ThenIsANoOpTheSecondTime()
    {
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(fresh);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();
        Assert.That(first, Is.GreaterThan(0));
        Assert.That(second, Is.Zero);

        await using var c = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts_user"), Is.Zero);
        var accounts = services.GetServices<ModuleSchema>().Single(m => m.Module == "Accounts");
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts_schema_versions"), Is.EqualTo(accounts.ScriptNames(fresh.Provider).Count() + accounts.Code.Count), "one journal row per script or code step");
    }

    [Test]
    public async Task EveryModuleWithScripts_HasItsOwnJournal()
    {
        await Migrator.MigrateAsync();
        var sql = Db.Provider == DatabaseProvider.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        await using var c = await Db.OpenAsync();
        var tables = (await c.QueryAsync<string>(sql)).ToList();
        var schemas = Services.GetServices<ModuleSchema>().ToList();
        Assert.That(schemas.Select(s => s.Module), Is.EquivalentTo(new[] { "Accounts", "Personnel", "Salary", "BankTransfer", "Breach", "Vault" }));
        foreach (var schema in schemas.Where(s => s.ScriptNames(Db.Provider).Any()))
        {
            Assert.That(tables, Does.Contain(schema.JournalTable));
        }

        Assert.That(tables.Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal)),
            Has.All.Matches<string>(t => t.Split('_')[0] is "accounts" or "personnel" or "salary" or "banktransfer" or "breach" or "vault"),
            "every table is prefixed with its owner");
    }

    [Test]
    public async Task SameSql_RoundTripsBooleansIdentitiesAndInstants_OnBothEngines()
    {
        await Migrator.MigrateAsync();
        await using var c = await Db.OpenAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO accounts_user (username, password_hash, disabled, created_at, created_by, updated_at, updated_by) VALUES (@u, 'x', @d, @now, 'test', @now, 'test') RETURNING id",
            new { u = "roundtrip-" + Guid.NewGuid().ToString("N")[..6], d = true, now });
        var disabled = await c.ExecuteScalarAsync<bool>("SELECT disabled FROM accounts_user WHERE id = @id", new { id });
        var created = await c.ExecuteScalarAsync<long>("SELECT created_at FROM accounts_user WHERE id = @id", new { id });
        Assert.That(id, Is.GreaterThan(0));
        Assert.That(disabled, Is.True);
        Assert.That(created, Is.EqualTo(now));
    }

    [Test]
    public async Task Sqlite_UsesWriteAheadLog()
    {
        if (Db.Provider != DatabaseProvider.Sqlite)
        {
            Assert.That(Db.Provider, Is.EqualTo(DatabaseProvider.Postgres));
            return;
        }

        await using var c = await Db.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(File.Exists(Path.Combine(Database.DataDirectory, "payroll.db")), Is.True, "one file in the data directory");
    }

    [Test]
    public async Task ConcurrentMigrations_FromSeveralHosts_ApplyEachScriptOnce()
    {
        // Several hosts starting at once against one database take turns (advisory lock on PostgreSQL, file lock on SQLite).
        await using var fresh = await TestDatabase.CreateAsync(ProviderName);
        var providers = Enumerable.Range(0, 3).Select(_ => BuildServices(fresh)).ToList();
        try
        {
            var scripts = providers[0].GetServices<ModuleSchema>().Sum(s => s.ScriptNames(fresh.Provider).Count() + s.Code.Count);
            var applied = await Task.WhenAll(providers.Select(p => Task.Run(() => p.GetRequiredService<SchemaMigrator>().MigrateAsync())));
            Assert.That(applied.Sum(), Is.EqualTo(scripts), "each script applied by exactly one of the hosts");
        }
        finally
        {
            foreach (var p in providers)
            {
                await p.DisposeAsync();
            }
        }
    }
}
