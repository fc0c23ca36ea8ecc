using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Modules.Kernel.Crypto;
using Payroll.Modules.Kernel.Validation;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>Effective-dated history: changes never overwrite, and a pay period sees each person as of its last day.</summary>
public sealed class EmployeeHistoryTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Clerk = Actor.User(5, "hr.chen", ["HrClerk"], sessionKey: "s", clientIp: "10.0.0.5", userAgent: "test");

    [OneTimeSetUp]
    public async Task UnitsAsync()
    {
        await Migrator.MigrateAsync();
        await SendAsync(new SeedDemoUnits(5, 1, TestActors.Staff));
    }

    [Test]
    public async Task AsOf_EachPeriodSeesTheVersionInForce_AndTheFieldsThatChangedInside()
    {
        var no = NewNo();
        await SaveApprovedAsync(new SaveEmployee(Person(no) with { Grade = 6, SalaryPoints = 400 }, new DateOnly(2026, 1, 1), "到職", Clerk));
        await SaveApprovedAsync(new SaveEmployee(Person(no) with { Grade = 7, SalaryPoints = 430 }, new DateOnly(2026, 7, 15), "升等", Clerk));
        // A correction on the same effective date: the later record wins, the earlier stays in the history.
        await SaveApprovedAsync(new SaveEmployee(Person(no) with { Grade = 7, SalaryPoints = 445 }, new DateOnly(2026, 7, 15), "更正俸點", Clerk));

        var june = await OneAsync(2026, 6, no);
        Assert.That((june.Grade, june.SalaryPoints, june.ChangesInPeriod.Count), Is.EqualTo((6, 400, 0)));

        var july = await OneAsync(2026, 7, no);
        Assert.That((july.Grade, july.SalaryPoints), Is.EqualTo((7, 445)));
        Assert.That(july.ChangesInPeriod.Select(c => (c.Field, c.EffectiveFrom)), Is.EquivalentTo(new[]
        {
            ("Grade", new DateOnly(2026, 7, 15)), ("SalaryPoints", new DateOnly(2026, 7, 15)),
        }));

        var august = await OneAsync(2026, 8, no);
        Assert.That((august.SalaryPoints, august.ChangesInPeriod.Count), Is.EqualTo((445, 0)));

        var before = await SendAsync(new GetEmployeesForPayroll(2025, 12, [], TestActors.Staff));
        Assert.That(before.Any(e => e.EmployeeNo == no), Is.False, "not yet hired");

        var history = await SendAsync(new GetEmployeeHistory(no, Clerk));
        Assert.That(history.Select(h => (h.SalaryPoints, h.Reason)), Is.EqualTo(new (int?, string)[] { (445, "更正俸點"), (430, "升等"), (400, "到職") }));
        Assert.That(history[0].NationalIdMasked, Is.EqualTo("A12****789"));
        Assert.That(history[0].BankAccountMasked, Is.EqualTo("****4321"));
    }

    [Test]
    public async Task LeavingInsideAPeriod_IsPaid_AndLeavingBefore_IsNot()
    {
        var no = NewNo();
        await SaveApprovedAsync(new SaveEmployee(Person(no), new DateOnly(2026, 1, 1), "到職", Clerk));
        await SaveApprovedAsync(new SaveEmployee(Person(no) with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 9, 15) }, new DateOnly(2026, 9, 16), "離職", Clerk));

        var september = await OneAsync(2026, 9, no);
        Assert.That(september.Status, Is.EqualTo(EmploymentStatus.Left));
        Assert.That(september.ChangesInPeriod.Single().Field, Is.EqualTo("Status"));
        Assert.That((await SendAsync(new GetEmployeesForPayroll(2026, 10, [], TestActors.Staff))).Any(e => e.EmployeeNo == no), Is.False);
    }

    [Test]
    public async Task HistoryRead_IsRecorded_NamingThePerson()
    {
        var no = NewNo();
        var id = await SaveApprovedAsync(new SaveEmployee(Person(no), new DateOnly(2026, 1, 1), "到職", Clerk));
        await SendAsync(new GetEmployeeHistory(no, Clerk));
        var entries = await SendAsync(new GetAccesses(new AccessFilter(DateTimeOffset.UnixEpoch, Clock.UtcNow.AddMinutes(1), [], false, ["hr.chen"], [], null, id, null), 1, 10, TestActors.Auditor));
        Assert.That(entries.Entries.Single(e => e.Resource == "personnel/history").SubjectCount, Is.EqualTo(1));
    }

    [Test]
    public async Task InvalidInput_IsRefusedWhole_WithEveryProblemNamed()
    {
        var no = NewNo();
        var bad = Person(no) with { NationalId = "A123456788", UnitCode = "NOPE", BankCode = "999", BankAccount = "12-34", Email = "not-an-email" };
        var error = Assert.ThrowsAsync<InvalidInputException>(() => SaveApprovedAsync(new SaveEmployee(bad, new DateOnly(2026, 1, 1), "", Clerk)));
        Assert.That(error!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "身分證號", "發薪單位", "銀行代碼", "帳號", "電子郵件", "異動原因" }));
        Assert.That(error.Errors.Single(e => e.Field == "身分證號").Message, Is.EqualTo("檢查碼錯誤"));
        Assert.That((await SendAsync(new GetEmployeeHistory(no, Clerk))), Is.Empty, "nothing saved");
    }

    [Test]
    public async Task Identifiers_AreEncryptedAtRest_AndReencryptedOnRotation()
    {
        var no = NewNo();
        await SaveApprovedAsync(new SaveEmployee(Person(no) with { NationalId = "F234567898", BankAccount = "55667788990011" }, new DateOnly(2026, 1, 1), "到職", Clerk));
        await using (var c = await Db.OpenAsync())
        {
            var blobs = (await c.QueryAsync<byte[]>("SELECT national_id FROM personnel_employee_version UNION ALL SELECT bank_account FROM personnel_employee_version")).ToList();
            Assert.That(blobs.Any(b => Encoding.UTF8.GetString(b).Contains("F234567898", StringComparison.Ordinal) || Encoding.UTF8.GetString(b).Contains("55667788990011", StringComparison.Ordinal)), Is.False);
        }

        var active = Services.GetRequiredService<FieldKeyRing>().Rotate();
        await Services.GetRequiredService<IPublisher>().Publish(new ReencryptFieldsRequested(BatchSize: 3));
        await using (var c = await Db.OpenAsync())
        {
            var stale = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM personnel_employee_version WHERE substr(national_id, 2, 4) <> @k OR substr(bank_account, 2, 4) <> @k", new { k = FieldCipher.KeyIdBytes(active) });
            Assert.That(stale, Is.Zero);
        }

        Assert.That((await SendAsync(new GetEmployeeHistory(no, Clerk)))[0].BankAccountMasked, Is.EqualTo("****0011"));
    }

    private async Task<PayrollEmployee> OneAsync(int year, int month, string no) =>
        (await SendAsync(new GetEmployeesForPayroll(year, month, [], TestActors.Staff))).Single(e => e.EmployeeNo == no);

    private static string NewNo() => "T" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();

    private static EmployeeInput Person(string no) =>
        TestData.Person(no) with { Email = "wang@example.invalid", Mobile = "0912345678", Address = "臺北市信義區市府路1號" };
}
