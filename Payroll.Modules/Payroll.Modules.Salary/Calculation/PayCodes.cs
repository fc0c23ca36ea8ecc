namespace Payroll.Modules.Salary.Calculation;

internal enum LineKind
{
    Earning,
    Deduction,

    /// <summary>What the employer pays on top (its share of premiums, the 勞退 contribution): shown and costed, never in gross or net.</summary>
    Employer,
}

/// <summary>Every line a payslip can carry: its code, whether it adds or takes away, and its name on a payslip.</summary>
internal static class PayCodes
{
    public const string BasePay = "BASE";
    public const string ProfessionalAllowance = "PROF";
    public const string SupervisorAllowance = "SUPV";
    public const string AreaAllowance = "AREA";
    public const string Insurance = "INS";
    public const string Nhi = "NHI";
    public const string Pension = "PENSION";
    public const string IncomeTax = "TAX";
    public const string Garnishment = "GARN";
    public const string Voluntary = "VOL";
    public const string YearEndBonus = "YEB";
    public const string PerformanceBonus = "PFB";
    public const string SupplementaryPremium = "SUPP";
    public const string LabourInsurance = "LI";
    public const string EmploymentInsurance = "EI";
    public const string LabourPensionVoluntary = "LPV";
    public const string SeveranceFund = "SF";

    /// <summary>The employer's share of a scheme: <c>ER:LI</c>, <c>ER:EI</c>; <see cref="LabourPension"/> is the employer's 勞退 contribution.</summary>
    public const string EmployerPrefix = "ER";
    public const string LabourPension = "LP";

    private static readonly Dictionary<string, (LineKind Kind, string Zh, string En)> Catalogue = new(StringComparer.Ordinal)
    {
        [BasePay] = (LineKind.Earning, "本俸（薪）", "Base pay"),
        [ProfessionalAllowance] = (LineKind.Earning, "專業加給", "Professional allowance"),
        [SupervisorAllowance] = (LineKind.Earning, "主管職務加給", "Supervisor allowance"),
        [AreaAllowance] = (LineKind.Earning, "地域加給", "Area allowance"),
        [Insurance] = (LineKind.Deduction, "公保費", "Public servants' insurance"),
        [Nhi] = (LineKind.Deduction, "健保費", "National health insurance"),
        [Pension] = (LineKind.Deduction, "退撫提撥", "Pension contribution"),
        [IncomeTax] = (LineKind.Deduction, "所得稅扣繳", "Income tax withheld"),
        [Garnishment] = (LineKind.Deduction, "法院扣押", "Court garnishment"),
        [Voluntary] = (LineKind.Deduction, "自願扣款", "Voluntary deduction"),
        [YearEndBonus] = (LineKind.Earning, "年終工作獎金", "Year-end bonus"),
        [PerformanceBonus] = (LineKind.Earning, "考績獎金", "Performance bonus"),
        [SupplementaryPremium] = (LineKind.Deduction, "二代健保補充保費", "Supplementary NHI premium"),
        [LabourInsurance] = (LineKind.Deduction, "勞保費", "Labour insurance"),
        [EmploymentInsurance] = (LineKind.Deduction, "就保費", "Employment insurance"),
        [LabourPensionVoluntary] = (LineKind.Deduction, "勞退自提", "Voluntary labour pension"),
        [SeveranceFund] = (LineKind.Deduction, "離職儲金", "Severance savings"),
        [EmployerPrefix] = (LineKind.Employer, "雇主負擔", "Employer's share"),
    };

    /// <summary>The employer's line for a scheme: <c>ER:LI</c> (its share of 勞保), <c>ER:LP</c> (勞退 6%).</summary>
    public static string Employer(string code) => EmployerPrefix + ":" + code;

    /// <summary>A retroactive difference: <c>RETRO:2026-11:BASE</c> is the change in November's 本俸.</summary>
    public const string RetroPrefix = "RETRO:";

    public static string Retro(string period, string code) => RetroPrefix + period + ":" + code;

    /// <summary>The period and the original code of a retroactive line, or null for any other line.</summary>
    public static (string Period, string Code)? RetroParts(string code) =>
        code.StartsWith(RetroPrefix, StringComparison.Ordinal) && code.Length > RetroPrefix.Length + 8 ? (code.Substring(RetroPrefix.Length, 7), code[(RetroPrefix.Length + 8)..]) : null;

    public static LineKind KindOf(string code) => Catalogue[Root(code)].Kind;

    public static string Name(string code, bool english = false) => RetroParts(code) is var (period, inner)
        ? (english ? $"Retroactive {period} " : $"{period} 補發／追扣 ") + Name(inner, english)
        : code.StartsWith(EmployerPrefix + ":", StringComparison.Ordinal) && code[(EmployerPrefix.Length + 1)..] is var scheme
        ? (english ? "Employer: " : "雇主負擔 ") + (scheme == LabourPension ? (english ? "labour pension" : "勞退提繳") : Name(scheme, english))
        : english ? Catalogue[Root(code)].En : Catalogue[Root(code)].Zh;

    /// <summary>A line of a bonus payslip as a retroactive difference names it: the bonus itself as it is, any other line with the bonus as a suffix (<c>TAX:YEB</c>).</summary>
    public static string OfBonus(string code, string bonus) => code == bonus ? code : code + ":" + bonus;

    /// <summary>The bonus a line belongs to (<c>YEB</c>, <c>PFB</c>), or empty for a line of the month's pay.</summary>
    public static string BonusOf(string code) =>
        code is YearEndBonus or PerformanceBonus ? code
        : code.EndsWith(":" + YearEndBonus, StringComparison.Ordinal) ? YearEndBonus
        : code.EndsWith(":" + PerformanceBonus, StringComparison.Ordinal) ? PerformanceBonus
        : "";

    /// <summary>Codes may carry a suffix (<c>VOL:1</c>, one per standing deduction); a retroactive line counts as its original code.</summary>
    public static string Root(string code)
    {
        var inner = RetroParts(code)?.Code ?? code;
        return inner.IndexOf(':', StringComparison.Ordinal) is var i and >= 0 ? inner[..i] : inner;
    }
}
