using System.Globalization;
using System.Text;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>
/// Names, romanised names and birth dates are stored encrypted like the identifiers (a copy of the database shows none
/// of them: security scan check 8), and the personnel search still finds people by part of their name.
/// </summary>
public sealed class NamesAtRestTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Clerk = Actor.User(5, "hr.chen", ["HrClerk"], sessionKey: "s", clientIp: "10.0.0.5", userAgent: "test");

    private static readonly string[] Names = ["王小明", "王大明", "林小華", "甲乙丙乙甲", "歐陽娜娜"];

    [OneTimeSetUp]
    public async Task PeopleAsync()
    {
        await Migrator.MigrateAsync();
        await SendAsync(new SeedDemoUnits(2, 1, TestActors.Staff));
        for (var i = 0; i < Names.Length; i++)
        {
            await SaveApprovedAsync(new SaveEmployee(TestData.Person(No(i), Names[i], NationalIds[i]) with { RomanisedName = "WANG, HSIAO-MING" }, new DateOnly(2026, 1, 1), "到職", Clerk));
        }
    }

    [Test]
    public async Task NoColumnOfAnyVersion_HoldsAName_ARomanisedName_OrABirthDate_InClear()
    {
        await using var c = await Db.OpenAsync();
        var rows = (await c.QueryAsync("SELECT * FROM personnel_employee_version")).Cast<IDictionary<string, object?>>().ToList();
        Assert.That(rows, Has.Count.EqualTo(Names.Length));
        var text = string.Join("\n", rows.SelectMany(r => r.Values).Select(v => v is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(v, CultureInfo.InvariantCulture)));
        foreach (var clear in Names.Concat(["WANG", "1985-03-02", "19850302"]))
        {
            Assert.That(text, Does.Not.Contain(clear), $"{clear} is stored in clear");
        }

        var history = await SendAsync(new GetEmployeeHistory(No(0), Clerk));
        Assert.That(history.Single().Name, Is.EqualTo("王小明"), "and reads back decrypted");
    }

    [TestCase("小明", new[] { "王小明" })]
    [TestCase("王", new[] { "王小明", "王大明" })]
    [TestCase("明", new[] { "王小明", "王大明" })]
    [TestCase("歐陽", new[] { "歐陽娜娜" })]
    [TestCase("陽娜娜", new[] { "歐陽娜娜" })]
    [TestCase(" 林 小 ", new[] { "林小華" })]
    [TestCase("乙丙乙", new[] { "甲乙丙乙甲" })]
    [TestCase("甲乙甲", new string[0])] // its pairs 甲乙 and 乙甲 are both in 甲乙丙乙甲, but not in a row: the decrypted name decides
    [TestCase("陳", new string[0])]
    [TestCase("-", new string[0])]
    public async Task Search_FindsPeopleByPartOfTheirName(string query, string[] expected)
    {
        var page = await SendAsync(new SearchEmployees(query, null, 1, 50, Clerk));
        Assert.That(page.Items.Select(i => i.Name), Is.EqualTo(expected));
    }

    [Test]
    public async Task Search_ByEmployeeNumberAndNationalId_StillWorks_AndPagesCountOnlyMatches()
    {
        Assert.That((await SendAsync(new SearchEmployees(No(2), null, 1, 50, Clerk))).Items.Select(i => i.Name), Is.EqualTo(new[] { "林小華" }));
        Assert.That((await SendAsync(new SearchEmployees(NationalIds[4], null, 1, 50, Clerk))).Items.Select(i => i.Name), Is.EqualTo(new[] { "歐陽娜娜" }));

        var first = await SendAsync(new SearchEmployees("明", null, 1, 1, Clerk));
        var second = await SendAsync(new SearchEmployees("明", null, 2, 1, Clerk));
        var third = await SendAsync(new SearchEmployees("明", null, 3, 1, Clerk));
        Assert.That((first.Items.Single().Name, first.HasMore), Is.EqualTo(("王小明", true)));
        Assert.That((second.Items.Single().Name, second.HasMore), Is.EqualTo(("王大明", false)));
        Assert.That(third.Items, Is.Empty);
    }

    [Test]
    public async Task Rotation_ReencryptsNamesAndBirthDates_Too()
    {
        var active = Services.GetRequiredService<FieldKeyRing>().Rotate();
        await Services.GetRequiredService<Mediator.IPublisher>().Publish(new ReencryptFieldsRequested(BatchSize: 2));
        await using (var c = await Db.OpenAsync())
        {
            var stale = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM personnel_employee_version WHERE substr(name, 2, 4) <> @k OR substr(romanised_name, 2, 4) <> @k OR substr(birth_date, 2, 4) <> @k",
                new { k = FieldCipher.KeyIdBytes(active) });
            Assert.That(stale, Is.Zero);
        }

        Assert.That((await SendAsync(new SearchEmployees("大明", null, 1, 50, Clerk))).Items.Select(i => i.Name), Is.EqualTo(new[] { "王大明" }), "the terms do not depend on the rotating keys");
    }

    /// <summary>
    /// A database written by the previous version (names and birth dates in clear) is sealed by migration 0004 when
    /// this version starts: nothing left in clear, and the people are found and read as before.
    /// </summary>
    [Test]
    public async Task Upgrade_SealsNamesWrittenInClearByThePreviousVersion()
    {
        await using var old = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(old, Clock);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(modules: m => m == "Security");
        var personnel = services.GetServices<ModuleSchema>().Single(s => s.Module == "Personnel");
        var factory = services.GetRequiredService<IDbConnectionFactory>();
        UpgradeEngineBuilder builder = old.Provider == DatabaseProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(factory.ConnectionString).JournalToPostgresqlTable("public", personnel.JournalTable)
            : DeployChanges.To.SqliteDatabase(factory.ConnectionString).JournalToSqliteTable(personnel.JournalTable);
        var before = personnel.ScriptNames(old.Provider).Where(n => string.CompareOrdinal(n.Split(".Schema.")[1], "0003") < 0).ToHashSet(StringComparer.Ordinal);
        Assert.That(builder.WithScriptsEmbeddedInAssembly(personnel.Assembly, before.Contains)
            .WithVariables(SqlDialect.MigrationVariables(old.Provider).ToDictionary()).Build().PerformUpgrade().Successful);

        var cipher = services.GetRequiredService<FieldCipher>();
        var index = services.GetRequiredService<BlindIndex>();
        await using (var c = await factory.OpenAsync())
        {
            var unit = await c.ExecuteScalarAsync<long>(
                "INSERT INTO personnel_unit (code, name, payer_bank_code, payer_branch_code, payer_account, created_at, created_by) VALUES ('U0001', '示範局', '004', '0037', '1', 0, 't') RETURNING id");
            var id = await c.ExecuteScalarAsync<long>("INSERT INTO personnel_employee (employee_no, created_at, created_by) VALUES ('E1', 0, 't') RETURNING id");
            var rowId = id.ToString(CultureInfo.InvariantCulture);
            await c.ExecuteAsync("""
                INSERT INTO personnel_employee_version (employee_id, effective_from, recorded_at, recorded_by, reason, unit_id, name, romanised_name,
                    national_id, national_id_index, birth_date, staff_category, nhi_dependents, insurance_group, pension_scheme, withholding_method,
                    tax_dependents, tax_resident, bank_code, branch_code, bank_account, bank_account_index, status, status_date)
                VALUES (@id, '2020-01-01', 0, 't', '到職', @unit, '舊版陳美玲', 'CHEN, MEI-LING', @nid, @nidIndex, '1979-01-18', 'CivilServant', 0, '公保', 'OldFund', 'Table',
                    0, TRUE, '004', '0037', @account, @accountIndex, 'Active', '2020-01-01')
                """, new
            {
                id, unit,
                nid = cipher.EncryptString("A123456789", "personnel_employee_version", "national_id", rowId),
                nidIndex = index.Compute("national_id", "A123456789"),
                account = cipher.EncryptString("00012345674321", "personnel_employee_version", "bank_account", rowId),
                accountIndex = index.Compute("bank_account", "00012345674321"),
            });
        }

        // The raw files hold the old values (so the look below can see them) ...
        string[] clear = ["陳美玲", "CHEN, MEI-LING", "1979-01-18"];
        Assert.That(await RawDatabaseFiles.HoldAsync(old, factory, clear), Is.EqualTo(clear), "written in clear by the previous version");

        await migrator.MigrateAsync();

        // ... and after the upgrade not one byte of them: no dropped column, free page or log frame keeps them.
        Assert.That(await RawDatabaseFiles.HoldAsync(old, factory, clear), Is.Empty, "left in the database's files after the upgrade");
        Assert.That(await migrator.MigrateAsync(), Is.Zero, "a second start changes nothing");

        await using (var c = await factory.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {personnel.JournalTable} WHERE scriptname LIKE '%0005_drop_clear_names.purge'"), Is.EqualTo(1), "rewritten once");
            var row = (IDictionary<string, object?>)await c.QuerySingleAsync("SELECT * FROM personnel_employee_version");
            var text = string.Join("\n", row.Values.Select(v => v is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(v, CultureInfo.InvariantCulture)));
            Assert.That(text, Does.Not.Contain("陳美玲").And.Not.Contain("MEI-LING").And.Not.Contain("1979-01-18"));
            Assert.That(row.Keys, Does.Not.Contain("name_sealed"), "the sealed columns took the old names");
            Assert.That(await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {personnel.JournalTable} WHERE scriptname LIKE '%0004_seal_names.code'"), Is.EqualTo(1));
        }

        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
        Assert.That((await sender.Send(new SearchEmployees("美玲", null, 1, 50, Clerk))).Items.Select(i => i.EmployeeNo), Is.EqualTo(new[] { "E1" }));
        var version = (await sender.Send(new GetEmployeeHistory("E1", Clerk))).Single();
        Assert.That(version.Name, Is.EqualTo("舊版陳美玲"));
        Assert.That(version.Reason, Is.EqualTo("到職"), "the reason typed in clear by the previous version, sealed by 0009, reads back");
        await using (var c = await factory.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<string>("SELECT reason FROM personnel_employee_version"), Does.StartWith("sealed1:"));
        }
    }

    /// <summary>
    /// Terms of the former design (one fixed hash per piece, the same in every row) are replaced by salted ones when this
    /// version starts (Personnel 0010), and the table is rewritten: no two rows share a term for the same name any more.
    /// </summary>
    [Test]
    public async Task Upgrade_SaltsTheNameTermsOfEarlierVersions()
    {
        await using var old = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(old, Clock);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync();
        await using (var scope = services.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            await sender.Send(new SeedDemoUnits(2, 1, TestActors.Staff));
            await scope.ServiceProvider.SaveApprovedAsync(new SaveEmployee(TestData.Person("S0001", "王小明", "A123456789"), new DateOnly(2026, 1, 1), "到職", Clerk));
            await scope.ServiceProvider.SaveApprovedAsync(new SaveEmployee(TestData.Person("S0002", "王小明", "B123456780"), new DateOnly(2026, 1, 1), "到職", Clerk));
        }

        var personnel = services.GetServices<ModuleSchema>().Single(s => s.Module == "Personnel");
        var factory = services.GetRequiredService<IDbConnectionFactory>();
        await using (var c = await factory.OpenAsync())
        {
            // As an earlier version left it: the same fixed terms in both rows, and 0010 not yet applied.
            await c.ExecuteAsync("UPDATE personnel_employee_version SET name_terms = ' 0a1b2c3d 4e5f6a7b 8c9d0e1f '");
            await c.ExecuteAsync($"DELETE FROM {personnel.JournalTable} WHERE scriptname LIKE '%0010_salt_name_terms%'");
        }

        await migrator.MigrateAsync();

        await using (var c = await factory.OpenAsync())
        {
            var columns = (await c.QueryAsync<string>("SELECT name_terms FROM personnel_employee_version")).ToList();
            Assert.That(columns, Has.All.StartWith("v2:"));
            Assert.That(columns.Distinct().Count(), Is.EqualTo(2), "the same name, different terms: each row has its own salt");
        }

        Assert.That(await RawDatabaseFiles.HoldAsync(old, factory, ["0a1b2c3d 4e5f6a7b"]), Is.Empty, "the old terms left the files");
        await using var reader = services.CreateAsyncScope();
        var found = await reader.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new SearchEmployees("小明", null, 1, 50, Clerk));
        Assert.That(found.Items.Select(i => i.EmployeeNo), Is.EqualTo(new[] { "S0001", "S0002" }));
    }

    private static readonly string[] NationalIds = ["A123456789", "B123456780", "C123456781", "D123456782", "E123456783"];

    private static string No(int i) => string.Create(CultureInfo.InvariantCulture, $"N{i + 1:0000}");
}
