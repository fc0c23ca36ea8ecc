using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Calculation;

namespace Payroll.Tests.Salary;

/// <summary>
/// 年終工作獎金 (軍公教人員年終工作獎金發給注意事項: 1.5 months, pro rata after 1 February, none for 丙等 or worse) and
/// 考績獎金 (公務人員考績法 §7: 甲等 one month, 乙等 half), with the bonus withholding (各類所得扣繳率標準 §2) and the
/// supplementary NHI premium (全民健康保險法 §31), against the shipped tables. The clerk's month: 29,270 + 23,790 = 53,060.
/// </summary>
public sealed class BonusCalculatorTests
{
    private static readonly PayPeriod December = new(2026, 12);
    private static readonly PayPeriod January = new(2027, 1);

    private static PayResult YearEnd(PayrollEmployee e, AppraisalGrade? grade = null, long earlier = 0) =>
        BonusCalculator.Calculate(e, RunKind.YearEndBonus, December, grade, earlier, PayCalculatorTests.Shipped(December.End), [])!;

    private static long Line(PayResult r, string code) => r.Lines.Single(l => l.Code == code).Amount;

    [Test]
    public void YearEnd_OneAndAHalfMonths_NoTaxBelowTheThreshold_NoPremiumWithinFourGrades()
    {
        var pay = YearEnd(PayCalculatorTests.Clerk());

        Assert.That(Line(pay, PayCodes.YearEndBonus), Is.EqualTo(79_590), "53,060 × 1.5");
        Assert.That(Line(pay, PayCodes.IncomeTax), Is.Zero, "79,590 < NT$90,501");
        Assert.That(Line(pay, PayCodes.SupplementaryPremium), Is.Zero, "within 4 × 55,400");
        Assert.That(pay.Net, Is.EqualTo(79_590));
        Assert.That(pay.Lines.Any(l => l.Code is PayCodes.Insurance or PayCodes.Nhi or PayCodes.Pension), Is.False, "no monthly premiums on a bonus");
    }

    [TestCase(2026, 2, 1, 79_590, TestName = "YearEnd_JoinedOn1February_Full")]
    [TestCase(2026, 2, 15, 66_325, TestName = "YearEnd_Joined15February_TenMonths")]
    [TestCase(2026, 6, 1, 46_428, TestName = "YearEnd_Joined1June_SevenMonths_HalfUp")]
    [TestCase(2025, 9, 1, 79_590, TestName = "YearEnd_JoinedLastYear_Full")]
    public void YearEnd_IsProRata_ForThoseWhoJoinedAfter1February(int year, int month, int day, long expected)
    {
        // 53,060 × 1.5 × 7 / 12 = 46,427.5 → 46,428 (四捨五入).
        var pay = YearEnd(PayCalculatorTests.Clerk(e => e with { StatusDate = new DateOnly(year, month, day) }));

        Assert.That(Line(pay, PayCodes.YearEndBonus), Is.EqualTo(expected));
    }

    [TestCase(AppraisalGrade.Bing, 0)]
    [TestCase(AppraisalGrade.Ding, 0)]
    [TestCase(AppraisalGrade.Yi, 79_590)]
    public void YearEnd_NoneForBingOrWorse(AppraisalGrade grade, long expected) =>
        Assert.That(Line(YearEnd(PayCalculatorTests.Clerk(), grade), PayCodes.YearEndBonus), Is.EqualTo(expected));

    [TestCase(AppraisalGrade.Jia, 53_060)]
    [TestCase(AppraisalGrade.Yi, 26_530)]
    [TestCase(AppraisalGrade.Bing, 0)]
    public void Performance_MonthsByGrade_OfJanuarysPay(AppraisalGrade grade, long expected)
    {
        var pay = BonusCalculator.Calculate(PayCalculatorTests.Clerk(), RunKind.PerformanceBonus, January, grade, 0, PayCalculatorTests.Shipped(January.End), [])!;

        Assert.That(Line(pay, PayCodes.PerformanceBonus), Is.EqualTo(expected));
    }

    [Test]
    public void Performance_WithoutAnAppraisal_IsAnException()
    {
        var pay = BonusCalculator.Calculate(PayCalculatorTests.Clerk(), RunKind.PerformanceBonus, January, null, 0, PayCalculatorTests.Shipped(January.End), [])!;

        Assert.That(pay.Exception, Does.Contain("缺 2026 年考績"));
    }

    [Test]
    public void LargeBonus_IsWithheldAtFivePercent_AndPaysThePremiumOnTheExcessOverFourGrades()
    {
        // 800 points 63,570 + 專業加給 14th 48,880 + 主管加給 9th 32,810 = 145,260; × 1.5 = 217,890; 5% = 10,894.5 → 10,895.
        // Insured 147,900 × 4 = 591,600; with 500,000 paid earlier this year: 717,890 − 591,600 = 126,290 × 2.11% = 2,664.72 → 2,665.
        var senior = PayCalculatorTests.Clerk(e => e with { SalaryPoints = 800, ProfessionalAllowanceLevel = 14, SupervisorAllowanceLevel = 9 });

        var first = YearEnd(senior);
        var later = YearEnd(senior, earlier: 500_000);

        Assert.That(Line(first, PayCodes.YearEndBonus), Is.EqualTo(217_890));
        Assert.That(Line(first, PayCodes.IncomeTax), Is.EqualTo(10_895));
        Assert.That(Line(first, PayCodes.SupplementaryPremium), Is.Zero);
        Assert.That(Line(later, PayCodes.SupplementaryPremium), Is.EqualTo(2_665));
        Assert.That(later.Lines.Single(l => l.Code == PayCodes.SupplementaryPremium).Inputs, Does.Contain("門檻=591600"));
    }

    [Test]
    public void NotEmployedInTheMonth_GetsNoBonusPayslip()
    {
        var left = PayCalculatorTests.Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 12, 1) });

        Assert.That(BonusCalculator.Calculate(left, RunKind.YearEndBonus, December, null, 0, PayCalculatorTests.Shipped(December.End), []), Is.Null);
    }
}
