using System.Text.Json;
using System.Text.Json.Serialization;
using Payroll.Modules.Contracts.Personnel;
using Payroll.Modules.Salary.Calculation;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Modules.Salary.Tables;

/// <summary>The kinds of reference table, each with the shape of its content and the checks it must pass.</summary>
internal static class TableKinds
{
    public const string SalaryPoints = "salary-points";
    public const string PayPointValue = "pay-point-value";
    public const string ProfessionalAllowance = "professional-allowance";
    public const string SupervisorAllowance = "supervisor-allowance";
    public const string AreaAllowance = "area-allowance";
    public const string Insurance = "insurance";
    public const string Nhi = "nhi";
    public const string Pension = "pension";
    public const string Withholding = "withholding";
    public const string SupplementaryPremium = "supplementary-premium";
    public const string Garnishment = "garnishment";
    public const string Proration = "proration";
    public const string Bonus = "bonus";
    public const string LabourInsurance = "labour-insurance";
    public const string LabourPension = "labour-pension";
    public const string SeveranceFund = "severance-fund";
    public const string WithholdingGrid = "withholding-grid";

    public static readonly IReadOnlyDictionary<string, Type> ContentTypes = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [SalaryPoints] = typeof(SalaryPointsTable),
        [PayPointValue] = typeof(PayPointValueTable),
        [ProfessionalAllowance] = typeof(AllowanceTable),
        [SupervisorAllowance] = typeof(AllowanceTable),
        [AreaAllowance] = typeof(AllowanceTable),
        [Insurance] = typeof(InsuranceTable),
        [Nhi] = typeof(NhiTable),
        [Pension] = typeof(PensionTable),
        [Withholding] = typeof(WithholdingTable),
        [SupplementaryPremium] = typeof(SupplementaryPremiumTable),
        [Garnishment] = typeof(GarnishmentTable),
        [Proration] = typeof(ProrationTable),
        [Bonus] = typeof(BonusTable),
        [LabourInsurance] = typeof(LabourInsuranceTable),
        [LabourPension] = typeof(LabourPensionTable),
        [SeveranceFund] = typeof(SeveranceFundTable),
        [WithholdingGrid] = typeof(WithholdingGridTable),
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // A workbook gives numbers as text at times: "0.0517" reads as the number it says.
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        WriteIndented = false,
    };
}

/// <summary>Content that can say what is wrong with itself, by field.</summary>
internal interface ITableContent
{
    IEnumerable<InputError> Check();

    /// <summary>The same figures in one canonical form (so equal tables have equal hashes, whichever form they came in).</summary>
    ITableContent Normalized() => this;
}

internal static class Checks
{
    public static InputError Error(string field, string message) => new(null, field, message);

    public static bool IsRate(decimal value) => value is >= 0m and <= 1m;
}

/// <summary>俸點 → 俸額 (公務人員俸給法 §4; the yearly 俸額表).</summary>
internal sealed record SalaryPointsTable(IReadOnlyList<PointAmount> Rows) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Rows is not { Count: > 0 })
        {
            yield return Checks.Error("rows", "at least one row");
            yield break;
        }

        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Points <= 0 || Rows[i].Amount <= 0)
            {
                yield return Checks.Error($"rows[{i}]", "points and amount must be positive");
            }
            else if (i > 0 && (Rows[i].Points <= Rows[i - 1].Points || Rows[i].Amount < Rows[i - 1].Amount))
            {
                yield return Checks.Error($"rows[{i}]", "points must rise and amounts must not fall");
            }
        }
    }
}

internal sealed record PointAmount(int Points, long Amount);

/// <summary>Contract staff (薪點) and workers (工餉): pay = points × the value of a point, per staff category.</summary>
internal sealed record PayPointValueTable(IReadOnlyList<CategoryPointValue> Rows) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Rows is not { Count: > 0 })
        {
            yield return Checks.Error("rows", "at least one row");
            yield break;
        }

        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Value <= 0)
            {
                yield return Checks.Error($"rows[{i}].value", "must be positive");
            }
        }

        if (Rows.GroupBy(r => r.Category).Any(g => g.Count() > 1))
        {
            yield return Checks.Error("rows", "one row per category");
        }
    }
}

internal sealed record CategoryPointValue(StaffCategory Category, decimal Value);

/// <summary>An allowance table (專業加給, 主管職務加給, 地域加給): key (table or area name; empty or null when the level alone decides), level, amount.</summary>
internal sealed record AllowanceTable(IReadOnlyList<AllowanceRow> Rows) : ITableContent
{
    // An empty key comes back from a workbook as no key at all.
    public ITableContent Normalized() => this with { Rows = Rows.Select(r => r with { Key = r.Key ?? "" }).ToList() };

    public IEnumerable<InputError> Check()
    {
        if (Rows is not { Count: > 0 })
        {
            yield return Checks.Error("rows", "at least one row");
            yield break;
        }

        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Amount < 0)
            {
                yield return Checks.Error($"rows[{i}].amount", "at least 0");
            }
        }

        if (Rows.GroupBy(r => (r.Key ?? "", r.Level)).Any(g => g.Count() > 1))
        {
            yield return Checks.Error("rows", "each key and level once");
        }
    }
}

internal sealed record AllowanceRow(string Key, int? Level, long Amount);

/// <summary>Insurance premium rates by insurance group (公保, 公保年金, 勞保), the employee's share and what they apply to.</summary>
internal sealed record InsuranceTable(IReadOnlyList<InsuranceGroupRate> Groups) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Groups is not { Count: > 0 })
        {
            yield return Checks.Error("groups", "at least one group");
            yield break;
        }

        for (var i = 0; i < Groups.Count; i++)
        {
            var g = Groups[i];
            if (string.IsNullOrWhiteSpace(g.Group) || !Checks.IsRate(g.Rate) || !Checks.IsRate(g.EmployeeShare))
            {
                yield return Checks.Error($"groups[{i}]", "a name, and rate and share between 0 and 1");
            }

            if (g.EmployerShare is { } employer && (!Checks.IsRate(employer) || employer + g.EmployeeShare > 1))
            {
                yield return Checks.Error($"groups[{i}].employerShare", "between 0 and 1, and with the insured's share at most 1");
            }

            if (g.Base is not (InsuranceBase.BasePay or InsuranceBase.RegularPay) || g.Cap is <= 0)
            {
                yield return Checks.Error($"groups[{i}].base", "BasePay or RegularPay, and a positive cap if any");
            }
        }
    }
}

internal enum InsuranceBase
{
    /// <summary>本俸 (公保: 公教人員保險法 §8, premium on the insured's 本俸).</summary>
    BasePay,

    /// <summary>Regular monthly pay up to a cap (勞保 insured salary).</summary>
    RegularPay,
}

/// <param name="EmployerShare">The employer's (government's) share, for the cost workbook; null in versions loaded before it was kept.</param>
internal sealed record InsuranceGroupRate(string Group, decimal Rate, decimal EmployeeShare, InsuranceBase Base, long? Cap, decimal? EmployerShare = null);

/// <summary>
/// 全民健康保險: rate, employee share, dependents counted, and the insured-amount grades; the employer's share and the
/// average number of dependents it pays for (健保法 §27, §29; null in versions loaded before they were kept).
/// </summary>
internal sealed record NhiTable(
    decimal Rate, decimal EmployeeShare, int DependentsCap, IReadOnlyList<long> Grades, decimal? EmployerShare = null, decimal? AverageDependants = null) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (!Checks.IsRate(Rate) || !Checks.IsRate(EmployeeShare))
        {
            yield return Checks.Error("rate", "rate and share between 0 and 1");
        }

        if (EmployerShare is { } employer && (!Checks.IsRate(employer) || employer + EmployeeShare > 1))
        {
            yield return Checks.Error("employerShare", "between 0 and 1, and with the insured's share at most 1");
        }

        if ((EmployerShare is null) != (AverageDependants is null) || AverageDependants is < 0 or > 3)
        {
            yield return Checks.Error("averageDependants", "given with employerShare, from 0 to 3");
        }

        if (DependentsCap is < 0 or > 10)
        {
            yield return Checks.Error("dependentsCap", "0 to 10");
        }

        if (Grades is not { Count: > 0 } || Grades.Zip(Grades.Skip(1)).Any(p => p.Second <= p.First) || Grades[0] <= 0)
        {
            yield return Checks.Error("grades", "positive and rising");
        }
    }
}

/// <summary>
/// 退撫: contribution = 本俸 × multiplier × rate, the employee paying their share and the government its own (null in
/// versions loaded before it was kept); for the categories listed.
/// </summary>
internal sealed record PensionTable(decimal Rate, decimal Multiplier, decimal EmployeeShare, IReadOnlyList<StaffCategory> Categories, decimal? EmployerShare = null) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (!Checks.IsRate(Rate) || !Checks.IsRate(EmployeeShare) || Multiplier is <= 0 or > 3)
        {
            yield return Checks.Error("rate", "rate and share between 0 and 1, multiplier above 0 and at most 3");
        }

        if (EmployerShare is { } employer && (!Checks.IsRate(employer) || employer + EmployeeShare > 1))
        {
            yield return Checks.Error("employerShare", "between 0 and 1, and with the member's share at most 1");
        }

        if (Categories is null)
        {
            yield return Checks.Error("categories", "required");
        }
    }
}

/// <summary>薪資所得扣繳 parameters for a year: the table method's deductions and brackets, the 5% method, thresholds.</summary>
internal sealed record WithholdingTable(
    long Exemption,
    long StandardDeduction,
    long SalaryDeduction,
    IReadOnlyList<TaxBracket> Brackets,
    decimal FivePercentRate,
    long Threshold,
    long BonusThreshold,
    decimal BonusRate,
    decimal NonResidentRate,
    decimal NonResidentLowRate,
    long NonResidentLowCeiling) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Exemption < 0 || StandardDeduction < 0 || SalaryDeduction < 0 || Threshold < 0 || BonusThreshold < 0 || NonResidentLowCeiling < 0)
        {
            yield return Checks.Error("amounts", "deductions and thresholds of at least 0");
        }

        if (!Checks.IsRate(FivePercentRate) || !Checks.IsRate(BonusRate) || !Checks.IsRate(NonResidentRate) || !Checks.IsRate(NonResidentLowRate))
        {
            yield return Checks.Error("rates", "between 0 and 1");
        }

        if (Brackets is not { Count: > 0 } || Brackets[^1].UpTo is not null || Brackets.Any(b => !Checks.IsRate(b.Rate))
            || Brackets.Take(Brackets.Count - 1).Zip(Brackets.Skip(1).Take(Brackets.Count - 2)).Any(p => p.Second.UpTo <= p.First.UpTo))
        {
            yield return Checks.Error("brackets", "rising upper bounds, the last one open (upTo null), rates between 0 and 1");
        }
    }
}

internal sealed record TaxBracket(long? UpTo, decimal Rate);

/// <summary>二代健保 補充保險費 on bonuses: rate, and the part of the year's bonuses beyond a multiple of the insured grade.</summary>
internal sealed record SupplementaryPremiumTable(decimal Rate, int GradeMultiple) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (!Checks.IsRate(Rate) || GradeMultiple is < 0 or > 12)
        {
            yield return Checks.Error("rate", "rate between 0 and 1, multiple 0 to 12");
        }
    }
}

/// <summary>法院扣押: at most numerator/denominator of the pay, leaving the person a multiple of the minimum living cost.</summary>
internal sealed record GarnishmentTable(int Numerator, int Denominator, long MinimumLivingCost, decimal FloorMultiple) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Numerator <= 0 || Denominator <= 0 || Numerator > Denominator)
        {
            yield return Checks.Error("numerator", "a fraction between 0 and 1");
        }

        if (MinimumLivingCost < 0 || FloorMultiple < 0)
        {
            yield return Checks.Error("minimumLivingCost", "at least 0");
        }
    }
}

internal enum ProrationMethod
{
    /// <summary>Monthly amount × days employed ÷ days in the month.</summary>
    CalendarDays,

    /// <summary>Monthly amount × days employed ÷ 30, every month counted as 30 days (a full month pays in full).</summary>
    ThirtyDays,
}

/// <summary>
/// How pay is prorated for part of a month, and the share of 本俸 paid while 停職 (公務人員俸給法 §21: half; 0 where the
/// half pay is not granted).
/// </summary>
internal sealed record ProrationTable(ProrationMethod Method, decimal SuspendedBaseShare = 0) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (!Enum.IsDefined(Method))
        {
            yield return Checks.Error("method", "CalendarDays or ThirtyDays");
        }

        if (!Checks.IsRate(SuspendedBaseShare))
        {
            yield return Checks.Error("suspendedBaseShare", "between 0 and 1");
        }
    }
}

/// <summary>
/// 年終工作獎金 (the yearly 軍公教人員年終工作獎金發給注意事項) and 考績獎金 (公務人員考績法 §7): which monthly lines form
/// each basis, the year-end months, who gets them in full (in service before the first of <see cref="YearEndFullIfJoinedByMonth"/>
/// and still on the in-service day), who pro rata by months served (those who joined later, and those who left during
/// the year for one of <see cref="YearEndProRataLeavers"/>), and who gets none: an appraisal grade, a disciplinary
/// sanction, or 平時考核 whose demerits, less merits, reach <see cref="YearEndExcludedNetDemeritUnits"/> (each kind's
/// units in <see cref="DisciplineUnits"/>, merits negative).
/// </summary>
internal sealed record BonusTable(
    IReadOnlyList<string> MonthlyCodes,
    IReadOnlyList<string> PerformanceCodes,
    decimal YearEndMonths,
    int YearEndFullIfJoinedByMonth,
    int YearEndInServiceMonth,
    int YearEndInServiceDay,
    IReadOnlyList<EmploymentStatus> YearEndProRataLeavers,
    IReadOnlyList<AppraisalGrade> YearEndExcludedGrades,
    IReadOnlyList<DisciplineKind> YearEndExcludedSanctions,
    IReadOnlyList<DisciplineUnit> DisciplineUnits,
    int YearEndExcludedNetDemeritUnits,
    IReadOnlyList<GradeMonths> PerformanceMonths) : ITableContent
{
    private static readonly string[] MonthlyLines = [PayCodes.BasePay, PayCodes.ProfessionalAllowance, PayCodes.SupervisorAllowance, PayCodes.AreaAllowance];

    public IEnumerable<InputError> Check()
    {
        if (MonthlyCodes is not { Count: > 0 } || MonthlyCodes.Any(c => !MonthlyLines.Contains(c)))
        {
            yield return Checks.Error("monthlyCodes", "one or more of BASE, PROF, SUPV, AREA");
        }

        if (PerformanceCodes is not { Count: > 0 } || PerformanceCodes.Any(c => !MonthlyLines.Contains(c)))
        {
            yield return Checks.Error("performanceCodes", "one or more of BASE, PROF, SUPV, AREA");
        }

        if (YearEndMonths is < 0 or > 12 || YearEndFullIfJoinedByMonth is < 1 or > 12)
        {
            yield return Checks.Error("yearEndMonths", "months between 0 and 12, cut-off month 1 to 12");
        }

        if (YearEndInServiceMonth is < 1 or > 12 || YearEndInServiceDay < 1 || YearEndInServiceDay > DateTime.DaysInMonth(2024, Math.Clamp(YearEndInServiceMonth, 1, 12)))
        {
            yield return Checks.Error("yearEndInServiceMonth", "the month and day someone must still be in service on (12 and 1)");
        }

        if (YearEndProRataLeavers is null || YearEndProRataLeavers.Any(s => s is EmploymentStatus.Active or EmploymentStatus.UnpaidLeave))
        {
            yield return Checks.Error("yearEndProRataLeavers", "leaving statuses only (Retired, Redundant, Deceased, Left); may be empty");
        }

        if (YearEndExcludedGrades is null || YearEndExcludedSanctions is null)
        {
            yield return Checks.Error("yearEndExcludedGrades", "required (may be empty), as is yearEndExcludedSanctions");
        }

        if (DisciplineUnits is null || DisciplineUnits.GroupBy(u => u.Kind).Any(g => g.Count() > 1) || YearEndExcludedNetDemeritUnits <= 0)
        {
            yield return Checks.Error("disciplineUnits", "each kind once (merits negative, demerits positive), and a positive threshold");
        }

        if (PerformanceMonths is null || PerformanceMonths.Any(g => g.Months is < 0 or > 12) || PerformanceMonths.GroupBy(g => g.Grade).Any(g => g.Count() > 1))
        {
            yield return Checks.Error("performanceMonths", "each grade once, 0 to 12 months");
        }
    }
}

/// <summary>How much one 獎懲 weighs when merits offset demerits (嘉獎 1, 記功 3, 記大功 9; 申誡 1, 記過 3, 記大過 9), merits negative.</summary>
internal sealed record DisciplineUnit(DisciplineKind Kind, int Units);

internal sealed record GradeMonths(AppraisalGrade Grade, decimal Months);

/// <summary>
/// 勞工保險 and 就業保險 for the staff kinds listed: the 投保薪資分級表 (the insured salary is the lowest grade at or above
/// the month's regular pay, the first grade being the minimum wage, the last the cap), and each part's rate and the
/// worker's and employer's shares; each part rounded on its own. A part month is charged by days over 30.
/// </summary>
internal sealed record LabourInsuranceTable(IReadOnlyList<StaffCategory> Categories, IReadOnlyList<long> Grades, IReadOnlyList<InsurancePart> Parts) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Categories is null)
        {
            yield return Checks.Error("categories", "required (may be empty)");
        }

        if (Grades is not { Count: > 0 } || Grades[0] <= 0 || Grades.Zip(Grades.Skip(1)).Any(p => p.Second <= p.First))
        {
            yield return Checks.Error("grades", "positive and rising");
        }

        if (Parts is not { Count: > 0 } || Parts.Any(p => p.Code is not (PayCodes.LabourInsurance or PayCodes.EmploymentInsurance)
                || !Checks.IsRate(p.Rate) || !Checks.IsRate(p.EmployeeShare) || !Checks.IsRate(p.EmployerShare) || p.EmployeeShare + p.EmployerShare > 1)
            || Parts.GroupBy(p => p.Code).Any(g => g.Count() > 1))
        {
            yield return Checks.Error("parts", "LI and EI once each at most, rates and shares between 0 and 1, shares adding up to at most 1");
        }
    }
}

internal sealed record InsurancePart(string Code, decimal Rate, decimal EmployeeShare, decimal EmployerShare);

/// <summary>
/// 勞工退休金 (勞工退休金條例 §14) for the staff kinds listed: the employer pays a rate of the 月提繳工資 (a grade of the
/// 月提繳工資分級表, chosen like the insured salary) into the worker's personal account; the worker may add up to a rate
/// of their own (自提), deducted from pay and not taxed that year.
/// </summary>
internal sealed record LabourPensionTable(IReadOnlyList<StaffCategory> Categories, IReadOnlyList<long> Grades, decimal EmployerRate, decimal VoluntaryMaxRate) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Categories is null)
        {
            yield return Checks.Error("categories", "required (may be empty)");
        }

        if (Grades is not { Count: > 0 } || Grades[0] <= 0 || Grades.Zip(Grades.Skip(1)).Any(p => p.Second <= p.First))
        {
            yield return Checks.Error("grades", "positive and rising");
        }

        if (!Checks.IsRate(EmployerRate) || !Checks.IsRate(VoluntaryMaxRate))
        {
            yield return Checks.Error("employerRate", "rates between 0 and 1");
        }
    }
}

/// <summary>離職儲金 for the staff kinds listed: the person and the government each set aside a rate of the month's regular pay.</summary>
internal sealed record SeveranceFundTable(IReadOnlyList<StaffCategory> Categories, decimal EmployeeRate, decimal EmployerRate) : ITableContent
{
    public IEnumerable<InputError> Check()
    {
        if (Categories is null || !Checks.IsRate(EmployeeRate) || !Checks.IsRate(EmployerRate))
        {
            yield return Checks.Error("categories", "categories required, rates between 0 and 1");
        }
    }
}

/// <summary>
/// 薪資所得扣繳稅額表 (所得稅法 §88; 各類所得扣繳率標準 §2 ¶1 (三)): the published grid, one cell per monthly pay bracket
/// (pay up to <see cref="GridCell.PayUpTo"/>, above the bracket before it) and number of spouse and dependants (the last
/// column counts that many or more): the tax to withhold.
/// </summary>
internal sealed record WithholdingGridTable(IReadOnlyList<GridCell> Cells) : ITableContent
{
    public ITableContent Normalized() => this with { Cells = Cells.OrderBy(c => c.PayUpTo).ThenBy(c => c.Dependants).ToList() };

    // Looked up once per table version, not per person: the brackets in order and each cell by bracket and column.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WithholdingGridTable, GridIndex> Indexes = new();

    /// <summary>The cell for a month's pay and a number of dependants (the last column for more); null above the last bracket.</summary>
    public GridCell? Find(long pay, int dependants)
    {
        var index = Indexes.GetValue(this, t => new GridIndex(t.Cells));
        var at = Array.BinarySearch(index.Brackets, pay);
        var bracket = at >= 0 ? at : ~at;
        return bracket >= index.Brackets.Length ? null : index.Cells[(index.Brackets[bracket], Math.Min(Math.Max(0, dependants), index.MaxDependants))];
    }

    private sealed class GridIndex(IReadOnlyList<GridCell> cells)
    {
        public long[] Brackets { get; } = cells.Select(c => c.PayUpTo).Distinct().Order().ToArray();

        public int MaxDependants { get; } = cells.Max(c => c.Dependants);

        public Dictionary<(long, int), GridCell> Cells { get; } = cells.ToDictionary(c => (c.PayUpTo, c.Dependants));
    }

    public IEnumerable<InputError> Check()
    {
        if (Cells is not { Count: > 0 })
        {
            yield return Checks.Error("cells", "at least one cell");
            yield break;
        }

        for (var i = 0; i < Cells.Count; i++)
        {
            if (Cells[i].PayUpTo <= 0 || Cells[i].Dependants < 0 || Cells[i].Tax < 0)
            {
                yield return Checks.Error($"cells[{i}]", "pay above 0, dependants and tax at least 0");
            }
        }

        var columns = Cells.Select(c => c.Dependants).Distinct().Order().ToList();
        if (columns[0] != 0 || columns[^1] != columns.Count - 1)
        {
            yield return Checks.Error("cells", "dependants columns 0, 1, 2, … without gaps");
        }

        foreach (var bracket in Cells.GroupBy(c => c.PayUpTo))
        {
            if (bracket.Select(c => c.Dependants).Distinct().Count() != bracket.Count() || bracket.Count() != columns.Count)
            {
                yield return Checks.Error($"cells (payUpTo {bracket.Key})", "each dependants column exactly once in every bracket");
            }
        }
    }
}

/// <summary>One cell of the withholding grid: monthly pay up to this amount, this many spouse and dependants, this tax.</summary>
internal sealed record GridCell(long PayUpTo, int Dependants, long Tax);
