using Payroll.Modules.Contracts.Breach;
using Payroll.Tests.Support;

namespace Payroll.Tests.Breach;

/// <summary>
/// The rule set an incident is recorded under when none is named: the 2025 amendment of the Personal Data Protection Act
/// from the effective date the organisation configures (its commencement is set by the Executive Yuan), the law in force before it.
/// </summary>
public sealed class ApplicableRuleSetTests(string provider) : DatabaseFixture(provider)
{
    protected override IEnumerable<string> ExtraArgs => ["--Payroll:Breach:Pdpa2025EffectiveFrom=2027-01-01T00:00:00+08:00"];

    [Test]
    public async Task AwareBeforeTheEffectiveDate_IsPdpa_FromItOn_Pdpa2025()
    {
        Assert.That(await SendAsync(new GetApplicableRuleSet(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)), TestActors.Staff)), Is.EqualTo(BreachRuleSet.Pdpa));
        Assert.That(await SendAsync(new GetApplicableRuleSet(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), TestActors.Staff)), Is.EqualTo(BreachRuleSet.Pdpa2025));
        Assert.That(await SendAsync(new GetApplicableRuleSet(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), TestActors.Staff)), Is.EqualTo(BreachRuleSet.Pdpa2025), "the same instant in UTC");
    }
}
