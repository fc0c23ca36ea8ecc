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
    /// <param name="appraisal">For a year-end bonus, the appraisal of that year if recorded; for a performance bonus, of the previous year.</param>
    /// <param name="bonusesEarlierThisYear">Bonuses already paid to the person in the payment's calendar year (for the supplementary premium).</param>
    public static PayResult? Calculate(
        PayrollEmployee e, RunKind kind, PayPeriod period, AppraisalGrade? appraisal, long bonusesEarlierThisYear, TableSet tables, IReadOnlyList<StandingDeduction> standing)
    {
        if (PaidDays(e, period) is null)
        {
            return null;
        }

        var lines = new List<PayLine>();
        PayResult Fail(string problem) => Result(lines, period.Days, period, problem);
        var bonus = tables.Get<BonusTable>(TableKinds.Bonus);
        if (bonus is null)
        {
            return Fail("缺少獎金規則表（bonus）");
        }

        if (MonthlyEarnings(e, tables, out var problem) is not { } monthly)
        {
            return Fail(problem!);
        }

        var b = bonus.Content;
        var basis = monthly.Where(l => b.MonthlyCodes.Contains(l.Code)).Sum(l => l.Amount);
        var basisText = string.Join(" + ", monthly.Where(l => b.MonthlyCodes.Contains(l.Code)).Select(l => FormattableString.Invariant($"{PayCodes.Name(l.Code)} {l.Amount}")));
        if (kind == RunKind.YearEndBonus)
        {
            // Joined (or came back) after the cut-off month: whole months served, counting the month joined when on its first day.
            var joined = e.Status == EmploymentStatus.Active && e.StatusDate.Year == period.Year ? e.StatusDate : (DateOnly?)null;
            var months = joined is { } j && j.Month >= b.YearEndFullIfJoinedByMonth && !(j.Month == b.YearEndFullIfJoinedByMonth && j.Day == 1)
                ? 12 - j.Month + (j.Day == 1 ? 1 : 0)
                : 12;
            var excluded = appraisal is { } grade && b.YearEndExcludedGrades.Contains(grade);
            var amount = excluded ? 0 : Rounding.HalfUp(basis * b.YearEndMonths * months / 12m);
            lines.Add(new PayLine(
                PayCodes.YearEndBonus, amount,
                excluded ? "年終工作獎金發給注意事項：考績丙等以下不發給" : "年終工作獎金發給注意事項：12 月俸給 × 月數 × 在職月數 / 12，四捨五入", bonus.Ref,
                FormattableString.Invariant($"月俸給={basis}（{basisText}）; 月數={b.YearEndMonths}; 在職月數={months}; 到職={joined?.ToString("yyyy-MM-dd") ?? "前一年以前"}; 考績={appraisal?.ToString() ?? "未登錄"}")));
        }
        else
        {
            if (appraisal is not { } grade)
            {
                return Fail(FormattableString.Invariant($"缺 {period.Year - 1} 年考績，無法計算考績獎金"));
            }

            var months = b.PerformanceMonths.FirstOrDefault(g => g.Grade == grade)?.Months ?? 0;
            lines.Add(new PayLine(
                PayCodes.PerformanceBonus, Rounding.HalfUp(basis * months), "公務人員考績法 §7：甲等一個月、乙等半個月俸給，四捨五入", bonus.Ref,
                FormattableString.Invariant($"月俸給={basis}（{basisText}）; 考績={grade}; 月數={months}")));
        }

        var gross = lines.Sum(l => l.Amount);
        var withholding = tables.Get<WithholdingTable>(TableKinds.Withholding);
        var nhi = tables.Get<NhiTable>(TableKinds.Nhi);
        var supplementary = tables.Get<SupplementaryPremiumTable>(TableKinds.SupplementaryPremium);
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
    /// Bonus withholding (各類所得扣繳率標準 §2): residents 5% when the bonus reaches the threshold (NT$90,501 in 2026),
    /// nothing below it; non-residents as for pay.
    /// </summary>
    private static PayLine BonusTax(PayrollEmployee e, long bonus, Versioned<WithholdingTable> table)
    {
        if (!e.TaxResident)
        {
            return IncomeTax(e, bonus, table);
        }

        var w = table.Content;
        var tax = bonus >= w.BonusThreshold ? Rounding.HalfUp(bonus * w.BonusRate) : 0;
        return new PayLine(
            PayCodes.IncomeTax, tax, "各類所得扣繳率標準 §2：獎金達起扣額者按 5% 扣繳，未達者免扣繳，四捨五入", table.Ref,
            FormattableString.Invariant($"獎金={bonus}; 起扣額={w.BonusThreshold}; 扣繳率={w.BonusRate}"));
    }
}
