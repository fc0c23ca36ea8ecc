using Payroll.Modules.Kernel.Errors;
using ClosedXML.Excel;
using Dapper;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Vault;
using Payroll.Tests.Support;

namespace Payroll.Tests.Personnel;

/// <summary>考績: entered or imported, shown only to HR clerks and the person, read by Salary for bonus runs.</summary>
public sealed class AppraisalTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Clerk = Actor.User(8, "hr.wu", ["HrClerk"], sessionKey: "s", clientIp: "10.0.0.8", userAgent: "t");

    private long _person;

    [OneTimeSetUp]
    public async Task PersonAsync()
    {
        await Migrator.MigrateAsync();
        await SendAsync(new SeedDemoUnits(2, 3, TestActors.Staff));
        _person = await SaveApprovedAsync(new SaveEmployee(new EmployeeInput(
            "K001", "U0001", "吳志明", null, "A123456789", new DateOnly(1980, 1, 1), StaffCategory.CivilServant, "委任", 5, 330, null, null, null, null, 0, "公保",
            PensionScheme.OldFund, WithholdingMethod.Table, 0, true, "004", "0001", "1234567890", null, null, null, EmploymentStatus.Active, new DateOnly(2020, 1, 1)),
            new DateOnly(2020, 1, 1), "到職", Clerk));
    }

    [Test]
    public async Task Saved_Corrected_ReadForBonus_AndTheCorrectionIsInTheChangeLog()
    {
        await SendAsync(new SaveAppraisal("K001", 2022, AppraisalGrade.Yi, new DateOnly(2023, 1, 20), Clerk));
        await SendAsync(new SaveAppraisal("K001", 2022, AppraisalGrade.Jia, new DateOnly(2023, 2, 3), Clerk));
        var year = await Services.SendWithinAsync(new GetAppraisals(2022, []));
        Assert.That(year.Single(a => a.EmployeeId == _person), Is.EqualTo(new Appraisal(_person, 2022, AppraisalGrade.Jia, new DateOnly(2023, 2, 3))));

        await using var c = await Db.OpenAsync();
        var changes = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vault_change WHERE entity = 'appraisal' AND entity_id = @id", new { id = $"{_person}/2022" });
        Assert.That(changes, Is.EqualTo(2), "the first entry and the correction");
        var values = (await c.QueryAsync<string>("SELECT COALESCE(before_hash, '') || after_hash FROM vault_change WHERE entity = 'appraisal'")).ToList();
        Assert.That(values.Any(v => v.Contains("Jia", StringComparison.Ordinal) || v.Contains("Yi", StringComparison.Ordinal)), Is.False, "hashes, never values");
    }

    [Test]
    public async Task ShownToHrClerksAndThePerson_RefusedToOthers_AndRecorded()
    {
        await SendAsync(new SaveAppraisal("K001", 2024, AppraisalGrade.Yi, new DateOnly(2025, 1, 20), Clerk));
        Assert.That(await SendAsync(new GetEmployeeAppraisals("K001", Clerk)), Is.Not.Empty);
        var self = Actor.User(9, "k001", ["Employee"], sessionKey: "s", clientIp: "10.0.0.9", userAgent: "t", employeeId: _person);
        Assert.That(await SendAsync(new GetEmployeeAppraisals("K001", self)), Is.Not.Empty);
        var operatorActor = Actor.User(10, "ops", ["PayrollOperator"], sessionKey: "s", clientIp: "10.0.0.10", userAgent: "t");
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new GetEmployeeAppraisals("K001", operatorActor)), "not an HR clerk, and nobody's own record");
        var colleague = Actor.User(11, "k002", ["Employee"], sessionKey: "s", clientIp: "10.0.0.11", userAgent: "t", employeeId: _person + 1_000);
        Assert.That(await SendAsync(new GetEmployeeAppraisals("K001", colleague)), Is.Empty, "an employee sees their own appraisals only");

        var refused = await SendAsync(new GetAccesses(new AccessFilter(DateTimeOffset.UnixEpoch, Clock.UtcNow.AddMinutes(1), [], false, ["ops"], [], null, null, AccessOutcome.Refused), 1, 10, TestActors.Auditor));
        Assert.That(refused.Entries.Single().Reason, Is.EqualTo("ops does not hold HrClerk, which GetEmployeeAppraisals needs."), "the refusal is in the ledger");
        var other = await SendAsync(new GetAccesses(new AccessFilter(DateTimeOffset.UnixEpoch, Clock.UtcNow.AddMinutes(1), [], false, ["k002"], [], null, null, AccessOutcome.Refused), 1, 10, TestActors.Auditor));
        Assert.That(other.Entries.Single().Reason, Is.EqualTo("only HR clerks and the person"));
    }

    [Test]
    public async Task Import_IsAllOrNothing_WithRocYears()
    {
        var bad = Sheet(("K001", "114", "甲", "114/01/15"), ("NOPE", "114", "乙", "2025-01-15"), ("K001", "2023", "優", "2024-01-15"));
        var refused = await SendAsync(new ImportAppraisals(bad, "a.xlsx", Clerk));
        Assert.That(refused.Problems.Select(p => (p.Row, p.Column)), Is.EquivalentTo(new[] { (3, "員工編號"), (4, "考績等第") }));
        Assert.That((await Services.SendWithinAsync(new GetAppraisals(2025, [_person]))), Is.Empty, "nothing applied: 114 = 2025");

        var good = Sheet(("K001", "114", "甲", "114/01/15"));
        var applied = await SendAsync(new ImportAppraisals(good, "a.xlsx", Clerk));
        Assert.That(applied.Applied, Is.True);
        Assert.That((await Services.SendWithinAsync(new GetAppraisals(2025, [_person]))).Single().Grade, Is.EqualTo(AppraisalGrade.Jia));
        Assert.That((await SendAsync(new ImportAppraisals(good, "a.xlsx", Clerk))).Unchanged, Is.EqualTo(1), "re-import changes nothing");
    }

    private static byte[] Sheet(params (string No, string Year, string Grade, string Date)[] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("考績");
        string[] headings = ["員工編號", "年度", "考績等第", "核定日期"];
        for (var i = 0; i < 4; i++)
        {
            sheet.Cell(1, i + 1).Value = headings[i];
        }

        for (var r = 0; r < rows.Length; r++)
        {
            sheet.Cell(r + 2, 1).SetValue(rows[r].No);
            sheet.Cell(r + 2, 2).SetValue(rows[r].Year);
            sheet.Cell(r + 2, 3).SetValue(rows[r].Grade);
            sheet.Cell(r + 2, 4).SetValue(rows[r].Date);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
