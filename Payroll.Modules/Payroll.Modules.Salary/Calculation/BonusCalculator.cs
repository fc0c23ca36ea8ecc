using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Tables;
using static Payroll.Modules.Salary.Calculation.PayCalculator;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>
/// A bonus payslip: 年終工作獎金 or 考績獎金 from a full month's pay, then the bonus withholding, the supplementary NHI
/// premium on the year's bonuses beyond a multiple of the insured grade, and court garnishments. Pure, like
/// <see cref="PayCalculator"/>.
/// </summary>
internal static class BonusCalculator
{
    /// <summary>Who a bonus run of this kind also covers among those who left: a year-end run, the year's leavers (each in their last unit).</summary>
    public static DateOnly? LeaversSince(RunKind kind, PayPeriod period) => kind == RunKind.YearEndBonus ? new DateOnly(period.Year, 1, 1) : null;

    /// <summary>
    /// For a year-end bonus, the month whose pay and tables are the basis: the last month in service for someone who
    /// left during the year (their last month's pay), otherwise December (null).
    /// </summary>
    public static PayPeriod? LastMonthInService(PayrollEmployee e, PayPeriod period) =>
        e.Status is not (EmploymentStatus.Active or EmploymentStatus.UnpaidLeave) && e.StatusDate.AddDays(-1) is { } last && last.Year == period.Year && last.Month < period.Month
            ? new PayPeriod(last.Year, last.Month)
            : null;

    /// <param name="appraisal">For a year-end bonus, the appraisal of that year if recorded; for a performance bonus, of the previous year.</param>
    /// <param name="discipline">For a year-end bonus, the person's 獎懲 decided in the year (not withdrawn).</param>
    /// <param name="bonusesEarlierThisYear">Bonuses already paid to the person in the payment's calendar year (for the supplementary premium).</param>
    /// <param name="taxTables">The tables in force on the pay day, for the withholding and the supplementary premium (default: <paramref name="tables"/>).</param>
    public static PayResult? Calculate(
        PayrollEmployee e, RunKind kind, PayPeriod period, AppraisalGrade? appraisal, IReadOnlyList<DisciplineRecord> discipline, long bonusesEarlierThisYear,
        TableSet tables, IReadOnlyList<StandingDeduction> standing, TableSet? taxTables = null)
    {
        var lines = new List<PayLine>();
        PayResult Fail(string problem) => Result(lines, period.Days, period, problem);
        var bonus = tables.Get<BonusTable>(TableKinds.Bonus);
        if (bonus is null)
        {
            return kind == RunKind.YearEndBonus || PaidDays(e, period) is not null ? Fail("缺少獎金規則表（bonus）") : null;
        }

        var b = bonus.Content;
        if (b.Check().FirstOrDefault() is { } incomplete)
        {
            return Fail($"獎金規則表 {bonus.Ref} 不完整（{incomplete.Field}：{incomplete.Message}），請載入新版");
        }

        (int Months, string Why)? served = kind == RunKind.YearEndBonus ? YearEndMonthsServed(e, period.Year, b)
            : PaidDays(e, period) is null ? null : (12, "");
        if (served is not { } service)
        {
            return null;
        }

        if (MonthlyEarnings(e, tables, out var problem) is not { } monthly)
        {
            return Fail(problem!);
        }

        var codes = kind == RunKind.YearEndBonus ? b.MonthlyCodes : b.PerformanceCodes;
        var basisLines = monthly.Where(l => codes.Contains(l.Code)).ToList();
        var basis = basisLines.Sum(l => l.Amount);
        var basisText = string.Join(" + ", basisLines.Select(l => FormattableString.Invariant($"{PayCodes.Name(l.Code)} {l.Amount}")));
        if (kind == RunKind.YearEndBonus)
        {
            var exclusion = YearEndExclusion(appraisal, discipline, b);
            var amount = exclusion is null ? Rounding.HalfUp(basis * b.YearEndMonths * service.Months / 12m) : 0;
            lines.Add(new PayLine(
                PayCodes.YearEndBonus, amount,
                exclusion is null ? "年終工作獎金發給注意事項：俸給 × 月數 × 在職月數 / 12，四捨五入" : "年終工作獎金發給注意事項：不發給（" + exclusion + "）", bonus.Ref,
                FormattableString.Invariant($"月俸給={basis}（{basisText}）; 月數={b.YearEndMonths}; 在職月數={service.Months}（{service.Why}）; 考績={appraisal?.ToString() ?? "未登錄"}; 獎懲={discipline.Count} 筆")));
        }
        else
        {
            if (appraisal is not { } grade)
            {
                return Fail(FormattableString.Invariant($"缺 {period.Year - 1} 年考績，無法計算考績獎金"));
            }

            var months = b.PerformanceMonths.FirstOrDefault(g => g.Grade == grade)?.Months ?? 0;
            lines.Add(new PayLine(
                PayCodes.PerformanceBonus, Rounding.HalfUp(basis * months), "公務人員考績法 §7：甲等一個月、乙等半個月俸給總額，四捨五入", bonus.Ref,
                FormattableString.Invariant($"俸給總額={basis}（{basisText}）; 考績={grade}; 月數={months}")));
        }

        var gross = lines.Sum(l => l.Amount);
        // Withholding and the supplementary premium as in force on the pay day.
        var withholding = (taxTables ?? tables).Get<WithholdingTable>(TableKinds.Withholding);
        var nhi = tables.Get<NhiTable>(TableKinds.Nhi);
        var supplementary = (taxTables ?? tables).Get<SupplementaryPremiumTable>(TableKinds.SupplementaryPremium);
        if (withholding is null || nhi is null || supplementary is null)
        {
            return Fail("缺少扣繳、健保或補充保費表");
        }

        lines.Add(BonusTax(e, gross, withholding));

        // 全民健康保險法 §31: 2.11% of the year's bonuses beyond 4 × the insured amount; only this payment's part of the excess.
        var insured = nhi.Content.Grades.FirstOrDefault(g => g >= monthly.Sum(l => l.Amount), nhi.Content.Grades[^1]);
        var threshold = insured * supplementary.Content.GradeMultiple;
        var excess = Math.Max(0, bonusesEarlierThisYear + gross - Math.Max(threshold, bonusesEarlierThisYear));
        lines.Add(new PayLine(
            PayCodes.SupplementaryPremium, Rounding.HalfUp(excess * supplementary.Content.Rate), "全民健康保險法 §31：全年獎金超過投保金額 4 倍部分 × 2.11%，四捨五入", supplementary.Ref,
            FormattableString.Invariant($"投保金額={insured}; 門檻={threshold}; 本年先前獎金={bonusesEarlierThisYear}; 本次獎金={gross}; 計費={excess}; 費率={supplementary.Content.Rate}")));

        if (AddGarnishments(lines, gross, standing, tables) is { } garnishmentProblem)
        {
            return Fail(garnishmentProblem);
        }

        var result = Result(lines, period.Days, period, null);
        return !e.HasBankAccount && result.Net > 0 ? result with { Exception = "無入帳帳戶" } : result;
    }

    /// <summary>
    /// How many twelfths of the year-end bonus someone is owed, and why; null when none (not in service on the in-service
    /// day, and not one of the leavers owed a share). In service since a day before the cut-off month and still on the
    /// in-service day (1 December): 12. Joined (or back from unpaid leave) later, and in service then or joined after it:
    /// 13 − the joining month (the joining month counts whole; a December joiner gets 1). Left during the year for a
    /// reason the table names (retired, 資遣, died): the months from January (or the joining month) to the last month in
    /// service, each counted whole.
    /// </summary>
    internal static (int Months, string Why)? YearEndMonthsServed(PayrollEmployee e, int year, BonusTable b)
    {
        if (e.InServiceSince is not { } since)
        {
            return null;
        }

        var lastDay = e.Status == EmploymentStatus.Active ? new DateOnly(year, 12, 31) : e.StatusDate.AddDays(-1);
        var inServiceDay = new DateOnly(year, b.YearEndInServiceMonth, b.YearEndInServiceDay);
        var cutOff = new DateOnly(year, b.YearEndFullIfJoinedByMonth, 1);
        if (since > lastDay || lastDay.Year < year || since.Year > year)
        {
            return null;
        }

        if (lastDay >= inServiceDay)
        {
            return since < cutOff
                ? (12, FormattableString.Invariant($"{cutOff.AddDays(-1):MM-dd} 前在職，{inServiceDay:MM-dd} 仍在職"))
                : (13 - since.Month, FormattableString.Invariant($"{since:yyyy-MM-dd} 到職，到職月起算"));
        }

        if (!b.YearEndProRataLeavers.Contains(e.Status))
        {
            return null;
        }

        var first = since.Year < year ? 1 : since.Month;
        return (lastDay.Month - first + 1, FormattableString.Invariant($"{e.Status} {e.StatusDate:yyyy-MM-dd}，最後在職 {lastDay:yyyy-MM-dd}，{first} 月至 {lastDay.Month} 月"));
    }

    /// <summary>Why no year-end bonus is owed: the appraisal grade, a disciplinary sanction, or 平時考核 netting the threshold; null when none applies.</summary>
    internal static string? YearEndExclusion(AppraisalGrade? appraisal, IReadOnlyList<DisciplineRecord> discipline, BonusTable b)
    {
        if (appraisal is { } grade && b.YearEndExcludedGrades.Contains(grade))
        {
            return $"考績 {grade}";
        }

        if (discipline.FirstOrDefault(d => !d.Withdrawn && d.Basis == DisciplineBasis.Disciplinary && b.YearEndExcludedSanctions.Contains(d.Kind)) is { } sanction)
        {
            return FormattableString.Invariant($"懲戒處分 {sanction.Kind} {sanction.DecidedOn:yyyy-MM-dd} {sanction.Reference}");
        }

        var net = discipline.Where(d => !d.Withdrawn && d.Basis == DisciplineBasis.Appraisal)
            .Sum(d => b.DisciplineUnits.FirstOrDefault(u => u.Kind == d.Kind)?.Units ?? 0);
        return net >= b.YearEndExcludedNetDemeritUnits
            ? FormattableString.Invariant($"平時考核獎懲抵銷後淨懲處 {net} 單位，達 {b.YearEndExcludedNetDemeritUnits}（一大過）")
            : null;
    }

    /// <summary>
    /// Bonus withholding (各類所得扣繳率標準 §2): residents 5% when the bonus reaches the threshold (NT$90,501 in 2026),
    /// nothing below it; non-residents as for pay.
    /// </summary>
    private static PayLine BonusTax(PayrollEmployee e, long bonus, Versioned<WithholdingTable> table)
    {
        if (!e.TaxResident)
        {
            return IncomeTax(e, bonus, table, null);
        }

        var w = table.Content;
        var tax = bonus >= w.BonusThreshold ? Rounding.HalfUp(bonus * w.BonusRate) : 0;
        return new PayLine(
            PayCodes.IncomeTax, tax, "各類所得扣繳率標準 §2：獎金達起扣額者按 5% 扣繳，未達者免扣繳，四捨五入", table.Ref,
            FormattableString.Invariant($"獎金={bonus}; 起扣額={w.BonusThreshold}; 扣繳率={w.BonusRate}"));
    }
}
