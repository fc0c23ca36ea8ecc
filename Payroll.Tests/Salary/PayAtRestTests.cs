using System.Buffers.Binary;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.BankTransfer.Generation;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Db;
using Payroll.Modules.Salary.Payslips;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// Issue "at rest", item 1: a copy of the database says nobody's pay. A database written by an earlier version (payslip
/// amounts, lines, bank credits and a garnishment's amount and debt in clear) is sealed when this version starts, and the old values leave the files; a
/// run of this version writes no person's amount in any column of any table; a key rotation re-encrypts payslips and
/// credits like every other protected value.
/// </summary>
public sealed class PayAtRestTests(string provider) : DatabaseFixture(provider)
{
    // An amount no table holds by chance, as text in a trace and as the integer each engine stores: two people are paid
    // it, so no aggregate (the run's, the unit's, the file's) equals it.
    private const long Canary = 87_654_321;

    [Test]
    public async Task Upgrade_SealsPayslipsAndCreditsWrittenInClear_LeavesNoTraceInTheFiles_AndRotationReencryptsThem()
    {
        await using var old = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(old, Clock);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(modules: m => m is not ("Salary" or "BankTransfer"));
        var factory = services.GetRequiredService<IDbConnectionFactory>();
        UpTo(services, old, factory, "Salary", "0009");
        UpTo(services, old, factory, "BankTransfer", "0001");

        await using (var c = await factory.OpenAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO salary_run (period, kind, units, state, version, started_by, started_at, people, gross, deductions, net)
                VALUES ('2026-11', 'Regular', '', 'Approved', 1, 'op', 0, 2, 200000000, 24691358, 175308642)
                """);
            await c.ExecuteAsync("""
                INSERT INTO salary_payslip (run_id, version, employee_id, employee_no, unit_code, days_paid, days_in_period, gross, deductions, net, exception, is_current, employer_lines, nhi_insured)
                VALUES (1, 1, 7, 'E0007', 'U001', 30, 30, 100000000, 12345679, 87654321, NULL, TRUE, @employer, 0),
                       (1, 1, 8, 'E0008', 'U001', 30, 30, 100000000, 12345679, 87654321, NULL, TRUE, NULL, 0)
                """, new { employer = "ER:NHI\u001f4321\u001fnhi#1\u001frule\u001finsured=87654321" });
            await c.ExecuteAsync("""
                INSERT INTO salary_payslip_line (run_id, version, employee_id, line_no, code, amount, rule, table_ref, inputs)
                VALUES (1, 1, 7, 1, 'BASE', 100000000, '本俸', 'salary-points#1', 'points=800'), (1, 1, 7, 2, 'TAX', 12345679, '扣繳', 'withholding#1', 'net=87654321')
                """);
            await c.ExecuteAsync("""
                INSERT INTO salary_standing_deduction (employee_id, kind, label, amount, reference, from_period, recorded_at, recorded_by, creditor, order_date, total_debt)
                VALUES (7, 'Garnishment', '臺灣銀行', 87654321, '北院 115 司執 1', '2026-01', 0, 't', '臺灣銀行', '2026-01-01', 87654321)
                """);
            await c.ExecuteAsync("INSERT INTO banktransfer_generation (run_id, state, hold_back, notes, generated_by, generated_at) VALUES (1, 'Released', '', '', 'op', 0)");
            await c.ExecuteAsync("""
                INSERT INTO banktransfer_file (generation_id, run_id, payer_bank, payer_account, payer_name, profile, file_name, document_id, sha256, size, payments, total)
                VALUES (1, 1, '0040000', '12345678', '臺北市政府', 'ACHP01', 'f.txt', 'd', 's', 1, 2, 175308642)
                """);
            await c.ExecuteAsync("""
                INSERT INTO banktransfer_payment (file_id, sequence, run_id, employee_id, employee_no, unit_code, payee_bank, payee_account_last4, amount, status)
                VALUES (1, 1, 1, 7, 'E0007', 'U001', '8120012', '9911', 87654321, 'Sent')
                """);
            await c.ExecuteAsync("""
                INSERT INTO banktransfer_hold (generation_id, run_id, employee_id, employee_no, unit_code, amount, reason)
                VALUES (1, 1, 8, 'E0008', 'U001', 87654321, 'no account')
                """);
        }

        var clear = CanaryForms(old.Provider);
        Assert.That(await RawDatabaseFiles.HoldBytesAsync(old, factory, clear.Values.ToArray()), Is.Not.Empty, "written in clear by the earlier version");

        await migrator.MigrateAsync();

        var left = await RawDatabaseFiles.HoldBytesAsync(old, factory, clear.Values.ToArray());
        Assert.That(clear.Where(f => left.Contains(f.Value)).Select(f => f.Key), Is.Empty, "left in the files after the upgrade");
        var seal = services.GetRequiredService<PayslipSeal>();
        var opened = (await services.PayslipsAsync(1)).Single(p => p.EmployeeId == 7);
        Assert.That((opened.Gross, opened.Deductions, opened.Net, opened.Figures.DaysPaid), Is.EqualTo((100_000_000L, 12_345_679L, Canary, 30)));
        Assert.That(opened.Lines.Select(l => (l.Code, l.Amount)), Is.EqualTo(new[] { ("BASE", 100_000_000L), ("TAX", 12_345_679L), ("ER:NHI", 4_321L) }),
            "the person's lines and the employer's, with their trace");
        var credits = services.GetRequiredService<CreditSeal>();
        var deductions = services.GetRequiredService<Payroll.Modules.Salary.Deductions.DeductionSeal>();
        await using (var c = await factory.OpenAsync())
        {
            var credit = await c.ExecuteScalarAsync<byte[]>("SELECT credit FROM banktransfer_payment WHERE file_id = 1 AND sequence = 1");
            Assert.That(credits.Open(credit!, 1, 1, 7), Is.EqualTo(new Credit("8120012", "9911", Canary)));
            Assert.That(() => credits.Open(credit!, 1, 1, 8), Throws.InstanceOf<System.Security.Cryptography.CryptographicException>(), "bound to its person");
            var held = await c.ExecuteScalarAsync<byte[]>("SELECT held FROM banktransfer_hold WHERE generation_id = 1 AND employee_id = 8");
            Assert.That(credits.OpenHeld(held!, 1, 8), Is.EqualTo(Canary));
            var terms = await c.ExecuteScalarAsync<byte[]>("SELECT terms FROM salary_standing_deduction WHERE employee_id = 7");
            Assert.That(deductions.Open(terms!, 7), Is.EqualTo((Canary, (long?)Canary)), "the order's amount and the debt it enforces");
            var units = await c.QuerySingleAsync<(long People, long Net)>("SELECT people, net FROM salary_run_unit WHERE run_id = 1 AND unit_code = 'U001'");
            Assert.That(units, Is.EqualTo((2L, 2 * Canary)), "the unit's totals, counted from the clear columns before they went");
        }

        var rotated = services.GetRequiredService<FieldKeyRing>().Rotate();
        await services.GetRequiredService<Mediator.IPublisher>().Publish(new ReencryptFieldsRequested(BatchSize: 1));
        await using (var c = await factory.OpenAsync())
        {
            var row = await c.QuerySingleAsync<(byte[] Figures, byte[] Lines)>("SELECT figures, lines FROM salary_payslip WHERE run_id = 1 AND employee_id = 7");
            Assert.That((FieldCipher.KeyIdOf(row.Figures), FieldCipher.KeyIdOf(row.Lines)), Is.EqualTo((rotated, rotated)));
            Assert.That(seal.OpenFigures(row.Figures, 1, 1, 7).Net, Is.EqualTo(Canary));
            Assert.That(() => seal.OpenFigures(row.Figures, 1, 1, 8), Throws.InstanceOf<System.Security.Cryptography.CryptographicException>(), "bound to its payslip");
            Assert.That(FieldCipher.KeyIdOf(await c.ExecuteScalarAsync<byte[]>("SELECT credit FROM banktransfer_payment") ?? []), Is.EqualTo(rotated));
            Assert.That(FieldCipher.KeyIdOf(await c.ExecuteScalarAsync<byte[]>("SELECT held FROM banktransfer_hold") ?? []), Is.EqualTo(rotated));
            Assert.That(FieldCipher.KeyIdOf(await c.ExecuteScalarAsync<byte[]>("SELECT terms FROM salary_standing_deduction") ?? []), Is.EqualTo(rotated));
        }
    }

    [Test]
    public async Task AfterARunAndItsBankFiles_NoColumnOfAnyTable_HoldsAPersonsGrossOrNet()
    {
        await Services.SeedDemoCityAsync(units: 3, people: 60, seed: 5);
        var baseline = await RawDatabaseFiles.ReadFilesAsync(Database, Db);
        var run = await Services.StartAndCalculateAsync("2026-12", RunKind.Regular, PayrollRunTests.Operator);
        await Services.ApproveAcknowledgingAsync(run.RunId, PayrollRunTests.Approver);
        await SendAsync(new Payroll.Modules.Contracts.BankTransfer.GenerateBankFiles(run.RunId, [], PayrollRunTests.Operator));
        var slips = await Services.PayslipsAsync(run.RunId);

        // Amounts that only one person has (an amount another table holds for its own reason, a grade or a total, says nothing of them).
        var aggregates = new HashSet<long>();
        await using var c = await Db.OpenAsync();
        foreach (var u in await c.QueryAsync<(long Gross, long Deductions, long Net)>("SELECT gross, deductions, net FROM salary_run_unit"))
        {
            aggregates.UnionWith([u.Gross, u.Deductions, u.Net]);
        }

        aggregates.UnionWith(await c.QueryAsync<long>("SELECT total FROM banktransfer_file"));
        aggregates.UnionWith(await c.QueryAsync<long>("SELECT net FROM salary_run"));

        var personal = slips.SelectMany(s => new[] { s.Gross, s.Net }).GroupBy(a => a).Where(g => g.Count() == 1 && g.Key > 0).Select(g => g.Key)
            .Where(a => !aggregates.Contains(a)).ToList();
        Assert.That(personal, Has.Count.GreaterThan(50));
        var approved = (await SendAsync(new GetPayrollRunSummary(run.RunId, TestActors.Staff)))!;
        Assert.That(await DatabaseColumns.HoldingAsync(c, Db.Provider, [approved.Totals.Net]), Does.Contain("salary_run.net"), "the search finds what is there: the run's total");
        var found = await DatabaseColumns.HoldingAsync(c, Db.Provider, personal);
        Assert.That(found, Is.Empty, "columns holding a person's gross or net");

        // And in the raw files: as text, and on PostgreSQL as its integer and NUMERIC forms. Amounts the files held before
        // anyone was paid are left out: a base pay equal to a row of the salary table (in its JSON), a catalog's number.
        var before = await RawDatabaseFiles.HoldAmountsAsync(Database, Db, personal, baseline);
        var distinct = personal.Except(before).ToList();
        Assert.That(distinct, Has.Count.GreaterThan(40));
        if (Db.Provider == DatabaseProvider.Postgres)
        {
            // The search finds what is there: the run's total (an int8), and a NUMERIC written for the purpose.
            await c.ExecuteAsync("CREATE TABLE numeric_probe (v NUMERIC NOT NULL)");
            await c.ExecuteAsync("INSERT INTO numeric_probe (v) VALUES (@v)", new { v = 123_456_789m });
            Assert.That(await RawDatabaseFiles.HoldAmountsAsync(Database, Db, [approved.Totals.Net, 123_456_789]), Is.EqualTo(new[] { approved.Totals.Net, 123_456_789L }));
            await c.ExecuteAsync("DROP TABLE numeric_probe");
        }

        Assert.That(await RawDatabaseFiles.HoldAmountsAsync(Database, Db, distinct), Is.Empty, "a person's gross or net in the database's files");
    }

    [Test]
    public async Task TheDemoCanary_IsPaidAnAmountNoOneElseIs()
    {
        await using var database = await TestDatabase.CreateAsync(ProviderName);
        await using var services = BuildServices(database, Clock);
        await services.SeedDemoCityAsync(units: 5, people: 400, seed: 42);
        var run = await services.StartAndCalculateAsync("2026-12", RunKind.Regular, PayrollRunTests.Operator);
        var slips = await services.PayslipsAsync(run.RunId);
        var canary = slips.Single(s => s.EmployeeNo == "D000001");
        var others = slips.Where(s => s.EmployeeNo != "D000001").SelectMany(s => new[] { s.Gross, s.Net }).ToHashSet();

        // 797 points × the contract staff's value of a point (137.7, the shipped table), rounded: 109,747 (to the dollar).
        Assert.That(canary.Lines.Single(l => l.Code == "BASE").Amount, Is.EqualTo(109_747));
        Assert.That(canary.Exception, Is.Null);
        Assert.That(others, Does.Not.Contain(canary.Gross).And.Not.Contain(canary.Net));
    }

    private static void UpTo(IServiceProvider services, TestDatabase database, IDbConnectionFactory factory, string module, string last)
    {
        var schema = services.GetServices<ModuleSchema>().Single(s => s.Module == module);
        UpgradeEngineBuilder builder = database.Provider == DatabaseProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(factory.ConnectionString).JournalToPostgresqlTable("public", schema.JournalTable)
            : DeployChanges.To.SqliteDatabase(factory.ConnectionString).JournalToSqliteTable(schema.JournalTable);
        var scripts = schema.ScriptNames(database.Provider)
            .Where(n => string.CompareOrdinal(n.Split(".Schema.")[1][..4], last) <= 0).ToHashSet(StringComparer.Ordinal);
        Assert.That(builder.WithScriptsEmbeddedInAssembly(schema.Assembly, scripts.Contains)
            .WithVariables(SqlDialect.MigrationVariables(database.Provider).ToDictionary()).Build().PerformUpgrade().Successful);
    }

    /// <summary>The canary as text (in traces) and as the engine stores an integer: SQLite big-endian in 4 bytes, PostgreSQL's int8 little-endian.</summary>
    private static Dictionary<string, byte[]> CanaryForms(DatabaseProvider provider)
    {
        var forms = new Dictionary<string, byte[]> { ["text"] = "87654321"u8.ToArray() };
        if (provider == DatabaseProvider.Postgres)
        {
            var int8 = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(int8, Canary);
            forms["int8"] = int8;
        }
        else
        {
            var int32 = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(int32, (int)Canary);
            forms["sqlite-int"] = int32;
        }

        return forms;
    }
}
