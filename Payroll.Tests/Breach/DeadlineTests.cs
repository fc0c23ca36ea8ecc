using Payroll.Modules.Breach.Rules;
using Payroll.Modules.Contracts.Breach;

namespace Payroll.Tests.Breach;

/// <summary>
/// Deadlines from the moment of awareness (DOMAIN.md §5): 資通安全事件通報及應變辦法 — report within 1 hour, contain
/// within 72 h (levels 1–2) or 36 h (levels 3–4), investigation report within one month; 個資法 art. 12 / 施行細則 art. 22
/// — notice after investigation, no fixed hours; the 2025 amendment's draft rules — notices within 72 h, the regulator's
/// report within 72 h when the data is sensitive, 100 or more people are affected or the system holds 10,000+ records.
/// </summary>
public sealed class DeadlineTests
{
    private static readonly DateTimeOffset Aware = new(2026, 11, 20, 19, 0, 0, TimeSpan.FromHours(8));

    private static IncidentDeadline Get(IEnumerable<IncidentDeadline> list, string key) => list.Single(d => d.Key == key);

    [Test]
    public void CyberSecurityRules_OneHourReport_ContainmentByLevel_InvestigationInAMonth()
    {
        var level2 = Deadlines.For(new IncidentInput("t", Aware, 2, BreachRuleSet.Pdpa), null, null, null);
        var level3 = Deadlines.For(new IncidentInput("t", Aware, 3, BreachRuleSet.Pdpa), null, null, null);

        Assert.That(Get(level2, "cyber-report").Due, Is.EqualTo(Aware.AddHours(1)));
        Assert.That(Get(level2, "containment").Due, Is.EqualTo(Aware.AddHours(72)), "levels 1–2: 72 hours");
        Assert.That(Get(level3, "containment").Due, Is.EqualTo(Aware.AddHours(36)), "levels 3–4: 36 hours");
        Assert.That(Get(level2, "investigation-report").Due, Is.EqualTo(new DateTimeOffset(2026, 12, 20, 19, 0, 0, TimeSpan.FromHours(8))));
        Assert.That(Get(level2, "cyber-report").Basis, Does.Contain("1 小時"));
    }

    [Test]
    public void PdpaInForce_NoticeHasNoFixedHours_AndNoRegulatorReport()
    {
        var list = Deadlines.For(new IncidentInput("t", Aware, 1, BreachRuleSet.Pdpa), 5_000, null, null);

        Assert.That(Get(list, "notice").Due, Is.Null);
        Assert.That(Get(list, "notice").Basis, Does.Contain("第 12 條").And.Contain("第 22 條"));
        Assert.That(list.Any(d => d.Key == "regulator-report"), Is.False);
    }

    [TestCase(99, false, null, false)]
    [TestCase(100, false, null, true)]
    [TestCase(3, true, null, true)]
    [TestCase(3, false, 10_000L, true)]
    [TestCase(3, false, 9_999L, false)]
    public void Pdpa2025_NoticeIn72Hours_RegulatorWhenAThresholdIsMet(int affected, bool sensitive, long? records, bool regulator)
    {
        var input = new IncidentInput("t", Aware, 2, BreachRuleSet.Pdpa2025, SensitiveData: sensitive, SystemRecords: records);

        var list = Deadlines.For(input, affected, null, null);

        Assert.That(Get(list, "notice").Due, Is.EqualTo(Aware.AddHours(72)));
        Assert.That(Get(list, "regulator-report").Applies, Is.EqualTo(regulator));
        Assert.That(Get(list, "records").Due, Is.EqualTo(Aware.AddYears(5)), "incident records kept at least 5 years");
    }

    [Test]
    public void Containment_IsMetWhenRecorded()
    {
        var contained = Aware.AddHours(5);

        var list = Deadlines.For(new IncidentInput("t", Aware, 2, BreachRuleSet.Pdpa, ContainedAt: contained), null, null, null);

        Assert.That(Get(list, "containment").MetAt, Is.EqualTo(contained));
    }
}
