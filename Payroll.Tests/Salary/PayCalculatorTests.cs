using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Salary.Tables;

namespace Payroll.Tests.Salary;

/// <summary>
/// The pay rules, each with a hand-worked example against the shipped tables (DOMAIN.md §1–2 and the sources named in
/// each table file). Period 2026-12 (31 days).
/// </summary>
public sealed class PayCalculatorTests
{
    private static readonly PayPeriod December = new(2026, 12);

    /// <summary>The shipped tables in force on <paramref name="day"/>, as the database would give them.</summary>
    internal static TableSet Shipped(DateOnly day, Func<ReferenceTableFile, ReferenceTableFile>? change = null) => TableSet.Of(
        day,
        ShippedTables.ReadAll()
            .Where(f => f.EffectiveFrom <= day)
            .GroupBy(f => f.Kind)
            .Select(g => g.MaxBy(f => f.EffectiveFrom)!)
            .Select(f => change?.Invoke(f) ?? f)
            .Select(f => (f.Kind, (object)f.Content, $"{f.Kind}@{f.EffectiveFrom:yyyy-MM-dd}")));

    /// <summary>薦任 385 俸點 (29,270), 一般行政 第 6 級 (23,790), one NHI dependant, 公保, 退撫, table withholding.</summary>
    internal static PayrollEmployee Clerk(Func<PayrollEmployee, PayrollEmployee>? change = null)
    {
        var e = new PayrollEmployee(
            1, "E0001", "U0001", StaffCategory.CivilServant, "薦任", 6, 385, "一般行政", 6, null, null, NhiDependents: 1, "公保", PensionScheme.OldFund,
            WithholdingMethod.Table, TaxDependents: 0, TaxResident: true, HasBankAccount: true, EmploymentStatus.Active, new DateOnly(2020, 1, 1), []);
        return change?.Invoke(e) ?? e;
    }

    /// <summary>約聘 200 薪點 × 137.7 = 27,540; 勞保.</summary>
    private static PayrollEmployee Contract() => Clerk(e => e with
    {
        Category = StaffCategory.ContractStaff, Rank = null, Grade = null, SalaryPoints = 200, ProfessionalAllowanceTable = null, ProfessionalAllowanceLevel = null,
        InsuranceGroup = "勞保", NhiDependents = 0,
    });

    private static PayResult Pay(PayrollEmployee e, TableSet? tables = null, params StandingDeduction[] standing) =>
        PayCalculator.Calculate(e, December, tables ?? Shipped(December.End), standing) ?? throw new AssertionException("not paid");

    private static long Line(PayResult r, string code) => r.Lines.Single(l => l.Code == code).Amount;

    [Test]
    public void FullMonth_CivilServant_HandWorked()
    {
        var pay = Pay(Clerk());

        Assert.Multiple(() =>
        {
            Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(29_270), "俸額表 2025: 385 俸點");
            Assert.That(Line(pay, PayCodes.ProfessionalAllowance), Is.EqualTo(23_790), "專業加給表 一般行政 第 6 級 (sample)");
            Assert.That(pay.Gross, Is.EqualTo(53_060));
            Assert.That(Line(pay, PayCodes.Insurance), Is.EqualTo(740), "公教人員保險法 §8-9: 29,270 × 7.22% × 35% = 739.65 → 740");
            Assert.That(Line(pay, PayCodes.Nhi), Is.EqualTo(1_718), "全民健康保險法 §18, §27: grade 55,400 × 5.17% × 30% = 859.25 → 859, × 2 persons");
            Assert.That(Line(pay, PayCodes.Pension), Is.EqualTo(3_073), "公務人員退休資遣撫卹法 §7: 29,270 × 2 × 15% × 35% = 3,073.35 → 3,073");
            Assert.That(Line(pay, PayCodes.IncomeTax), Is.Zero, "annualised tax 8,636 ÷ 12 = 720 ≤ NT$2,000 (各類所得扣繳率標準 §13)");
            Assert.That(pay.Deductions, Is.EqualTo(740 + 1_718 + 3_073));
            Assert.That(pay.Net, Is.EqualTo(53_060 - 5_531));
            Assert.That(pay.Exception, Is.Null);
            Assert.That((pay.DaysPaid, pay.DaysInPeriod), Is.EqualTo((31, 31)));
        });
    }

    [Test]
    public void EmployerShares_OfACivilServant_AreCosted_NeverPaidOrDeducted()
    {
        var pay = Pay(Clerk());

        Assert.Multiple(() =>
        {
            Assert.That(Line(pay, "ER:INS"), Is.EqualTo(1_374), "公教人員保險法 §9: the government's 65%: 29,270 × 7.22% × 65% = 1,373.64 → 1,374");
            Assert.That(Line(pay, "ER:NHI"), Is.EqualTo(3_128),
                "全民健康保險法 §27 ①(一), §29: grade 55,400 × 5.17% × 70% × (1 + 0.56 average dependants) = 3,127.68 → 3,128, whatever the person's own dependants");
            Assert.That(Line(pay, "ER:PENSION"), Is.EqualTo(5_708), "公務人員退休資遣撫卹法 §7: 29,270 × 2 × 15% × 65% = 5,707.65 → 5,708");
            Assert.That(pay.NhiInsured, Is.EqualTo(55_400), "the insured amount the unit's §34 premium nets out");
            Assert.That((pay.Gross, pay.Deductions), Is.EqualTo((53_060L, 5_531L)), "the employer's shares are neither pay nor deductions");
        });
    }

    [Test]
    public void SealedPayslip_ComesBackAsCalculated_OnlyForItsOwnRow()
    {
        var pay = Pay(Clerk());
        var keys = Directory.CreateTempSubdirectory("payroll-keys-");
        using var cleanup = new DeleteOnDispose(keys);
        var seal = new Payroll.Modules.Salary.Payslips.PayslipSeal(new Payroll.Modules.Kernel.Crypto.FieldCipher(
            Payroll.Modules.Kernel.Crypto.FieldKeyRing.LoadOrCreate(Path.Combine(keys.FullName, "field-keys.json"))));
        var lines = seal.SealLines(pay.Lines.ToList(), 3, 2, 7);
        var figures = seal.SealFigures(Payroll.Modules.Salary.Payslips.PayslipFigures.Of(pay), 3, 2, 7);

        Assert.That(pay.Lines.Where(l => l.Kind == LineKind.Employer).Select(l => l.Code), Is.EqualTo(new[] { "ER:INS", "ER:NHI", "ER:PENSION" }));
        Assert.That(seal.OpenLines(lines, 3, 2, 7), Is.EqualTo(pay.Lines), "every line, the employer's too, with its trace, in order");
        Assert.That(seal.OpenFigures(figures, 3, 2, 7), Is.EqualTo(new Payroll.Modules.Salary.Payslips.PayslipFigures(pay.DaysPaid, pay.DaysInPeriod, pay.Gross, pay.Deductions, pay.Net, pay.NhiInsured, null)));
        Assert.That(() => seal.OpenLines(lines, 3, 2, 8), Throws.InstanceOf<System.Security.Cryptography.CryptographicException>(), "another person's payslip");
        Assert.That(() => seal.OpenFigures(figures, 3, 1, 7), Throws.InstanceOf<System.Security.Cryptography.CryptographicException>(), "another version");
        Assert.That(() => seal.OpenFigures(lines, 3, 2, 7), Throws.InstanceOf<System.Security.Cryptography.CryptographicException>(), "the lines as figures");
        Assert.That(() => EmployerLines.Unpack("ER:INS\u001f12"), Throws.TypeOf<FormatException>(), "a damaged clear text of an earlier version");
    }

    [Test]
    public void EveryLine_NamesItsRule_TableVersion_AndInputs()
    {
        var pay = Pay(Clerk(), null, new StandingDeduction(7, StandingDeductionKind.Voluntary, "工會會費", 200, "申請書 2026-01"));

        Assert.That(pay.Lines, Is.Not.Empty);
        foreach (var line in pay.Lines)
        {
            Assert.That(line.Rule, Is.Not.Empty, line.Code);
            Assert.That(line.Inputs, Is.Not.Empty, line.Code);
            Assert.That(line.TableRef, line.Code.StartsWith(PayCodes.Voluntary, StringComparison.Ordinal) ? Is.Empty : Does.Contain("@"), line.Code);
        }

        Assert.That(pay.Lines.Single(l => l.Code == PayCodes.BasePay).TableRef, Is.EqualTo("salary-points@2025-01-01"));
        Assert.That(pay.Lines.Single(l => l.Code == PayCodes.Nhi).Inputs, Does.Contain("投保金額=55400"));
        Assert.That(Line(pay, "VOL:7"), Is.EqualTo(200));
    }

    [Test]
    public void Nhi_RoundsEachInsuredPerson_ThenMultiplies()
    {
        // 全民健康保險法 §18: premium per insured person; grade 29,500 × 5.17% × 30% = 457.545 → 458 each.
        var alone = Pay(Contract());
        var withOne = Pay(Contract() with { NhiDependents = 1 });

        Assert.That(Line(alone, PayCodes.Nhi), Is.EqualTo(458));
        Assert.That(Line(withOne, PayCodes.Nhi), Is.EqualTo(916), "2 × 458, not 915.09 rounded");
    }

    [Test]
    public void Nhi_CountsAtMostThreeDependents()
    {
        // 全民健康保險法 §18 ¶2: dependents beyond three are insured without premium.
        var five = Pay(Clerk(e => e with { NhiDependents = 5 }));
        var three = Pay(Clerk(e => e with { NhiDependents = 3 }));

        Assert.That(Line(five, PayCodes.Nhi), Is.EqualTo(859 * 4));
        Assert.That(Line(three, PayCodes.Nhi), Is.EqualTo(859 * 4));
    }

    [Test]
    public void ContractStaff_PointsTimesPointValue_LabourInsuranceOnTheGradeFloor_SeveranceFund_NoPension()
    {
        // 27,540 is below the first grade (the minimum wage 29,500): insured at 29,500. 勞保 29,500 × 11.5% × 20% = 678.5 → 679,
        // 就保 29,500 × 1% × 20% = 59; the employer: 29,500 × 11.5% × 70% = 2,374.75 → 2,375 and 29,500 × 1% × 70% = 206.5 → 207.
        // 離職儲金 (sample rate 6%): 27,540 × 6% = 1,652.4 → 1,652 each side.
        var pay = Pay(Contract());

        Assert.Multiple(() =>
        {
            Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(27_540), "200 × 137.7");
            Assert.That(Line(pay, PayCodes.LabourInsurance), Is.EqualTo(679));
            Assert.That(Line(pay, PayCodes.EmploymentInsurance), Is.EqualTo(59));
            Assert.That(Line(pay, "ER:LI"), Is.EqualTo(2_375));
            Assert.That(Line(pay, "ER:EI"), Is.EqualTo(207));
            Assert.That(Line(pay, PayCodes.SeveranceFund), Is.EqualTo(1_652));
            Assert.That(Line(pay, "ER:SF"), Is.EqualTo(1_652));
            Assert.That(pay.Lines.Any(l => l.Code is PayCodes.Pension or PayCodes.Insurance), Is.False, "not in the 退撫 fund, not in 公保");
            Assert.That(pay.Deductions, Is.EqualTo(679 + 59 + 458 + 1_652), "the employer's shares are neither deducted nor paid");
            Assert.That(pay.Net, Is.EqualTo(27_540 - 2_848));
        });
    }

    /// <summary>技工: 250 points × 124.7 = 31,175, insured and contributed on the grade 31,800.</summary>
    private static PayrollEmployee Worker(Func<PayrollEmployee, PayrollEmployee>? change = null)
    {
        var worker = Contract() with { Category = StaffCategory.Worker, SalaryPoints = 250 };
        return change?.Invoke(worker) ?? worker;
    }

    [Test]
    public void Worker_LabourAndEmploymentInsurance_EachPartRounded_EmployerPaysSixPercentLabourPension()
    {
        // 勞保 31,800 × 11.5% × 20% = 731.4 → 731; 就保 31,800 × 1% × 20% = 63.6 → 64;
        // employer 31,800 × 11.5% × 70% = 2,559.9 → 2,560; 31,800 × 1% × 70% = 222.6 → 223; 勞退 31,800 × 6% = 1,908.
        var pay = Pay(Worker());

        Assert.Multiple(() =>
        {
            Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(31_175));
            Assert.That(Line(pay, PayCodes.LabourInsurance), Is.EqualTo(731));
            Assert.That(Line(pay, PayCodes.EmploymentInsurance), Is.EqualTo(64));
            Assert.That(Line(pay, "ER:LI"), Is.EqualTo(2_560));
            Assert.That(Line(pay, "ER:EI"), Is.EqualTo(223));
            Assert.That(Line(pay, "ER:LP"), Is.EqualTo(1_908));
            Assert.That(pay.Lines.Any(l => l.Code is PayCodes.SeveranceFund or PayCodes.LabourPensionVoluntary), Is.False);
        });
    }

    [Test]
    public void Worker_AboveTheCap_IsInsuredAtTheCap_ButContributesOnTheHigherPensionGrade()
    {
        // 500 × 124.7 = 62,350: 勞保 at the cap 45,800 → 45,800 × 11.5% × 20% = 1,053.4 → 1,053; 就保 91.6 → 92;
        // 勞退 on the grade 63,800 → 3,828.
        var pay = Pay(Worker(e => e with { SalaryPoints = 500 }));

        Assert.That(Line(pay, PayCodes.LabourInsurance), Is.EqualTo(1_053));
        Assert.That(Line(pay, PayCodes.EmploymentInsurance), Is.EqualTo(92));
        Assert.That(Line(pay, "ER:LP"), Is.EqualTo(3_828));
    }

    [Test]
    public void Worker_VoluntaryContribution_IsDeducted_AndNotTaxed()
    {
        // 500 points: 62,350, 月提繳工資 63,800. 自提 6% = 3,828, deducted. The 5% method taxes 62,350 − 3,828 = 58,522:
        // 2,926.1 → 2,926 (above the NT$2,000 threshold).
        var election = new StandingDeduction(9, StandingDeductionKind.LabourPensionVoluntary, "勞退自提", 600, "自提申請書 115-001");
        var fivePercent = Pay(Worker(e => e with { SalaryPoints = 500, Withholding = WithholdingMethod.FivePercent }), null, election);

        Assert.That(Line(fivePercent, PayCodes.LabourPensionVoluntary), Is.EqualTo(3_828));
        Assert.That(Line(fivePercent, PayCodes.IncomeTax), Is.EqualTo(2_926), "taxed on the pay less the voluntary contribution");
        Assert.That(fivePercent.Deductions, Is.EqualTo(fivePercent.Lines.Where(l => l.Kind == LineKind.Deduction).Sum(l => l.Amount)));

        var tooMuch = Pay(Worker(), null, election with { Amount = 700 });
        Assert.That(tooMuch.Exception, Does.Contain("超過上限"));
    }

    [Test]
    public void Worker_JoiningOnThe16th_PaysPremiumsForTheDaysInsured_OverThirty()
    {
        // 16 days: 勞保 31,800 × 11.5% × 20% × 16/30 = 390.08 → 390; 就保 31,800 × 1% × 20% × 16/30 = 33.92 → 34; 勞退 1,908 × 16/30 = 1,017.6 → 1,018.
        var pay = Pay(Worker(e => e with { StatusDate = new DateOnly(2026, 12, 16) }));

        Assert.That(Line(pay, PayCodes.LabourInsurance), Is.EqualTo(390));
        Assert.That(Line(pay, PayCodes.EmploymentInsurance), Is.EqualTo(34));
        Assert.That(Line(pay, "ER:LP"), Is.EqualTo(1_018));
    }

    [TestCase(40_000, 0, TestName = "FivePercent_2000_IsNotWithheld")]
    [TestCase(40_010, 2_001, TestName = "FivePercent_2000Point5_IsWithheld_RoundedHalfUp")]
    public void FivePercentMethod_HonoursTheNt2000Threshold(long pay, long expected)
    {
        // 各類所得扣繳率標準 §13: no withholding when the tax of a payment is at most NT$2,000.
        var tables = Shipped(December.End).Get<WithholdingTable>(TableKinds.Withholding)!;
        var line = PayCalculator.IncomeTax(Clerk(e => e with { Withholding = WithholdingMethod.FivePercent }), pay, tables, SmallGrid);

        Assert.That(line.Amount, Is.EqualTo(expected));
    }

    /// <summary>
    /// A grid shaped like the published 薪資所得扣繳稅額表 (figures made up for the test): up to 40,000 nothing; up to
    /// 50,000: 2,100 / 1,900 / 0 for 0, 1, 2 or more spouse and dependants; up to 60,000: 3,500 / 2,400 / 2,300; up to
    /// 90,000: 6,000 / 4,800 / 3,600.
    /// </summary>
    private static readonly Versioned<WithholdingGridTable> SmallGrid = new(-9, new WithholdingGridTable(
    [
        new(40_000, 0, 0), new(40_000, 1, 0), new(40_000, 2, 0),
        new(50_000, 0, 2_100), new(50_000, 1, 1_900), new(50_000, 2, 0),
        new(60_000, 0, 3_500), new(60_000, 1, 2_400), new(60_000, 2, 2_300),
        new(90_000, 0, 6_000), new(90_000, 1, 4_800), new(90_000, 2, 3_600),
    ]), "withholding-grid#test", false);

    [TestCase(50_000, 0, 2_100, TestName = "Grid_PayAtABracketsTop_IsInThatBracket")]
    [TestCase(50_001, 0, 3_500, TestName = "Grid_OneDollarMore_IsInTheNext")]
    [TestCase(40_000, 0, 0, TestName = "Grid_FirstBracket_Nothing")]
    [TestCase(50_000, 1, 0, TestName = "Grid_1900_IsWithinTheNt2000Threshold")]
    [TestCase(60_000, 1, 2_400, TestName = "Grid_OneDependant")]
    [TestCase(60_000, 7, 2_300, TestName = "Grid_MoreDependantsThanColumns_TakeTheLastColumn")]
    public void TableMethod_ReadsTheGridCell(long pay, int dependants, long expected)
    {
        var tables = Shipped(December.End).Get<WithholdingTable>(TableKinds.Withholding)!;

        var line = PayCalculator.IncomeTax(Clerk(e => e with { TaxDependents = dependants }), pay, tables, SmallGrid);

        Assert.That(line.Amount, Is.EqualTo(expected));
        Assert.That(line.TableRef, Is.EqualTo("withholding-grid#test"), "the trace names the grid");
    }

    [TestCase(0, 3_802, TestName = "AboveTheGrid_100000_NoDependents_AsTheTablesNoteComputes")]
    [TestCase(2, 2_225, TestName = "AboveTheGrid_100000_TwoDependents_AsTheTablesNoteComputes")]
    public void AboveTheGridsLastBracket_AnnualisesThroughTheBrackets(int dependents, long expected)
    {
        // 1,200,000 − 101,000 × (1 + dependents) − 136,000 − 227,000; 5% to 610,000, 12% beyond; ÷ 12, half up.
        // No dependents: 736,000 → 30,500 + 15,120 = 45,620 → 3,801.67 → 3,802. Two: 534,000 → 26,700 → 2,225.
        var tables = Shipped(December.End).Get<WithholdingTable>(TableKinds.Withholding)!;

        Assert.That(PayCalculator.IncomeTax(Clerk(e => e with { TaxDependents = dependents }), 100_000, tables, SmallGrid).Amount, Is.EqualTo(expected));
    }

    [TestCase(40_000, 2_400, TestName = "NonResident_UpTo1Point5MinimumWage_6Percent")]
    [TestCase(50_000, 9_000, TestName = "NonResident_Above_18Percent")]
    public void NonResidents_FlatRate_NoThreshold(long pay, long expected)
    {
        // 各類所得扣繳率標準 §3: 18%, or 6% on pay up to 1.5 × the minimum wage (29,500 × 1.5 = 44,250).
        var tables = Shipped(December.End).Get<WithholdingTable>(TableKinds.Withholding)!;

        Assert.That(PayCalculator.IncomeTax(Clerk(e => e with { TaxResident = false }), pay, tables, SmallGrid).Amount, Is.EqualTo(expected));
    }

    [Test]
    public void Garnishment_IsCappedAtOneThird()
    {
        // 強制執行法 §115-1: payable after statutory deductions 47,529; ⅓ = 15,843 (down); the order asks 20,000.
        var pay = Pay(Clerk(), null, new StandingDeduction(3, StandingDeductionKind.Garnishment, "扣押", 20_000, "北院 115 司執 123"));

        Assert.That(Line(pay, "GARN:3"), Is.EqualTo(15_843));
        Assert.That(pay.Net, Is.EqualTo(47_529 - 15_843));
    }

    [Test]
    public void Garnishment_LeavesOnePointTwoTimesTheMinimumLivingCost()
    {
        // §122: the contract worker's payable 27,540 − 勞保 679 − 就保 59 − 健保 458 − 離職儲金 1,652 = 24,692 keeps
        // 20,379 × 1.2 = 24,455, so only 237 of the ⅓ (8,230) is taken.
        var pay = Pay(Contract(), null, new StandingDeduction(3, StandingDeductionKind.Garnishment, "扣押", 20_000, "北院 115 司執 124"));

        Assert.That(Line(pay, "GARN:3"), Is.EqualTo(237));
        Assert.That(pay.Net, Is.EqualTo(24_455));
    }

    [Test]
    public void Garnishment_OlderOrderFirst_EachCappedAtItsBalance_AShareOfThePay_AndAPaidOffOrderEnds()
    {
        // Payable 47,529, ⅓ = 15,843. The order of 1 March (balance 900) goes before the one of 1 June (a tenth of the pay:
        // 47,529 / 10 = 4,752.9 → 4,752); the paid-off order of 1 January takes nothing and leaves no line.
        var pay = Pay(Clerk(), null,
            new StandingDeduction(7, StandingDeductionKind.Garnishment, "乙", 0, "士院 115 司執 7") { OrderDate = new DateOnly(2026, 6, 1), Balance = 50_000, Share = (1, 10) },
            new StandingDeduction(8, StandingDeductionKind.Garnishment, "甲", 5_000, "北院 115 司執 8") { OrderDate = new DateOnly(2026, 3, 1), Balance = 900 },
            new StandingDeduction(9, StandingDeductionKind.Garnishment, "丙", 5_000, "北院 114 司執 9") { OrderDate = new DateOnly(2026, 1, 1), Balance = 0 });

        Assert.That(pay.Lines.Where(l => l.Code.StartsWith("GARN:", StringComparison.Ordinal)).Select(l => (l.Code, l.Amount)),
            Is.EqualTo(new[] { ("GARN:8", 900L), ("GARN:7", 4_752L) }));
        Assert.That(pay.Lines.Single(l => l.Code == "GARN:8").Inputs, Does.Contain("餘額=900→0"));
    }

    [Test]
    public void Garnishment_LeavesTheLivingCostOfTheRelativesTheDebtorSupports()
    {
        // §122 ¶3: with two relatives, 20,379 × 1.2 × 3 = 73,364.4 → 73,364 is kept; the clerk's 47,529 is all below it.
        var pay = Pay(Clerk(), null, new StandingDeduction(3, StandingDeductionKind.Garnishment, "扣押", 20_000, "北院 115 司執 123") { Household = 2 });

        Assert.That(Line(pay, "GARN:3"), Is.Zero);
        Assert.That(pay.Lines.Single(l => l.Code == "GARN:3").Inputs, Does.Contain("保留=73364"));
    }

    [Test]
    public void Joiner_MidMonth_IsProratedByCalendarDays_AndPaysFullNhi()
    {
        // Joined 2026-12-16: 16 of 31 days. 29,270 × 16/31 = 15,107.10 → 15,107; 23,790 × 16/31 = 12,278.71 → 12,279.
        var pay = Pay(Clerk(e => e with { StatusDate = new DateOnly(2026, 12, 16) }));

        Assert.That((pay.DaysPaid, pay.DaysInPeriod), Is.EqualTo((16, 31)));
        Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(15_107));
        Assert.That(Line(pay, PayCodes.ProfessionalAllowance), Is.EqualTo(12_279));
        Assert.That(Line(pay, PayCodes.Insurance), Is.EqualTo(382), "15,107 × 7.22% × 35% = 381.75");
        Assert.That(Line(pay, PayCodes.Pension), Is.EqualTo(1_586), "15,107 × 10.5% = 1,586.24");
        Assert.That(Line(pay, PayCodes.Nhi), Is.EqualTo(1_718), "insured at the month's end: the full month's premium");
    }

    private static PayrollEmployee WithParts(PayrollEmployee final, params (DateOnly From, PayrollEmployee State)[] parts) =>
        final with { Parts = parts.Select(p => new PayrollEmployeePart(p.From, p.State)).ToList() };

    [Test]
    public void PromotionOnThe16th_SplitsTheMonth_EachPartPaidByItsDays()
    {
        // 385 points (29,270) to 415 points (31,570) from 16 December: 15 and 16 of 31 days.
        // 本俸 29,270 × 15/31 = 14,162.90 → 14,163; 31,570 × 16/31 = 16,294.19 → 16,294.
        // 專業加給 23,790 × 15/31 = 11,511.29 → 11,511; × 16/31 = 12,278.71 → 12,279. Gross 54,247.
        // 公保 on the 本俸 paid (30,457) × 7.22% × 35% = 769.65 → 770; 退撫 30,457 × 10.5% = 3,197.99 → 3,198;
        // 健保 on the month's regular pay at its end, 31,570 + 23,790 = 55,360 → grade 55,400: 859.26 → 859 × 2 = 1,718.
        var before = Clerk();
        var after = Clerk(e => e with { SalaryPoints = 415 });
        var pay = Pay(WithParts(after, (December.Start, before), (new DateOnly(2026, 12, 16), after)));

        Assert.Multiple(() =>
        {
            Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(14_163));
            Assert.That(Line(pay, "BASE:2"), Is.EqualTo(16_294));
            Assert.That(Line(pay, PayCodes.ProfessionalAllowance), Is.EqualTo(11_511));
            Assert.That(Line(pay, "PROF:2"), Is.EqualTo(12_279));
            Assert.That(pay.Gross, Is.EqualTo(54_247));
            Assert.That(Line(pay, PayCodes.Insurance), Is.EqualTo(770));
            Assert.That(Line(pay, PayCodes.Pension), Is.EqualTo(3_198));
            Assert.That(Line(pay, PayCodes.Nhi), Is.EqualTo(1_718));
            Assert.That(pay.DaysPaid, Is.EqualTo(31));
            Assert.That(pay.Lines.Single(l => l.Code == "BASE:2").Inputs, Does.Contain("16/31（12-16～12-31"), "the part's dates on the payslip");
        });
    }

    [Test]
    public void AllowanceFromThe16th_IsPaidForItsDaysOnly()
    {
        // 主管職務加給 第 1 級 4,210 from 16 December: 4,210 × 16/31 = 2,172.90 → 2,173; 本俸 29,270 in two parts 14,163 + 15,107.
        var after = Clerk(e => e with { SupervisorAllowanceLevel = 1 });
        var pay = Pay(WithParts(after, (December.Start, Clerk()), (new DateOnly(2026, 12, 16), after)));

        Assert.That(pay.Lines.Where(l => PayCodes.Root(l.Code) == PayCodes.SupervisorAllowance).Select(l => (l.Code, l.Amount)), Is.EqualTo(new[] { ("SUPV:2", 2_173L) }));
        Assert.That(Line(pay, PayCodes.BasePay) + Line(pay, "BASE:2"), Is.EqualTo(14_163 + 15_107));
    }

    [Test]
    public void UnpaidLeaveInsideTheMonth_PaysTheDaysBeforeAndAfter()
    {
        // 留職停薪 from 10 December, back on 20 December: paid 1–9 (9 days) and 20–31 (12 days).
        // 29,270 × 9/31 = 8,497.74 → 8,498; 29,270 × 12/31 = 11,330.32 → 11,330.
        var leave = Clerk(e => e with { Status = EmploymentStatus.UnpaidLeave, StatusDate = new DateOnly(2026, 12, 10) });
        var back = Clerk(e => e with { StatusDate = new DateOnly(2026, 12, 20) });
        var pay = Pay(WithParts(back, (December.Start, Clerk()), (new DateOnly(2026, 12, 10), leave), (new DateOnly(2026, 12, 20), back)));

        Assert.That(pay.DaysPaid, Is.EqualTo(21));
        Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(8_498));
        Assert.That(Line(pay, "BASE:2"), Is.EqualTo(11_330));
    }

    [Test]
    public void SuspendedFromThe16th_HalfTheBasePayForThoseDays_NoAllowances()
    {
        // 公務人員俸給法 §21: 停職 from 16 December. 1–15 in full: 29,270 × 15/31 = 14,162.90 → 14,163 and 23,790 × 15/31 =
        // 11,511.29 → 11,511; 16–31 half the 本俸 only: 29,270 × 0.5 × 16/31 = 7,553.55 → 7,554.
        var suspended = Clerk(e => e with { Status = EmploymentStatus.Suspended, StatusDate = new DateOnly(2026, 12, 16) });

        var pay = Pay(WithParts(suspended, (December.Start, Clerk()), (new DateOnly(2026, 12, 16), suspended)));

        Assert.That(pay.Lines.Where(l => l.Kind == LineKind.Earning).Select(l => (l.Code, l.Amount)),
            Is.EqualTo(new[] { ("BASE", 14_163L), ("PROF", 11_511L), ("BASE:2", 7_554L) }));
        Assert.That(pay.Lines.Single(l => l.Code == "BASE:2").Rule, Does.Contain("§21"));
        Assert.That(Pay(Clerk(e => e with { Status = EmploymentStatus.SuspendedUnpaid, StatusDate = new DateOnly(2026, 12, 16) })).Gross, Is.EqualTo(14_163 + 11_511), "休職: nothing from the 16th");
    }

    [Test]
    public void PromotionOnThe16th_ByThirtieths_SharesThirtyDays()
    {
        // 15/30 each: 29,270 / 2 = 14,635 and 31,570 / 2 = 15,785.
        var thirty = Shipped(December.End, f => f.Kind == TableKinds.Proration ? f with { Content = new ProrationTable(ProrationMethod.ThirtyDays) } : f);
        var after = Clerk(e => e with { SalaryPoints = 415 });

        var pay = Pay(WithParts(after, (December.Start, Clerk()), (new DateOnly(2026, 12, 16), after)), thirty);

        Assert.That((Line(pay, PayCodes.BasePay), Line(pay, "BASE:2")), Is.EqualTo((14_635L, 15_785L)));
    }

    [Test]
    public void AChangeThatDoesNotBearOnPay_DoesNotSplitTheMonth()
    {
        var pay = Pay(WithParts(Clerk(e => e with { HasBankAccount = true }), (December.Start, Clerk()), (new DateOnly(2026, 12, 16), Clerk(e => e with { NhiDependents = 2 }))));

        Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(29_270));
        Assert.That(pay.Lines.Any(l => l.Kind != LineKind.Employer && l.Code.Contains(':', StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Joiner_WithThirtyDayRule_UsesThirtieths()
    {
        var thirty = Shipped(December.End, f => f.Kind == TableKinds.Proration ? f with { Content = new ProrationTable(ProrationMethod.ThirtyDays) } : f);

        var pay = Pay(Clerk(e => e with { StatusDate = new DateOnly(2026, 12, 16) }), thirty);

        Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(15_611), "29,270 × 16/30 = 15,610.67");
    }

    [Test]
    public void Leaver_IsPaidToTheDayBefore_AndOwesNoNhiForTheMonth()
    {
        // Left 2026-12-11: paid 1–10 December. 29,270 × 10/31 = 9,441.94 → 9,442.
        var pay = Pay(Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 12, 11) }));

        Assert.That(pay.DaysPaid, Is.EqualTo(10));
        Assert.That(Line(pay, PayCodes.BasePay), Is.EqualTo(9_442));
        Assert.That(Line(pay, PayCodes.Nhi), Is.Zero);
    }

    [Test]
    public void NoDayInThePeriod_IsNotPaid()
    {
        var tables = Shipped(December.End);
        Assert.That(PayCalculator.Calculate(Clerk(e => e with { Status = EmploymentStatus.UnpaidLeave, StatusDate = new DateOnly(2026, 3, 1) }), December, tables, []), Is.Null);
        Assert.That(PayCalculator.Calculate(Clerk(e => e with { Status = EmploymentStatus.Left, StatusDate = new DateOnly(2026, 12, 1) }), December, tables, []), Is.Null);
        Assert.That(PayCalculator.Calculate(Clerk(e => e with { StatusDate = new DateOnly(2027, 1, 4) }), December, tables, []), Is.Null);
    }

    [Test]
    public void SalaryPointsTable_HasEveryPointOfThe俸表_AndNoInventedOne()
    {
        // The 46 俸點 of the 公務人員俸表: 160–370 by 10, 385–550 by 15, 590–750 by 20, then 780, 790, 800 (the list published
        // with the 人事行政總處's 俸額表, as transcribed by a secondary source [S]); the teachers' 薪額 points besides.
        var ladder = Enumerable.Range(0, 22).Select(i => 160 + (10 * i))
            .Concat(Enumerable.Range(0, 12).Select(i => 385 + (15 * i)))
            .Concat(Enumerable.Range(0, 9).Select(i => 590 + (20 * i)))
            .Concat([780, 790, 800]).ToList();
        int[] teachers = [245, 275, 390, 410, 450, 500, 525, 575, 600, 625, 680, 770];
        var table = Shipped(December.End).Get<SalaryPointsTable>(TableKinds.SalaryPoints)!.Content;

        Assert.That(ladder, Has.Count.EqualTo(46));
        Assert.That(table.Rows.Select(r => r.Points), Is.EquivalentTo(ladder.Concat(teachers)));
        Assert.That(table.Rows.Zip(table.Rows.Skip(1)).All(p => p.Second.Amount > p.First.Amount), Is.True, "more points, more pay");
    }

    [Test]
    public void Garnishment_TakesItsPartOfADifferencePaidOut_UnderTheSameRule()
    {
        var november = new PayPeriod(2026, 11);
        PayResult? Differences(long now, long paid) => RetroCalculator.Differences(
            December, [new RetroMonth(november, new PayResult([new PayLine(PayCodes.BasePay, now, "test", "t@2026-11-01", "test")], 30, 30, now, 0, now, null), new Dictionary<string, long> { [PayCodes.BasePay] = paid })], true);
        StandingDeduction[] order = [new(5, StandingDeductionKind.Garnishment, "債權人", 30_000, "北院 115 司執 5") { OrderDate = new DateOnly(2026, 6, 1), Balance = 25_000 }];
        var tables = Shipped(December.End);

        // 強制執行法 §115-1, §122 on a back payment of 60,000: at most ⅓ = 20,000; the debtor keeps 20,379 × 1.2 = 24,454.8 → 24,455,
        // leaving 35,545 ≥ 20,000; the order asks 30,000 but owes 25,000: 20,000 is withheld.
        var large = RetroCalculator.WithGarnishments(Differences(90_000, 30_000), December, order, tables)!;
        Assert.That(large.Lines.Single(l => l.Code == "GARN:5").Amount, Is.EqualTo(20_000));
        Assert.That((large.Gross, large.Net), Is.EqualTo((60_000L, 40_000L)));

        // A difference of 3,000 is below what the debtor keeps: nothing is withheld from it.
        var small = RetroCalculator.WithGarnishments(Differences(33_000, 30_000), December, order, tables)!;
        Assert.That(small.Net, Is.EqualTo(3_000));

        // A recovery is not a payment: no order touches it.
        var recovery = RetroCalculator.WithGarnishments(Differences(27_000, 30_000), December, order, tables)!;
        Assert.That(recovery.Lines.Any(l => l.Code.StartsWith("GARN", StringComparison.Ordinal)), Is.False);
        Assert.That(recovery.Exception, Does.Contain("追扣 3000"));
    }

    [Test]
    public void MissingOrUnknownData_IsAnException_NotACrash()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Pay(Clerk(e => e with { SalaryPoints = null })).Exception, Does.Contain("缺俸點"));
            Assert.That(Pay(Clerk(e => e with { SalaryPoints = 387 })).Exception, Does.Contain("俸點 387 不在俸額表"));
            Assert.That(Pay(Clerk(e => e with { InsuranceGroup = "農保" })).Exception, Does.Contain("農保"));
            Assert.That(Pay(Clerk(e => e with { ProfessionalAllowanceLevel = 40 })).Exception, Does.Contain("專業加給表"));
            Assert.That(Pay(Clerk(), TableSet.Of(December.End, [])).Exception, Is.Not.Null, "no tables at all");
        });
    }

    [Test]
    public void NoBankAccount_OrNegativeNet_IsAnException_WithTheLinesKept()
    {
        var noBank = Pay(Clerk(e => e with { HasBankAccount = false }));
        var negative = Pay(Clerk(), null, new StandingDeduction(1, StandingDeductionKind.Voluntary, "代扣", 60_000, "申請書"));

        Assert.That(noBank.Exception, Is.EqualTo("無入帳帳戶"));
        Assert.That(noBank.Net, Is.EqualTo(47_529), "still calculated, to be paid once an account is recorded");
        Assert.That(negative.Exception, Does.Contain("實發金額為負"));
        Assert.That(negative.Net, Is.EqualTo(47_529 - 60_000));
    }

    private sealed class DeleteOnDispose(DirectoryInfo directory) : IDisposable
    {
        public void Dispose() => directory.Delete(recursive: true);
    }
}
