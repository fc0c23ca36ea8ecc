using System.Globalization;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;

namespace Payroll.Tests.Breach;

/// <summary>
/// A mail server's refusal names the address it refused, and a delivery note is an officer's words: a database written
/// by an earlier version, which kept them in clear, is sealed when this version starts, and not one byte of them stays
/// in the files; a key rotation moves them under the new key like every other protected value.
/// </summary>
public sealed class NoticeTextsAtRestTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task Upgrade_SealsWhatEarlierVersionsKeptInClear_AndRotationReencryptsIt()
    {
        await using var old = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(old, Clock);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(modules: m => m != "Breach");
        var breach = services.GetServices<ModuleSchema>().Single(s => s.Module == "Breach");
        var factory = services.GetRequiredService<IDbConnectionFactory>();
        UpgradeEngineBuilder builder = old.Provider == DatabaseProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(factory.ConnectionString).JournalToPostgresqlTable("public", breach.JournalTable)
            : DeployChanges.To.SqliteDatabase(factory.ConnectionString).JournalToSqliteTable(breach.JournalTable);
        Assert.That(builder.WithScriptsEmbeddedInAssembly(breach.Assembly, breach.ScriptNames(old.Provider).ToHashSet(StringComparer.Ordinal).Contains)
            .WithVariables(SqlDialect.MigrationVariables(old.Provider).ToDictionary()).Build().PerformUpgrade().Successful);

        const string refusal = "550 5.1.1 <chen.meiling@city.test>: mailbox unavailable";
        const string note = "由陳美玲本人於 12 月 3 日簽收";
        long notice;
        await using (var c = await factory.OpenAsync())
        {
            var incident = await c.ExecuteScalarAsync<long>("""
                INSERT INTO breach_incident (title, aware_at, level, rule_set, data_categories, sensitive_data, created_by, created_at, updated_by, updated_at)
                VALUES ('舊版事故', 0, 2, 'Pdpa', '[]', FALSE, 't', 0, 't', 0) RETURNING id
                """);
            var set = await c.ExecuteScalarAsync<long>(
                "INSERT INTO breach_affected_set (incident_id, version, people, summary, created_by, created_at) VALUES (@incident, 1, 1, '{}', 't', 0) RETURNING id", new { incident });
            notice = await c.ExecuteScalarAsync<long>("""
                INSERT INTO breach_notice (incident_id, set_id, employee_id, employee_no, channel, state, queued_at, next_attempt_at, failure, delivery)
                VALUES (@incident, @set, 1, 'E1', 'Email', 'Failed', 0, 0, @refusal, @note) RETURNING id
                """, new { incident, set, refusal, note });
        }

        string[] clear = ["chen.meiling@city.test", "陳美玲"];
        Assert.That(await RawDatabaseFiles.HoldAsync(old, factory, clear), Is.EqualTo(clear), "written in clear by the earlier version");

        await migrator.MigrateAsync();

        Assert.That(await RawDatabaseFiles.HoldAsync(old, factory, clear), Is.Empty, "left in the files after the upgrade");
        var cipher = services.GetRequiredService<FieldCipher>();
        var id = notice.ToString(CultureInfo.InvariantCulture);
        await using (var c = await factory.OpenAsync())
        {
            var row = await c.QuerySingleAsync<(string Failure, string Delivery)>("SELECT failure, delivery FROM breach_notice WHERE id = @notice", new { notice });
            Assert.That(row.Failure, Does.StartWith(SealedText.PrefixOf(cipher.ActiveKeyId)));
            Assert.That(cipher.Open(row.Failure, "breach_notice", "failure", id), Is.EqualTo(refusal));
            Assert.That(cipher.Open(row.Delivery, "breach_notice", "delivery", id), Is.EqualTo(note));
            Assert.Throws(Is.InstanceOf<System.Security.Cryptography.CryptographicException>(), () => cipher.Open(row.Failure, "breach_notice", "failure", "999"), "bound to its row");
        }

        var active = services.GetRequiredService<FieldKeyRing>().Rotate();
        await services.GetRequiredService<Mediator.IPublisher>().Publish(new ReencryptFieldsRequested(BatchSize: 1));
        await using (var c = await factory.OpenAsync())
        {
            var row = await c.QuerySingleAsync<(string Failure, string Delivery)>("SELECT failure, delivery FROM breach_notice WHERE id = @notice", new { notice });
            Assert.That(row.Failure, Does.StartWith(SealedText.PrefixOf(active)));
            Assert.That(row.Delivery, Does.StartWith(SealedText.PrefixOf(active)));
            Assert.That(cipher.Open(row.Failure, "breach_notice", "failure", id), Is.EqualTo(refusal));
        }
    }
}
