using Dapper;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// A year-end bonus run as the 年終工作獎金發給注意事項 has it, through Personnel's history and 獎懲: the year's retiree is
/// in the run, in their last unit, at their last month's pay for the months served; someone who resigned is not; a
/// 記大過 takes the bonus away; a February joiner gets eleven twelfths. The basis: 385 points 29,270 + 專業加給 6 23,790
/// = 53,060 a month, × 1.5 = 79,590.
/// </summary>
public sealed class YearEndBonusRunTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr", clientIp: "10.0.0.5", userAgent: "test");

    private static EmployeeInput Person(string no, string nationalId, DateOnly since) =>
        TestData.Person(no, "測試" + no, nationalId) with { SalaryPoints = 385, StatusDate = since, TaxDependents = 0 };

    [Test]
    public async Task RetireesLeaversJoinersAndDemerits_AsTheNoticeHasThem()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(2, 31, TestActors.Staff));
        var always = Person("Y0001", "A123456789", new DateOnly(2015, 8, 1));
        await SaveApprovedAsync(new SaveEmployee(always, new DateOnly(2015, 8, 1), "到職", Clerk));

        // Retiree: moved to U0002 in March, retired from 16 June (last day 15 June): 6/12 of 79,590 = 39,795, paid by U0002.
        var retiree = Person("Y0002", "B123456780", new DateOnly(2012, 3, 1));
        await SaveApprovedAsync(new SaveEmployee(retiree, new DateOnly(2012, 3, 1), "到職", Clerk));
        await SaveApprovedAsync(new SaveEmployee(retiree with { UnitCode = "U0002" }, new DateOnly(2026, 3, 1), "調任", Clerk));
        await SaveApprovedAsync(new SaveEmployee(retiree with { UnitCode = "U0002", Status = EmploymentStatus.Retired, StatusDate = new DateOnly(2026, 6, 16) }, new DateOnly(2026, 6, 16), "退休", Clerk));

        // Resigned from 16 June: nothing.
        var resigned = Person("Y0003", "C123456781", new DateOnly(2018, 5, 1));
        await SaveApprovedAsync(new SaveEmployee(resigned, new DateOnly(2018, 5, 1), "到職", Clerk));
        await SaveApprovedAsync(new SaveEmployee(resigned with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 6, 16) }, new DateOnly(2026, 6, 16), "辭職", Clerk));

        // 平時考核 記大過 in May; the 嘉獎 that would offset part of it was in 2025, another year: no bonus.
        var demerit = Person("Y0004", "D123456782", new DateOnly(2016, 1, 4));
        await SaveApprovedAsync(new SaveEmployee(demerit, new DateOnly(2016, 1, 4), "到職", Clerk));
        await SendAsync(new RecordDiscipline("Y0004", DisciplineKind.MajorDemerit, DisciplineBasis.Appraisal, new DateOnly(2026, 5, 12), "府人考字第1150000123號", Clerk));
        await SendAsync(new RecordDiscipline("Y0004", DisciplineKind.Commendation, DisciplineBasis.Appraisal, new DateOnly(2025, 9, 1), "府人考字第1140000456號", Clerk));

        // Joined on 1 February: (13 − 2)/12 = 11/12 of 79,590 = 72,957.5 → 72,958.
        var joiner = Person("Y0005", "E123456783", new DateOnly(2026, 2, 1));
        await SaveApprovedAsync(new SaveEmployee(joiner, new DateOnly(2026, 2, 1), "到職", Clerk));

        // Paid on 6 February of the next year (as the 114年 notice set it): the tax year is 2027.
        var notAPayDay = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() =>
            SendAsync(new StartPayrollRun("2026-12", RunKind.YearEndBonus, [], PayrollRunTests.Operator, PayDate: new DateOnly(2028, 2, 6))));
        Assert.That(notAPayDay!.Errors.Single().Field, Is.EqualTo("payDate"));
        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.YearEndBonus, [], PayrollRunTests.Operator, PayDate: new DateOnly(2027, 2, 6)));
        Assert.That((await SendAsync(new GetPayrollRunSummary(plan.RunId, TestActors.Staff)))!.PayDate, Is.EqualTo(new DateOnly(2027, 2, 6)));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        var bonus = (await Services.PayslipsAsync(plan.RunId))
            .SelectMany(p => p.Lines.Where(l => l.Code == "YEB").Select(l => (p.EmployeeNo, p.UnitCode, l.Amount, l.Inputs)))
            .ToDictionary(x => x.EmployeeNo);

        Assert.That(bonus["Y0001"].Amount, Is.EqualTo(79_590), "in service all year");
        Assert.That((bonus["Y0002"].Amount, bonus["Y0002"].UnitCode), Is.EqualTo((39_795L, "U0002")), "retired: 6/12, by the last unit");
        Assert.That(bonus["Y0002"].Inputs, Does.Contain("在職月數=6"));
        Assert.That(bonus.ContainsKey("Y0003"), Is.False, "a resignation before 1 December earns none");
        Assert.That(bonus["Y0004"].Amount, Is.Zero, "記大過 = 9 units, nothing of 2026 offsets it");
        Assert.That(bonus["Y0005"].Amount, Is.EqualTo(72_958), "joined 1 February");

        // A correction reaches the next calculation: the 記大過 withdrawn, a rerun of that person pays the bonus in full.
        var record = (await SendAsync(new GetEmployeeDiscipline("Y0004", Clerk))).Single(d => d.Kind == DisciplineKind.MajorDemerit);
        await SendAsync(new CorrectDiscipline(record.Id, record.Kind, record.Basis, record.DecidedOn, record.Reference, true, "復審撤銷", Clerk));
        var rerun = await SendAsync(new RerunPayroll(plan.RunId, [], "Y0004", PayrollRunTests.Operator));
        foreach (var chunk in rerun.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, rerun.Version, chunk, TestActors.Chunk));
        }

        Assert.That((await Services.PayslipsAsync(plan.RunId)).Single(p => p.EmployeeNo == "Y0004").Lines.Single(l => l.Code == "YEB").Amount, Is.EqualTo(79_590));
    }
}
