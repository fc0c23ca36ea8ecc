using Payroll.Modules.Composition;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Salary;
using Payroll.Tests.Support;

namespace Payroll.Tests.Salary;

/// <summary>規則與來源: each rule with the law, the code and the table versions in force on the day, and their verified state.</summary>
public sealed class RulesInForceTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task EveryRule_NamesItsCode_AndTheVersionsInForceThatDay()
    {
        await PayrollModules.PrepareDatabaseAsync(Services, CancellationToken.None);

        var december = await SendAsync(new GetRulesInForce(new DateOnly(2026, 12, 31), TestActors.Staff));
        Assert.That(december, Has.Count.GreaterThanOrEqualTo(14));
        Assert.That(december.Select(r => r.Code), Has.Some.EqualTo("PayCalculator.AddLabourInsurance").And.Some.EqualTo("PayCalculator.IncomeTax"));
        var tax = december.Single(r => r.Code == "PayCalculator.IncomeTax");
        Assert.That(tax.Tables.Select(t => t.Version), Is.All.Not.Null, "2026 has both withholding tables");
        Assert.That(tax.Tables.Single(t => t.Kind == "withholding-grid").Version!.EffectiveFrom, Is.EqualTo(new DateOnly(2026, 1, 1)));
        Assert.That(december.SelectMany(r => r.Tables).Where(t => t.Version is not null), Has.All.Matches<RuleTable>(t => !t.Version!.Verified && t.Version.Source.Length > 0));

        // Before 2026 no withholding grid (nor labour tables) was shipped: the page says so instead of showing another year's.
        var mid2025 = await SendAsync(new GetRulesInForce(new DateOnly(2025, 6, 30), TestActors.Staff));
        Assert.That(mid2025.Single(r => r.Code == "PayCalculator.IncomeTax").Tables.Single(t => t.Kind == "withholding-grid").Version, Is.Null);
        Assert.That(mid2025.Single(r => r.Code == "PayCalculator.MonthlyEarnings" && r.Tables.Any(t => t.Kind == "salary-points")).Tables
            .Single(t => t.Kind == "salary-points").Version!.EffectiveFrom, Is.EqualTo(new DateOnly(2025, 1, 1)));

        var admin = Actor.User(40, "admin", ["Admin"]);
        var grid = tax.Tables.Single(t => t.Kind == "withholding-grid").Version!;
        await SendAsync(new VerifyReferenceTable(grid.Id, "official table"u8.ToArray(), admin));
        var after = (await SendAsync(new GetRulesInForce(new DateOnly(2026, 12, 31), TestActors.Staff))).Single(r => r.Code == "PayCalculator.IncomeTax");
        Assert.That(after.Tables.Single(t => t.Kind == "withholding-grid").Version, Has.Property("Verified").True.And.Property("VerifiedBy").EqualTo("admin"));
    }
}
