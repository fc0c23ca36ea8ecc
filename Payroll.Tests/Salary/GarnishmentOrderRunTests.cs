using Dapper;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Kernel.Errors;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// Garnishment orders (強制執行法 §115-1, §122) through approved runs: older orders first, each withheld down to its
/// balance and then ended; what a run withheld, listed per creditor.
/// </summary>
public sealed class GarnishmentOrderRunTests(string provider) : DatabaseFixture(provider)
{
    [OneTimeSetUp]
    public async Task SeedCityAsync()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(2, 43, TestActors.Staff));
        await SendAsync(new SeedDemoEmployees(1, 30, 43, TestActors.Staff));
    }

    [Test]
    public async Task GarnishmentOrder_IsPaidDownToZero_OlderOrdersFirst_ListedPerCreditor_AndBadOrdersAreRefusedByField()
    {
        var someone = (await SendAsync(new GetEmployeesForPayroll(2026, 12, [], TestActors.Staff))).First(e => e.Status == EmploymentStatus.Active && e.HasBankAccount);
        var bad = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() =>
            SendAsync(new RecordGarnishmentOrder("NOBODY", "", "", new DateOnly(2026, 9, 1), 0, 5, 1, 3, -1, "2026-1", PayrollRunTests.Operator)));
        Assert.That(bad!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "fromPeriod", "creditor", "courtReference", "totalDebt", "amountPerPayment", "household", "employeeNo" }));
        var old = Assert.ThrowsAsync<Payroll.Modules.Kernel.Validation.InvalidInputException>(() =>
            SendAsync(new SaveStandingDeduction(someone.EmployeeNo, StandingDeductionKind.Garnishment, "法院扣押", 3_000, "北院 115 司執 9", "2026-12", null, PayrollRunTests.Operator)));
        Assert.That(old!.Errors.Single().Field, Is.EqualTo("kind"), "a court order is a garnishment order, with its debt");

        // Two orders: the younger one asks 6,000 a payment of a 10,000 debt; the older one 1,000 of a 1,500 debt and goes first.
        var younger = await SendAsync(new RecordGarnishmentOrder(someone.EmployeeNo, "台灣銀行", "臺北地院 115 年度司執字第 9 號", new DateOnly(2026, 10, 1), 10_000, 6_000, null, null, 0, "2026-10", PayrollRunTests.Operator));
        var older = await SendAsync(new RecordGarnishmentOrder(someone.EmployeeNo, "王大明", "士林地院 115 年度司執字第 3 號", new DateOnly(2026, 8, 15), 1_500, 1_000, null, null, 0, "2026-10", PayrollRunTests.Operator));

        async Task<Dictionary<string, long>> PayAsync(string period)
        {
            var plan = await SendAsync(new StartPayrollRun(period, RunKind.Regular, [someone.UnitCode], PayrollRunTests.Operator));
            foreach (var chunk in plan.Chunks)
            {
                await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
            }

            await Services.ApproveAcknowledgingAsync(plan.RunId, PayrollRunTests.Approver);
            return (await Services.CurrentLinesAsync(plan.RunId, someone.EmployeeId)).Where(l => l.Key.StartsWith("GARN:", StringComparison.Ordinal)).ToDictionary();
        }

        var october = await PayAsync("2026-10");
        Assert.That(october, Is.EqualTo(new Dictionary<string, long> { ["GARN:" + older] = 1_000, ["GARN:" + younger] = 6_000 }));
        var november = await PayAsync("2026-11");
        Assert.That(november, Is.EqualTo(new Dictionary<string, long> { ["GARN:" + older] = 500, ["GARN:" + younger] = 4_000 }), "each capped at its balance");
        var december = await PayAsync("2026-12");
        Assert.That(december, Is.Empty, "both orders are paid off: they end");

        var runs = (await SendAsync(new ListPayrollRuns(TestActors.Staff, 10, Period: "2026-11", Kind: RunKind.Regular))).Runs;
        var remittances = await SendAsync(new GetGarnishmentRemittances(runs.Single(r => r.State == RunState.Approved).RunId, PayrollRunTests.Approver));
        Assert.That(remittances.Select(r => (r.Creditor, r.Total)), Is.EquivalentTo(new[] { ("台灣銀行", 4_000L), ("王大明", 500L) }));
        Assert.That(remittances.Single(r => r.Creditor == "台灣銀行").Items.Single().BalanceAfter, Is.Zero);
        Assert.ThrowsAsync<RefusedException>(() => SendAsync(new GetGarnishmentRemittances(runs[0].RunId, Actor.User(30, "clerk", ["HrClerk"]))));
    }

}
