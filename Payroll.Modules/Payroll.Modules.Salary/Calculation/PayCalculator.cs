using System.Globalization;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Contracts.Salary;
using Payroll.Modules.Salary.Tables;

namespace Payroll.Modules.Salary.Calculation;

/// <summary>
/// A court order or a voluntary deduction in force for the period. A garnishment order may carry its date (priority), the
/// balance still owed (null: not tracked), a share of the pay instead of a fixed amount, and the relatives the debtor supports.
/// </summary>
internal sealed record StandingDeduction(long Id, StandingDeductionKind Kind, string Label, long Amount, string Reference)
{
    public DateOnly? OrderDate { get; init; }

    public long? Balance { get; init; }

    public (int Numerator, int Denominator)? Share { get; init; }

    public int Household { get; init; }
}

/// <summary>One amount on a payslip and its trace: the rule, the table version it read and the inputs it used.</summary>
internal sealed record PayLine(string Code, long Amount, string Rule, string TableRef, string Inputs)
{
    public LineKind Kind => PayCodes.KindOf(Code);
}

/// <summary>A person's pay for a period. With an <see cref="Exception"/> the person is not paid until it is resolved.</summary>
internal sealed record PayResult(IReadOnlyList<PayLine> Lines, int DaysPaid, int DaysInPeriod, long Gross, long Deductions, long Net, string? Exception)
{
    /// <summary>The 健保 insured amount this payslip charged (0: none), which the unit's §34 supplementary premium nets out.</summary>
    public long NhiInsured { get; init; }
}

/// <summary>
/// The monthly pay of one person for one period, from their record and the tables in force. Pure: no I/O, no clock.
/// Every amount is a line naming its rule, its table version and its inputs; rounding is explicit per rule.
/// </summary>
internal static class PayCalculator
{
    /// <summary>Null when the person is not paid for any day of the period (on unpaid leave all month, left before it).</summary>
    /// <param name="taxTables">The tables in force on the pay day, for the withholding (default: <paramref name="tables"/>).</param>
    public static PayResult? Calculate(PayrollEmployee e, PayPeriod period, TableSet tables, IReadOnlyList<StandingDeduction> standing, TableSet? taxTables = null)
    {
        // Each part of the month with its own state (a promotion, an allowance, leave taking effect inside it), each paid by
        // its days; most months have one part.
        var parts = PaidParts(e, period);
        if (parts.Count == 0)
        {
            return null;
        }

        var (first, last) = (parts[0].First, parts[^1].Last);
        var lines = new List<PayLine>();
        var daysPaid = parts.Sum(p => p.Last.DayNumber - p.First.DayNumber + 1);
        var proration = tables.Get<ProrationTable>(TableKinds.Proration);
        PayResult Fail(string problem) => Result(lines, daysPaid, period, problem);
        if (proration is null)
        {
            return Fail("缺少比例計算規則表（proration）");
        }

        IReadOnlyList<PayLine> monthly = [];
        var daysBefore = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (MonthlyEarnings(part.State, tables, out var problem) is not { } partMonthly)
            {
                return Fail(parts.Count > 1 ? FormattableString.Invariant($"{part.First:MM-dd}～{part.Last:MM-dd}：{problem}") : problem!);
            }

            // 公務人員俸給法 §21: while 停職, a share (half) of the 本俸 (年功俸), no allowances.
            var factor = 1m;
            if (part.Suspended)
            {
                factor = proration.Content.SuspendedBaseShare;
                partMonthly = [partMonthly[0] with
                {
                    Rule = "公務人員俸給法 §21：停職期間發給半數之本俸（年功俸）", TableRef = proration.Ref,
                    Inputs = FormattableString.Invariant($"{partMonthly[0].Inputs}; 停職自={part.State.StatusDate:yyyy-MM-dd}; 發給比例={factor}"),
                }];
            }

            var days = part.Last.DayNumber - part.First.DayNumber + 1;
            var (numerator, denominator) = parts.Count == 1
                ? Fraction(proration.Content.Method, days, period.Days)
                : PartFraction(proration.Content.Method, days, daysBefore, i == parts.Count - 1 && daysPaid >= period.Days, period.Days);
            var prorated = numerator == denominator ? "全月" : string.Create(CultureInfo.InvariantCulture, $"{numerator}/{denominator}（{part.First:MM-dd}～{part.Last:MM-dd}，{proration.Content.Method}）");
            var suffix = i == 0 ? "" : ":" + (i + 1).ToString(CultureInfo.InvariantCulture);

            // 本俸 and 加給 for the days paid; the premiums below use the full month's amounts where their rule says so.
            lines.AddRange(partMonthly.Select(l => l with
            {
                Code = l.Code + suffix,
                Amount = numerator == denominator && factor == 1m ? l.Amount : Rounding.HalfUp(l.Amount * factor * numerator / denominator),
                Inputs = FormattableString.Invariant($"{l.Inputs}; 月額={l.Amount}; 計算={prorated}"),
            }));
            daysBefore += days;
            monthly = partMonthly;
        }

        // The premiums' bases: the month's regular pay as at its last part, and the 本俸 paid.
        var fullRegular = monthly.Sum(l => l.Amount);
        var basePay = lines.Where(l => PayCodes.Root(l.Code) == PayCodes.BasePay).Sum(l => l.Amount);
        var gross = lines.Sum(l => l.Amount);

        // 保險費: 勞保 and 就保 for the staff kinds under labour insurance; otherwise 公保 on 本俸 (公教人員保險法 §8, §9: 35% paid
        // by the insured), by the person's insurance group.
        var labour = tables.Get<LabourInsuranceTable>(TableKinds.LabourInsurance);
        if (labour is not null && labour.Content.Categories.Contains(e.Category))
        {
            AddLabourInsurance(lines, labour, fullRegular, daysPaid, period.Days);
        }
        else
        {
            var insurance = tables.Get<InsuranceTable>(TableKinds.Insurance);
            var group = insurance?.Content.Groups.FirstOrDefault(g => g.Group == e.InsuranceGroup);
            if (insurance is null || group is null)
            {
                return Fail($"保險類別「{e.InsuranceGroup}」不在保險費率表");
            }

            var insuredBase = group.Base == InsuranceBase.BasePay ? basePay : Math.Min(gross, group.Cap ?? long.MaxValue);
            lines.Add(new PayLine(
                PayCodes.Insurance, Rounding.HalfUp(insuredBase * group.Rate * group.EmployeeShare),
                group.Base == InsuranceBase.BasePay ? "公教人員保險法 §8、§9：本俸 × 費率 × 自付比例，四捨五入" : "保險費 = 投保薪資（上限）× 費率 × 自付比例，四捨五入",
                insurance.Ref, FormattableString.Invariant($"類別={group.Group}; 基數={insuredBase}; 費率={group.Rate}; 自付={group.EmployeeShare}")));
            if (group.EmployerShare is { } governmentShare)
            {
                lines.Add(new PayLine(
                    PayCodes.Employer(PayCodes.Insurance), Rounding.HalfUp(insuredBase * group.Rate * governmentShare),
                    "公教人員保險法 §9：基數 × 費率 × 政府負擔比例，四捨五入", insurance.Ref,
                    FormattableString.Invariant($"類別={group.Group}; 基數={insuredBase}; 費率={group.Rate}; 負擔={governmentShare}")));
            }
        }

        // 健保 (全民健康保險法 §18, §23, §27): grade ≥ regular monthly pay; per insured person rounded, dependents at most 3;
        // charged by the unit that insures the person at the month's end.
        var nhi = tables.Get<NhiTable>(TableKinds.Nhi);
        if (nhi is null)
        {
            return Fail("缺少健保費率表");
        }

        var nhiInsured = 0L;
        if (last == period.End)
        {
            var grade = nhi.Content.Grades.FirstOrDefault(g => g >= fullRegular, nhi.Content.Grades[^1]);
            var perPerson = Rounding.HalfUp(grade * nhi.Content.Rate * nhi.Content.EmployeeShare);
            var persons = 1 + Math.Min(e.NhiDependents, nhi.Content.DependentsCap);
            lines.Add(new PayLine(
                PayCodes.Nhi, perPerson * persons, "全民健康保險法 §18、§27：投保金額 × 費率 × 自付 30%，每人四捨五入 × (1 + 眷口，最多 3 口)", nhi.Ref,
                FormattableString.Invariant($"月薪={fullRegular}; 投保金額={grade}; 每人={perPerson}; 眷口={e.NhiDependents}; 計費人數={persons}")));
            nhiInsured = grade;

            // §27, §29: the agency's share for the insured and the average number of dependents, whatever their own number.
            if (nhi.Content is { EmployerShare: { } agencyShare, AverageDependants: { } average })
            {
                lines.Add(new PayLine(
                    PayCodes.Employer(PayCodes.Nhi), Rounding.HalfUp(grade * nhi.Content.Rate * agencyShare * (1 + average)),
                    "全民健康保險法 §27、§29：投保金額 × 費率 × 投保單位負擔 × (1 + 平均眷口數)，四捨五入", nhi.Ref,
                    FormattableString.Invariant($"投保金額={grade}; 費率={nhi.Content.Rate}; 負擔={agencyShare}; 平均眷口數={average}")));
            }
        }
        else
        {
            lines.Add(new PayLine(PayCodes.Nhi, 0, "全民健康保險法 §18：月底未在本單位投保，本月不計", nhi.Ref, $"最後在職日={last:yyyy-MM-dd}"));
        }

        // 退撫 (公務人員退休資遣撫卹法 §7): 本俸 × 2 × rate, the person paying 35%. Others are not in the fund.
        var pension = tables.Get<PensionTable>(TableKinds.Pension);
        if (pension is null)
        {
            return Fail("缺少退撫提撥率表");
        }

        if (pension.Content.Categories.Contains(e.Category))
        {
            lines.Add(new PayLine(
                PayCodes.Pension, Rounding.HalfUp(basePay * pension.Content.Multiplier * pension.Content.Rate * pension.Content.EmployeeShare),
                "公務人員退休資遣撫卹法 §7：本俸 × 2 × 提撥率 × 自繳 35%，四捨五入", pension.Ref,
                FormattableString.Invariant($"本俸={basePay}; 倍數={pension.Content.Multiplier}; 提撥率={pension.Content.Rate}; 自繳={pension.Content.EmployeeShare}; 制度={e.Pension}")));
            if (pension.Content.EmployerShare is { } governmentShare)
            {
                lines.Add(new PayLine(
                    PayCodes.Employer(PayCodes.Pension), Rounding.HalfUp(basePay * pension.Content.Multiplier * pension.Content.Rate * governmentShare),
                    "公務人員退休資遣撫卹法 §7：本俸 × 2 × 提撥率 × 政府撥繳 65%，四捨五入", pension.Ref,
                    FormattableString.Invariant($"本俸={basePay}; 倍數={pension.Content.Multiplier}; 提撥率={pension.Content.Rate}; 撥繳={governmentShare}")));
            }
        }

        // 勞退 (勞工退休金條例 §14) for the kinds under it: the employer's contribution, and the person's own (自提), which is
        // not taxed; 離職儲金 for the kinds under that.
        var labourPension = tables.Get<LabourPensionTable>(TableKinds.LabourPension);
        if (labourPension is not null && labourPension.Content.Categories.Contains(e.Category))
        {
            if (AddLabourPension(lines, labourPension, fullRegular, daysPaid, period.Days, standing) is { } pensionProblem)
            {
                return Fail(pensionProblem);
            }
        }

        var severance = tables.Get<SeveranceFundTable>(TableKinds.SeveranceFund);
        if (severance is not null && severance.Content.Categories.Contains(e.Category))
        {
            foreach (var (code, rate, who) in new[] { (PayCodes.SeveranceFund, severance.Content.EmployeeRate, "自繳"), (PayCodes.Employer(PayCodes.SeveranceFund), severance.Content.EmployerRate, "政府提撥") })
            {
                lines.Add(new PayLine(code, Rounding.HalfUp(gross * rate), $"離職儲金：本月薪給 × {who}比率，四捨五入", severance.Ref,
                    FormattableString.Invariant($"薪給={gross}; 比率={rate}")));
            }
        }

        var tax = taxTables ?? tables;
        var withholding = tax.Get<WithholdingTable>(TableKinds.Withholding);
        if (withholding is null)
        {
            return Fail("缺少扣繳參數表");
        }

        var untaxed = lines.Where(l => l.Code == PayCodes.LabourPensionVoluntary).Sum(l => l.Amount);
        lines.Add(IncomeTax(e, gross - untaxed, withholding, tax.Get<WithholdingGridTable>(TableKinds.WithholdingGrid)));

        // 法院扣押, then the person's own deductions.
        if (AddGarnishments(lines, gross, standing, tables) is { } garnishmentProblem)
        {
            return Fail(garnishmentProblem);
        }

        foreach (var deduction in standing.Where(s => s.Kind == StandingDeductionKind.Voluntary).OrderBy(s => s.Id))
        {
            lines.Add(new PayLine(
                PayCodes.Voluntary + ":" + deduction.Id.ToString(CultureInfo.InvariantCulture), deduction.Amount, "本人申請之扣款", "",
                $"項目={deduction.Label}; 依據={deduction.Reference}"));
        }

        var result = Result(lines, daysPaid, period, null) with { NhiInsured = nhiInsured };
        return result.Net < 0 ? result with { Exception = FormattableString.Invariant($"實發金額為負（{result.Net}）") }
            : !e.HasBankAccount ? result with { Exception = "無入帳帳戶" }
            : result;
    }

    /// <summary>
    /// 勞保 and 就保 on the insured salary: the lowest grade at or above the month's regular pay (the first grade is the
    /// minimum wage, the last the cap), each part's worker and employer shares rounded on their own; for part of a month,
    /// by days over 30 (a month counts as 30 days).
    /// </summary>
    internal static void AddLabourInsurance(List<PayLine> lines, Versioned<LabourInsuranceTable> table, long regular, int days, int daysInMonth)
    {
        var grades = table.Content.Grades;
        var insured = grades.FirstOrDefault(g => g >= regular, grades[^1]);
        var insuredDays = days >= daysInMonth ? 30 : Math.Min(days, 30);
        var daysText = insuredDays == 30 ? "" : FormattableString.Invariant($"; 日數={insuredDays}/30");
        foreach (var part in table.Content.Parts)
        {
            var law = part.Code == PayCodes.LabourInsurance ? "勞工保險條例 §13、§15" : "就業保險法 §40";
            foreach (var (code, share, who) in new[] { (part.Code, part.EmployeeShare, "被保險人"), (PayCodes.Employer(part.Code), part.EmployerShare, "雇主") })
            {
                lines.Add(new PayLine(
                    code, Rounding.HalfUp(insured * part.Rate * share * insuredDays / 30m), $"{law}：投保薪資 × 費率 × {who}負擔，四捨五入", table.Ref,
                    FormattableString.Invariant($"投保薪資={insured}; 費率={part.Rate}; 負擔={share}{daysText}")));
            }
        }
    }

    /// <summary>
    /// 勞退: the employer's contribution on the 月提繳工資 (the grade at or above the month's regular pay), and the person's
    /// own rate if they chose one (a standing 自提 election, in basis points), both by days over 30 for part of a month.
    /// </summary>
    internal static string? AddLabourPension(
        List<PayLine> lines, Versioned<LabourPensionTable> table, long regular, int days, int daysInMonth, IReadOnlyList<StandingDeduction> standing)
    {
        var t = table.Content;
        var wage = t.Grades.FirstOrDefault(g => g >= regular, t.Grades[^1]);
        var contributionDays = days >= daysInMonth ? 30 : Math.Min(days, 30);
        lines.Add(new PayLine(
            PayCodes.Employer(PayCodes.LabourPension), Rounding.HalfUp(wage * t.EmployerRate * contributionDays / 30m),
            "勞工退休金條例 §14：雇主提繳至個人專戶，四捨五入", table.Ref,
            FormattableString.Invariant($"月提繳工資={wage}; 提繳率={t.EmployerRate}{(contributionDays == 30 ? "" : FormattableString.Invariant($"; 日數={contributionDays}/30"))}")));
        if (standing.FirstOrDefault(s => s.Kind == StandingDeductionKind.LabourPensionVoluntary) is not { } election)
        {
            return null;
        }

        var rate = election.Amount / 10_000m;
        if (rate > t.VoluntaryMaxRate)
        {
            return FormattableString.Invariant($"勞退自提 {rate:P1} 超過上限 {t.VoluntaryMaxRate:P0}");
        }

        lines.Add(new PayLine(
            PayCodes.LabourPensionVoluntary, Rounding.HalfUp(wage * rate * contributionDays / 30m),
            "勞工退休金條例 §14 ¶3：勞工自願提繳，自當年度薪資所得總額中扣除，四捨五入", table.Ref,
            FormattableString.Invariant($"月提繳工資={wage}; 自提率={rate}; 日數={contributionDays}; 依據={election.Reference}")));
        return null;
    }

    /// <summary>
    /// 法院扣押 (強制執行法 §115-1, §122) on one payment: at most a fraction of what is left after the statutory deductions
    /// already in <paramref name="lines"/>, always leaving the person a multiple of the minimum living cost; orders are
    /// served oldest first. Returns a problem when the rule's table is missing.
    /// </summary>
    internal static string? AddGarnishments(List<PayLine> lines, long gross, IReadOnlyList<StandingDeduction> standing, TableSet tables)
    {
        var orders = standing.Where(s => s.Kind == StandingDeductionKind.Garnishment).OrderBy(s => s.Id).ToList();
        if (orders.Count == 0)
        {
            return null;
        }

        var garnishment = tables.Get<GarnishmentTable>(TableKinds.Garnishment);
        if (garnishment is null)
        {
            return "缺少扣押規則表";
        }

        var g = garnishment.Content;
        var payable = gross - lines.Where(l => l.Kind == LineKind.Deduction).Sum(l => l.Amount);
        var cap = Rounding.Down(payable * (decimal)g.Numerator / g.Denominator);

        // §122 ¶2, ¶3: the debtor keeps 1.2 × the minimum living cost, and as much for each relative living with them whom they support.
        var household = orders.Max(o => o.Household);
        var keep = Rounding.HalfUp(g.MinimumLivingCost * g.FloorMultiple * (1 + household));
        var left = Math.Max(0, Math.Min(cap, payable - keep));
        foreach (var order in orders.OrderBy(o => o.OrderDate ?? DateOnly.MinValue).ThenBy(o => o.Id))
        {
            if (order.Balance is <= 0)
            {
                continue;
            }

            var asked = order.Share is var (numerator, denominator) ? Rounding.Down(payable * (decimal)numerator / denominator) : order.Amount;
            var amount = Math.Min(Math.Min(asked, order.Balance ?? long.MaxValue), left);
            left -= amount;
            var balance = order.Balance is { } before ? FormattableString.Invariant($"; 餘額={before}→{before - amount}") : "";
            lines.Add(new PayLine(
                PayCodes.Garnishment + ":" + order.Id.ToString(CultureInfo.InvariantCulture), amount,
                "強制執行法 §115-1、§122：每期至多應領扣除法定扣款後之 1/3，並保留本人及共同生活受扶養親屬之最低生活費 1.2 倍；命令依日期先後", garnishment.Ref,
                FormattableString.Invariant($"命令={order.Reference}; 債權人={order.Label}; 命令日={order.OrderDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}; 命令金額={(order.Share is var (n, d) ? $"{n}/{d} = {asked}" : asked.ToString(CultureInfo.InvariantCulture))}; 應領減法定扣款={payable}; 上限={cap}; 共同生活親屬={household}; 保留={keep}{balance}")));
        }

        return null;
    }


    /// <summary>
    /// A full month's 本俸 and 加給 (公務人員俸給法 §2, §4, §18), one line each, before any proration: for the monthly pay,
    /// the NHI grade and the bonuses. Null, with the problem, when a table or a figure is missing.
    /// </summary>
    internal static IReadOnlyList<PayLine>? MonthlyEarnings(PayrollEmployee e, TableSet tables, out string? problem)
    {
        var lines = new List<PayLine>();
        problem = null;

        // 本俸 (公務人員俸給法 §4: 俸點 → 俸額表); contract staff and workers: points × the value of a point.
        if (e.SalaryPoints is not { } points)
        {
            problem = "缺俸點（薪點），無法計算本俸";
            return null;
        }

        if (e.Category is StaffCategory.CivilServant or StaffCategory.Teacher)
        {
            var table = tables.Get<SalaryPointsTable>(TableKinds.SalaryPoints);
            var row = table?.Content.Rows.FirstOrDefault(r => r.Points == points);
            if (table is null || row is null)
            {
                problem = $"俸點 {points} 不在俸額表{(table is null ? "（無表）" : " " + table.Ref)}";
                return null;
            }

            lines.Add(new PayLine(PayCodes.BasePay, row.Amount, "公務人員俸給法 §4：俸點折算俸額（俸額表）", table.Ref, FormattableString.Invariant($"俸點={points}; 俸額={row.Amount}")));
        }
        else
        {
            var table = tables.Get<PayPointValueTable>(TableKinds.PayPointValue);
            var row = table?.Content.Rows.FirstOrDefault(r => r.Category == e.Category);
            if (table is null || row is null)
            {
                problem = $"無 {e.Category} 的薪點折合率";
                return null;
            }

            lines.Add(new PayLine(PayCodes.BasePay, Rounding.HalfUp(points * row.Value), "薪點 × 薪點折合率，四捨五入至元", table.Ref, FormattableString.Invariant($"薪點={points}; 折合率={row.Value}")));
        }

        foreach (var (code, kind, key, level, name) in new (string, string, string?, int?, string)[]
                 {
                     (PayCodes.ProfessionalAllowance, TableKinds.ProfessionalAllowance, e.ProfessionalAllowanceTable, e.ProfessionalAllowanceLevel, "專業加給表"),
                     (PayCodes.SupervisorAllowance, TableKinds.SupervisorAllowance, e.SupervisorAllowanceLevel is null ? null : "", e.SupervisorAllowanceLevel, "主管職務加給表"),
                     (PayCodes.AreaAllowance, TableKinds.AreaAllowance, e.AreaAllowance, null, "地域加給表"),
                 })
        {
            if (key is null)
            {
                continue;
            }

            var table = tables.Get<AllowanceTable>(kind);
            var row = table?.Content.Rows.FirstOrDefault(r => (r.Key ?? "") == key && r.Level == level);
            if (table is null || row is null)
            {
                problem = $"{name}查無「{key}」{(level is { } l ? FormattableString.Invariant($" 第 {l} 級") : "")}";
                return null;
            }

            lines.Add(new PayLine(code, row.Amount, $"公務人員俸給法 §18：{name}", table.Ref, FormattableString.Invariant($"表別={key}; 級別={level}")));
        }

        return lines;
    }

    /// <summary>
    /// 薪資所得扣繳 (所得稅法 §88; 各類所得扣繳率標準 §2, §3, §13). Residents: the cell of the published 薪資所得扣繳稅額表 for the
    /// month's pay and their spouse and dependants, or 5% at their election; nothing when the tax is at most the threshold
    /// (NT$2,000). Pay above the grid's last bracket is computed as the table's note says (annualised pay less exemptions
    /// and deductions, through the brackets, ÷ 12). Non-residents: 18%, or 6% on pay up to 1.5 × the minimum wage; no threshold.
    /// </summary>
    internal static PayLine IncomeTax(PayrollEmployee e, long taxable, Versioned<WithholdingTable> table, Versioned<WithholdingGridTable>? grid)
    {
        var w = table.Content;
        if (!e.TaxResident)
        {
            var rate = taxable <= w.NonResidentLowCeiling ? w.NonResidentLowRate : w.NonResidentRate;
            return new PayLine(
                PayCodes.IncomeTax, Rounding.HalfUp(taxable * rate), "各類所得扣繳率標準 §3：非居住者薪資按扣繳率扣繳，四捨五入", table.Ref,
                FormattableString.Invariant($"居住者=否; 給付額={taxable}; 扣繳率={rate}; 低稅率上限={w.NonResidentLowCeiling}"));
        }

        long tax;
        string inputs;
        var reference = table.Ref;
        if (e.Withholding == WithholdingMethod.FivePercent)
        {
            tax = Rounding.HalfUp(taxable * w.FivePercentRate);
            inputs = FormattableString.Invariant($"方法=5%; 給付額={taxable}; 扣繳率={w.FivePercentRate}");
        }
        else if (grid?.Content.Find(taxable, e.TaxDependents) is { } cell)
        {
            tax = cell.Tax;
            reference = grid.Ref;
            inputs = FormattableString.Invariant($"方法=扣繳稅額表; 給付額={taxable}; 級距上限={cell.PayUpTo}; 配偶及受扶養親屬={e.TaxDependents}（欄 {cell.Dependants}）; 表列稅額={cell.Tax}");
        }
        else
        {
            var annual = taxable * 12;
            var net = annual - (w.Exemption * (1 + e.TaxDependents)) - w.StandardDeduction - Math.Min(w.SalaryDeduction, annual);
            var yearly = Progressive(Math.Max(0, net), w.Brackets);
            tax = Rounding.HalfUp(yearly / 12m);
            inputs = FormattableString.Invariant(
                $"方法={(grid is null ? "無扣繳稅額表，依參數計算" : "超過稅額表最高級距，依表註計算")}; 給付額={taxable}; 全年={annual}; 扶養={e.TaxDependents}; 免稅額={w.Exemption}; 標準扣除={w.StandardDeduction}; 薪資扣除={w.SalaryDeduction}; 淨額={net}; 全年稅額={yearly}");
        }

        return tax <= w.Threshold
            ? new PayLine(PayCodes.IncomeTax, 0, "各類所得扣繳率標準 §13：每次扣繳稅額不超過門檻免予扣繳", reference, FormattableString.Invariant($"{inputs}; 稅額={tax}; 門檻={w.Threshold}"))
            : new PayLine(PayCodes.IncomeTax, tax, "所得稅法 §88；各類所得扣繳率標準 §2：薪資扣繳（薪資所得扣繳稅額表）", reference, FormattableString.Invariant($"{inputs}; 稅額={tax}; 門檻={w.Threshold}"));
    }

    /// <summary>The first and last day paid in the period, or null when none is.</summary>
    internal static (DateOnly First, DateOnly Last)? PaidDays(PayrollEmployee e, PayPeriod period)
    {
        var first = period.Start;
        var last = period.End;
        switch (e.Status)
        {
            // Active since the status date (joined, or back from leave).
            case EmploymentStatus.Active when e.StatusDate > period.End:
                return null;
            case EmploymentStatus.Active when e.StatusDate > first:
                first = e.StatusDate;
                break;

            // 停職 is paid (half the 本俸, by part: see PaidParts).
            case EmploymentStatus.Suspended:
                break;

            // Leave and departure take effect on the status date: the day before is the last one paid.
            case not EmploymentStatus.Active when e.StatusDate <= first:
                return null;
            case not EmploymentStatus.Active when e.StatusDate <= last:
                last = e.StatusDate.AddDays(-1);
                break;
        }

        return (first, last);
    }

    /// <summary>
    /// The parts of the period the person is paid for, each with the state in force then: one part, unless a change that
    /// bears on pay (staff kind, points, allowances, status) takes effect inside the period; days not paid (leave, before
    /// joining, after leaving) are left out.
    /// </summary>
    internal static IReadOnlyList<(PayrollEmployee State, DateOnly First, DateOnly Last, bool Suspended)> PaidParts(PayrollEmployee e, PayPeriod period)
    {
        var states = new List<(PayrollEmployee State, DateOnly From)>();
        foreach (var part in e.Parts is { Count: > 1 } p ? p : [new PayrollEmployeePart(period.Start, e)])
        {
            if (states.Count > 0 && SamePay(states[^1].State, part.State))
            {
                continue;
            }

            states.Add((part.State, part.From < period.Start ? period.Start : part.From));
        }

        var paid = new List<(PayrollEmployee, DateOnly, DateOnly, bool)>();
        for (var i = 0; i < states.Count; i++)
        {
            var until = i + 1 < states.Count ? states[i + 1].From.AddDays(-1) : period.End;
            if (PaidDays(states[i].State, period) is { } days)
            {
                var from = days.First > states[i].From ? days.First : states[i].From;
                var to = days.Last < until ? days.Last : until;
                // 停職 from its status date: the days before it are paid in full.
                var suspendedFrom = states[i].State.Status == EmploymentStatus.Suspended ? states[i].State.StatusDate : DateOnly.MaxValue;
                if (from <= to && from < suspendedFrom)
                {
                    paid.Add((states[i].State, from, to < suspendedFrom ? to : suspendedFrom.AddDays(-1), false));
                }

                if (from <= to && to >= suspendedFrom)
                {
                    paid.Add((states[i].State, from > suspendedFrom ? from : suspendedFrom, to, true));
                }
            }
        }

        return paid;
    }

    private static bool SamePay(PayrollEmployee a, PayrollEmployee b) =>
        a.Category == b.Category && a.SalaryPoints == b.SalaryPoints && a.ProfessionalAllowanceTable == b.ProfessionalAllowanceTable
        && a.ProfessionalAllowanceLevel == b.ProfessionalAllowanceLevel && a.SupervisorAllowanceLevel == b.SupervisorAllowanceLevel
        && a.AreaAllowance == b.AreaAllowance && a.Status == b.Status && a.StatusDate == b.StatusDate;

    /// <summary>
    /// One part of a month of several: calendar days ÷ days in the month; or, by thirtieths, the part's days (at most what
    /// is left of 30), the last part of a month paid whole taking what is left of 30.
    /// </summary>
    private static (int Numerator, int Denominator) PartFraction(ProrationMethod method, int days, int daysBefore, bool closesAFullMonth, int daysInMonth) => method switch
    {
        ProrationMethod.ThirtyDays when closesAFullMonth => (Math.Max(0, 30 - Math.Min(daysBefore, 30)), 30),
        ProrationMethod.ThirtyDays => (Math.Min(days, Math.Max(0, 30 - daysBefore)), 30),
        _ => (days, daysInMonth),
    };

    private static (int Numerator, int Denominator) Fraction(ProrationMethod method, int days, int daysInMonth) => method switch
    {
        _ when days >= daysInMonth => (1, 1),
        ProrationMethod.ThirtyDays => (Math.Min(days, 30), 30),
        _ => (days, daysInMonth),
    };

    internal static decimal Progressive(decimal income, IReadOnlyList<TaxBracket> brackets)
    {
        decimal tax = 0, lower = 0;
        foreach (var b in brackets)
        {
            var upper = b.UpTo ?? decimal.MaxValue;
            if (income > lower)
            {
                tax += (Math.Min(income, upper) - lower) * b.Rate;
            }

            lower = upper;
        }

        return tax;
    }

    internal static PayResult Result(List<PayLine> lines, int daysPaid, PayPeriod period, string? exception)
    {
        var gross = lines.Where(l => l.Kind == LineKind.Earning).Sum(l => l.Amount);
        var deductions = lines.Where(l => l.Kind == LineKind.Deduction).Sum(l => l.Amount);
        return new PayResult(lines, daysPaid, period.Days, gross, deductions, gross - deductions, exception);
    }
}
