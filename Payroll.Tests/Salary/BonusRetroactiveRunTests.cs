using System.Text.Json;
using Dapper;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Tables;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// 補發／追扣 of bonuses: a raise published after the year-end bonus was paid pays the bonus's difference (1.5 × the raise
/// in 本俸); an appraisal recorded late as 丙等 claws the whole bonus back; each difference once, on lines of its own
/// (RETRO:2026-12:YEB) apart from the month's pay.
/// </summary>
public sealed class BonusRetroactiveRunTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Cli = TestActors.Staff;
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s-admin");
    private static readonly Actor Clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr");

    private Task<PayrollRunSummary> RunAsync(string period, RunKind kind) => Services.StartAndCalculateAsync(period, kind, PayrollRunTests.Operator);

    private Task<Dictionary<string, long>> LinesAsync(long runId, long employeeId) => Services.CurrentLinesAsync(runId, employeeId);

    [Test]
    public async Task LateRaise_PaysTheBonusDifference_LateBingClawsItBack_Once()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(2, 61, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 40, 61, TestActors.Staff));
        var december = await RunAsync("2026-12", RunKind.Regular);
        await Services.ApproveAcknowledgingAsync(december.RunId, PayrollRunTests.Approver);
        var yearEnd = await RunAsync("2026-12", RunKind.YearEndBonus);
        await Services.ApproveAcknowledgingAsync(yearEnd.RunId, PayrollRunTests.Approver);

        var people = await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff));
        var servants = people.Where(p => p.Category == StaffCategory.CivilServant && p.Status == EmploymentStatus.Active && p.StatusDate < new DateOnly(2026, 1, 31) && p.HasBankAccount).ToList();
        var (raised, bing) = (servants[0], servants[1]);
        var paidBonus = (await LinesAsync(yearEnd.RunId, bing.EmployeeId))["YEB"];
        Assert.That(paidBonus, Is.GreaterThan(0));

        // Published in January: every 俸額 +1,000 from 1 December. And the second person's 2026 appraisal recorded late: 丙等.
        var shipped = ShippedTables.ReadAll().Single(f => f.Kind == TableKinds.SalaryPoints);
        var table = new SalaryPointsTable(((SalaryPointsTable)shipped.Content).Rows.Select(r => r with { Amount = r.Amount + 1_000 }).ToList());
        await SendAsync(new LoadReferenceTable(JsonSerializer.Serialize(new { kind = "salary-points", effectiveFrom = "2026-12-01", source = "test raise", verified = false, content = table }, TableKinds.Json), Admin));
        await SendAsync(new SaveAppraisal(bing.EmployeeNo, 2026, AppraisalGrade.Bing, new DateOnly(2027, 1, 5), Clerk));

        var retro = await RunAsync("2027-01", RunKind.Retroactive);
        var raisedDiff = await LinesAsync(retro.RunId, raised.EmployeeId);
        Assert.That(raisedDiff["RETRO:2026-12:BASE"], Is.EqualTo(1_000), "December's 本俸");
        Assert.That(raisedDiff["RETRO:2026-12:YEB"], Is.EqualTo(1_500), "the year-end bonus on the raise: 1,000 × 1.5");
        Assert.That(raisedDiff.Keys.Where(k => k.EndsWith(":YEB", StringComparison.Ordinal) && k != "RETRO:2026-12:YEB"), Has.All.Matches<string>(k => k.Contains(":TAX:") || k.Contains(":SUPP:")),
            "the bonus's own withholding and premium differences, if any, stay apart from the month's");
        var bingDiff = await LinesAsync(retro.RunId, bing.EmployeeId);
        Assert.That(bingDiff["RETRO:2026-12:YEB"], Is.EqualTo(-paidBonus), "丙等: none was owed; what was paid is clawed back");

        await Services.ApproveAcknowledgingAsync(retro.RunId, PayrollRunTests.Approver);
        var again = await RunAsync("2027-02", RunKind.Retroactive);
        Assert.That((await Services.PayslipsAsync(again.RunId)).SelectMany(p => p.Lines).Count(l => l.Code.StartsWith("RETRO:2026-12:", StringComparison.Ordinal)), Is.Zero,
            "each difference is paid once");
    }
}
