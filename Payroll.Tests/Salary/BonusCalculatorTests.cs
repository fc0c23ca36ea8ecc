using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Tables;

namespace Payroll.Tests.Salary;

/// <summary>
/// 年終工作獎金 as the yearly 軍公教人員年終工作獎金發給注意事項 writes it (the 112年 and 114年 notices as reported by
/// 中央社 2026-02-04 and nownews 2023-12-22: in service on or before 31 January and still on 1 December, 1.5 months;
/// joined on or after 1 February and in service on 1 December, pro rata by months in service; those who retire, are made
/// redundant or die during the year, months in service at their last pay; none for 丙等 or below, a 懲戒處分 of 記過 or
/// more confirmed in the year, or 平時考核 netting one 大過 after offsetting — 公務人員考績法 §12), and 考績獎金
/// (公務人員考績法 §7: 甲等 one month, 乙等 half), with the bonus withholding (各類所得扣繳率標準 §2) and the supplementary
/// NHI premium (全民健康保險法 §31), against the shipped tables.
/// The clerk's December: 本俸 385 點 29,270 + 專業加給 第 6 級 23,790 = 53,060; 1.5 months = 79,590; one twelfth of it
/// = 6,632.5.
/// </summary>
public sealed class BonusCalculatorTests
{
    private static readonly PayPeriod December = new(2026, 12);
    private static readonly PayPeriod January = new(2027, 1);

    /// <summary>In service since 2020 (and so all through 2026) unless a test says otherwise.</summary>
    private static PayrollEmployee Clerk(Func<PayrollEmployee, PayrollEmployee>? change = null) =>
        PayCalculatorTests.Clerk(e => change?.Invoke(e with { InServiceSince = e.StatusDate }) ?? e with { InServiceSince = e.StatusDate });

    private static PayResult? YearEnd(PayrollEmployee e, AppraisalGrade? grade = null, long earlier = 0, params DisciplineRecord[] discipline) =>
        BonusCalculator.Calculate(e, RunKind.YearEndBonus, December, grade, discipline, earlier, PayCalculatorTests.Shipped(December.End), []);

    private static long Line(PayResult? r, string code) => (r ?? throw new AssertionException("no payslip")).Lines.Single(l => l.Code == code).Amount;

    private static DisciplineRecord Record(DisciplineKind kind, DisciplineBasis basis = DisciplineBasis.Appraisal, int month = 5) =>
        new(1, 1, kind, basis, new DateOnly(2026, month, 10), "府人考字第1150000001號", false);

    [Test]
    public void YearEnd_OneAndAHalfMonths_NoTaxBelowTheThreshold_NoPremiumWithinFourGrades()
    {
        var pay = YearEnd(Clerk())!;

        Assert.That(Line(pay, PayCodes.YearEndBonus), Is.EqualTo(79_590), "53,060 × 1.5");
        Assert.That(Line(pay, PayCodes.IncomeTax), Is.Zero, "79,590 < NT$90,501");
        Assert.That(Line(pay, PayCodes.SupplementaryPremium), Is.Zero, "within 4 × 55,400");
        Assert.That(pay.Net, Is.EqualTo(79_590));
        Assert.That(pay.Lines.Any(l => l.Code is PayCodes.Insurance or PayCodes.Nhi or PayCodes.Pension), Is.False, "no monthly premiums on a bonus");
    }

    // Joined on 31 January: full. From 1 February: (13 − month)/12, the joining month whole:
    // 79,590 × 11/12 = 72,957.5 → 72,958; × 7/12 = 46,427.5 → 46,428; × 1/12 = 6,632.5 → 6,633 (四捨五入).
    [TestCase(2026, 1, 31, 79_590, TestName = "YearEnd_Joined31January_Full")]
    [TestCase(2026, 2, 1, 72_958, TestName = "YearEnd_Joined1February_ElevenTwelfths")]
    [TestCase(2026, 2, 15, 72_958, TestName = "YearEnd_Joined15February_TheJoiningMonthCountsWhole")]
    [TestCase(2026, 6, 1, 46_428, TestName = "YearEnd_Joined1June_SevenTwelfths_HalfUp")]
    [TestCase(2026, 12, 1, 6_633, TestName = "YearEnd_Joined1December_OneTwelfth")]
    [TestCase(2026, 12, 16, 6_633, TestName = "YearEnd_Joined16December_OneTwelfth")]
    [TestCase(2025, 9, 1, 79_590, TestName = "YearEnd_JoinedLastYear_Full")]
    public void YearEnd_ByTheJoiningMonth(int year, int month, int day, long expected)
    {
        var joined = new DateOnly(year, month, day);

        Assert.That(Line(YearEnd(Clerk(e => e with { StatusDate = joined, InServiceSince = joined })), PayCodes.YearEndBonus), Is.EqualTo(expected));
    }

    [Test]
    public void YearEnd_BackFromUnpaidLeaveInSeptember_CountsFromTheReturn()
    {
        // 留職停薪 until 31 August, back on 1 September: 13 − 9 = 4 months; 79,590 × 4/12 = 26,530.
        var back = new DateOnly(2026, 9, 1);

        Assert.That(Line(YearEnd(Clerk(e => e with { StatusDate = back, InServiceSince = back })), PayCodes.YearEndBonus), Is.EqualTo(26_530));
    }

    [Test]
    public void YearEnd_LeftOn1December_WasNotInServiceThen_LeftOn2December_Was()
    {
        // The status date is the first day no longer in service: leaving on 1 December means the last day was 30 November.
        var lastDay30November = Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 12, 1) });
        var lastDay1December = Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 12, 2) });

        Assert.That(YearEnd(lastDay30November), Is.Null, "resigned before 1 December: nothing");
        Assert.That(Line(YearEnd(lastDay1December), PayCodes.YearEndBonus), Is.EqualTo(79_590), "in service on 1 December");
    }

    [Test]
    public void YearEnd_RetiredInJanuary_OneTwelfth_DiedInJune_SixTwelfths_ResignedInJune_Nothing()
    {
        // Retired from 16 January (last day 15 January): 1/12 → 6,633. Died on 10 June (last day 9 June): 6/12 = 39,795.
        var retired = Clerk(e => e with { Status = EmploymentStatus.Retired, StatusDate = new DateOnly(2026, 1, 16) });
        var died = Clerk(e => e with { Status = EmploymentStatus.Deceased, StatusDate = new DateOnly(2026, 6, 10) });
        var redundant = Clerk(e => e with { Status = EmploymentStatus.Redundant, StatusDate = new DateOnly(2026, 4, 1) });
        var resigned = Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 6, 10) });

        Assert.That(Line(YearEnd(retired), PayCodes.YearEndBonus), Is.EqualTo(6_633));
        Assert.That(Line(YearEnd(died), PayCodes.YearEndBonus), Is.EqualTo(39_795));
        Assert.That(Line(YearEnd(redundant), PayCodes.YearEndBonus), Is.EqualTo(19_898), "資遣 from 1 April, last day 31 March: 3/12 = 19,897.5 → 19,898");
        Assert.That(YearEnd(resigned), Is.Null, "a resignation is not among the pro-rata reasons");
    }

    [Test]
    public void YearEnd_JoinedInMarch_DiedInJune_CountsMarchToJune()
    {
        // Four months, March to June: 79,590 × 4/12 = 26,530.
        var e = Clerk(x => x with { Status = EmploymentStatus.Deceased, StatusDate = new DateOnly(2026, 6, 20), InServiceSince = new DateOnly(2026, 3, 10) });

        Assert.That(Line(YearEnd(e), PayCodes.YearEndBonus), Is.EqualTo(26_530));
    }

    [TestCase(AppraisalGrade.Bing, 0)]
    [TestCase(AppraisalGrade.Ding, 0)]
    [TestCase(AppraisalGrade.Yi, 79_590)]
    public void YearEnd_NoneForBingOrWorse(AppraisalGrade grade, long expected) =>
        Assert.That(Line(YearEnd(Clerk(), grade), PayCodes.YearEndBonus), Is.EqualTo(expected));

    [Test]
    public void YearEnd_NoneAfterADisciplinarySanctionOfDemeritOrMore_AReprimandIsNotEnough()
    {
        Assert.That(Line(YearEnd(Clerk(), null, 0, Record(DisciplineKind.Demerit, DisciplineBasis.Disciplinary)), PayCodes.YearEndBonus), Is.Zero, "懲戒處分 記過");
        Assert.That(Line(YearEnd(Clerk(), null, 0, Record(DisciplineKind.SevereSanction, DisciplineBasis.Disciplinary)), PayCodes.YearEndBonus), Is.Zero, "減俸");
        Assert.That(Line(YearEnd(Clerk(), null, 0, Record(DisciplineKind.Reprimand, DisciplineBasis.Disciplinary)), PayCodes.YearEndBonus), Is.EqualTo(79_590), "懲戒處分 申誡");
        var withdrawn = Record(DisciplineKind.Demerit, DisciplineBasis.Disciplinary) with { Withdrawn = true };
        Assert.That(Line(YearEnd(Clerk(), null, 0, withdrawn), PayCodes.YearEndBonus), Is.EqualTo(79_590), "a withdrawn record counts for nothing");
    }

    [Test]
    public void YearEnd_AppraisalDemerits_AfterMeritsOffsetThem_ExcludeAtOneMajorDemerit()
    {
        // 平時考核: 記過 = 3 申誡, 記大過 = 3 記過 = 9; merits offset at the same weights (嘉獎 1, 記功 3, 記大功 9).
        var oneDemerit = YearEnd(Clerk(), null, 0, Record(DisciplineKind.Demerit));
        var majorDemerit = YearEnd(Clerk(), null, 0, Record(DisciplineKind.MajorDemerit));
        var offset = YearEnd(Clerk(), null, 0, Record(DisciplineKind.MajorDemerit), Record(DisciplineKind.Commendation, month: 8));
        var threeDemerits = YearEnd(Clerk(), null, 0, Record(DisciplineKind.Demerit), Record(DisciplineKind.Demerit, month: 6), Record(DisciplineKind.Demerit, month: 7));
        var offsetByMerit = YearEnd(Clerk(), null, 0, Record(DisciplineKind.MajorDemerit), Record(DisciplineKind.Merit, month: 9));

        Assert.That(Line(oneDemerit, PayCodes.YearEndBonus), Is.EqualTo(79_590), "one 記過 (3) is short of one 大過 (9)");
        Assert.That(Line(majorDemerit, PayCodes.YearEndBonus), Is.Zero, "9 ≥ 9");
        Assert.That(Line(offset, PayCodes.YearEndBonus), Is.EqualTo(79_590), "9 − 1 嘉獎 = 8");
        Assert.That(Line(threeDemerits, PayCodes.YearEndBonus), Is.Zero, "3 記過 = 9");
        Assert.That(Line(offsetByMerit, PayCodes.YearEndBonus), Is.EqualTo(79_590), "9 − 3 記功 = 6");
        Assert.That(majorDemerit!.Lines.Single(l => l.Code == PayCodes.YearEndBonus).Rule, Does.Contain("一大過"));
    }

    [TestCase(AppraisalGrade.Jia, 53_060)]
    [TestCase(AppraisalGrade.Yi, 26_530)]
    [TestCase(AppraisalGrade.Bing, 0)]
    public void Performance_MonthsByGrade_OfJanuarysPay(AppraisalGrade grade, long expected)
    {
        var pay = BonusCalculator.Calculate(PayCalculatorTests.Clerk(), RunKind.PerformanceBonus, January, grade, [], 0, PayCalculatorTests.Shipped(January.End), [])!;

        Assert.That(Line(pay, PayCodes.PerformanceBonus), Is.EqualTo(expected));
    }

    [Test]
    public void Performance_CountsTheAreaAllowance_TheYearEndBonusDoesNot()
    {
        // 俸給總額 includes the statutory allowances (地域加給 離島地區 5,390): 甲等 53,060 + 5,390 = 58,450.
        // The year-end basis is 俸額 + 專業加給 (+ 主管職務加給): 53,060 × 1.5 = 79,590.
        var island = Clerk(e => e with { AreaAllowance = "離島地區" });
        var performance = BonusCalculator.Calculate(island, RunKind.PerformanceBonus, January, AppraisalGrade.Jia, [], 0, PayCalculatorTests.Shipped(January.End), [])!;

        Assert.That(Line(performance, PayCodes.PerformanceBonus), Is.EqualTo(58_450));
        Assert.That(Line(YearEnd(island), PayCodes.YearEndBonus), Is.EqualTo(79_590));
    }

    [Test]
    public void YearEnd_IsWithheldByTheTableInForceOnThePayDay()
    {
        // With 主管職務加給 第 1 級 4,210: (53,060 + 4,210) × 1.5 = 85,905. Under December's table (起扣額 90,501) nothing is
        // withheld; paid in February under a table whose 起扣額 is 80,000 (figure made up for the test): 5% = 4,295.25 → 4,295.
        var head = Clerk(e => e with { SupervisorAllowanceLevel = 1 });
        var payDay = PayCalculatorTests.Shipped(new DateOnly(2027, 2, 6), f => f.Kind == TableKinds.Withholding
            ? f with { Content = ((WithholdingTable)f.Content) with { BonusThreshold = 80_000 } } : f);

        var inDecember = YearEnd(head)!;
        var inFebruary = BonusCalculator.Calculate(head, RunKind.YearEndBonus, December, null, [], 0, PayCalculatorTests.Shipped(December.End), [], payDay)!;

        Assert.That(Line(inDecember, PayCodes.YearEndBonus), Is.EqualTo(85_905));
        Assert.That(Line(inDecember, PayCodes.IncomeTax), Is.Zero);
        Assert.That(Line(inFebruary, PayCodes.IncomeTax), Is.EqualTo(4_295));
    }

    [Test]
    public void Performance_WithoutAnAppraisal_IsAnException()
    {
        var pay = BonusCalculator.Calculate(PayCalculatorTests.Clerk(), RunKind.PerformanceBonus, January, null, [], 0, PayCalculatorTests.Shipped(January.End), [])!;

        Assert.That(pay.Exception, Does.Contain("缺 2026 年考績"));
    }

    [Test]
    public void LargeBonus_IsWithheldAtFivePercent_AndPaysThePremiumOnTheExcessOverFourGrades()
    {
        // 800 points 63,570 + 專業加給 14th 48,880 + 主管加給 9th 32,810 = 145,260; × 1.5 = 217,890; 5% = 10,894.5 → 10,895.
        // Insured 147,900 × 4 = 591,600; with 500,000 paid earlier this year: 717,890 − 591,600 = 126,290 × 2.11% = 2,664.72 → 2,665.
        var senior = Clerk(e => e with { SalaryPoints = 800, ProfessionalAllowanceLevel = 14, SupervisorAllowanceLevel = 9 });

        var first = YearEnd(senior)!;
        var later = YearEnd(senior, earlier: 500_000)!;

        Assert.That(Line(first, PayCodes.YearEndBonus), Is.EqualTo(217_890));
        Assert.That(Line(first, PayCodes.IncomeTax), Is.EqualTo(10_895));
        Assert.That(Line(first, PayCodes.SupplementaryPremium), Is.Zero);
        Assert.That(Line(later, PayCodes.SupplementaryPremium), Is.EqualTo(2_665));
        Assert.That(later.Lines.Single(l => l.Code == PayCodes.SupplementaryPremium).Inputs, Does.Contain("門檻=591600"));
    }

    [Test]
    public void NotEmployedInTheMonth_GetsNoBonusPayslip()
    {
        var left = PayCalculatorTests.Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2027, 1, 1) });

        Assert.That(BonusCalculator.Calculate(left, RunKind.PerformanceBonus, January, AppraisalGrade.Jia, [], 0, PayCalculatorTests.Shipped(January.End), []), Is.Null);
    }
}
