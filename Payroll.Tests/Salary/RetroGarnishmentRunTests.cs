using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>A difference paid out by a retroactive run is garnished like any payment, and the order's balance falls with it.</summary>
public sealed class RetroGarnishmentRunTests(string provider) : DatabaseFixture(provider)
{
    private static readonly Actor Admin = Actor.User(1, "admin", ["Admin"], sessionKey: "s-admin");

    [OneTimeSetUp]
    public async Task SeedCityAsync()
    {
        await Services.SeedDemoCityAsync(2, 30, 47);
    }

    [Test]
    public async Task BackPay_IsGarnished_WithinTheRule_AndTheRemittanceListsIt()
    {
        var servant = (await SendAsync(new GetEmployeesForPayroll(2026, 11, [], TestActors.Staff)))
            .First(e => e.Category == StaffCategory.CivilServant && e.Status == EmploymentStatus.Active && e.StatusDate < new DateOnly(2026, 11, 1) && e.HasBankAccount);
        var order = await SendAsync(new RecordGarnishmentOrder(servant.EmployeeNo, "台灣銀行", "臺北地院 115 年度司執字第 21 號", new DateOnly(2026, 12, 1), 500_000, 100_000, null, null, 0, "2026-12", PayrollRunTests.Operator));
        var november = await Services.StartAndCalculateAsync("2026-11", RunKind.Regular, PayrollRunTests.Operator);
        await Services.ApproveAcknowledgingAsync(november.RunId, PayrollRunTests.Approver);

        // A 俸額 raise of 90,000 from 1 November, published after November was paid.
        await Services.RaiseSalaryPointsAsync(90_000, "2026-11-01", Admin);
        var retro = await Services.StartAndCalculateAsync("2026-12", RunKind.Retroactive, PayrollRunTests.Operator);

        var lines = await Services.CurrentLinesAsync(retro.RunId, servant.EmployeeId);
        Assert.That(lines["RETRO:2026-11:BASE"], Is.EqualTo(90_000));
        var statutory = lines.Where(l => l.Key.StartsWith("RETRO:", StringComparison.Ordinal) && !l.Key.Contains(":ER:", StringComparison.Ordinal) && l.Key != "RETRO:2026-11:BASE").Sum(l => l.Value);
        var payable = 90_000 - statutory;

        // 強制執行法 §115-1, §122: at most ⅓ of what is left after the statutory deductions, leaving 1.2 × 20,379 = 24,455.
        var expected = Math.Min(payable / 3, payable - 24_455);
        Assert.That(lines["GARN:" + order], Is.EqualTo(expected).And.GreaterThan(0));

        await Services.ApproveAcknowledgingAsync(retro.RunId, PayrollRunTests.Approver);
        var remittances = await SendAsync(new GetGarnishmentRemittances(retro.RunId, PayrollRunTests.Approver));
        Assert.That(remittances.Single().Creditor, Is.EqualTo("台灣銀行"));
        Assert.That(remittances.Single().Items.Single().BalanceAfter, Is.EqualTo(500_000 - lines["GARN:" + order]), "the order starts in December: November withheld nothing");
    }
}
