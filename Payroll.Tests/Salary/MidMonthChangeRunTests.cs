using Dapper;
using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>
/// A promotion recorded in Personnel with effect from the 16th splits December in a run: 385 points (29,270) for 1–15
/// December, 415 points (31,570) for 16–31, each by its days (29,270 × 15/31 = 14,162.90 → 14,163; 31,570 × 16/31 =
/// 16,294.19 → 16,294); a change of bank account on the 10th splits nothing.
/// </summary>
public sealed class MidMonthChangeRunTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Clerk = Actor.User(20, "clerk", ["HrClerk"], sessionKey: "s-hr", clientIp: "10.0.0.5", userAgent: "test");

    [Test]
    public async Task PromotionOnThe16th_IsPaidInTwoParts_WithTheirDates()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);
        await SendAsync(new SeedDemoUnits(1, 51, TestActors.Staff));
        var person = TestData.Person("M0001") with { SalaryPoints = 385, StatusDate = new DateOnly(2020, 1, 1) };
        await SaveApprovedAsync(new SaveEmployee(person, new DateOnly(2020, 1, 1), "到職", Clerk));
        await SaveApprovedAsync(new SaveEmployee(person with { BankAccount = "00012345670000" }, new DateOnly(2026, 12, 10), "變更帳戶", Clerk));
        await SaveApprovedAsync(new SaveEmployee(person with { BankAccount = "00012345670000", SalaryPoints = 415 }, new DateOnly(2026, 12, 16), "晉級", Clerk));

        var plan = await SendAsync(new StartPayrollRun("2026-12", RunKind.Regular, [], PayrollRunTests.Operator));
        foreach (var chunk in plan.Chunks)
        {
            await SendAsync(new CalculatePayrollChunk(plan.RunId, plan.Version, chunk, TestActors.Chunk));
        }

        var lines = (await Services.PayslipsAsync(plan.RunId)).SelectMany(p => p.Lines).Where(l => l.Code.StartsWith("BASE", StringComparison.Ordinal)).ToList();
        Assert.That(lines.Select(l => (l.Code, l.Amount)), Is.EqualTo(new[] { ("BASE", 14_163L), ("BASE:2", 16_294L) }));
        Assert.That(lines[1].Inputs, Does.Contain("12-16～12-31"));
    }
}
