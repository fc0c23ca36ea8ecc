using Payroll.Modules.Salary.Calculation;

namespace Payroll.Modules.Salary.Registers;

/// <summary>What a register shows, whichever writer writes it; <see cref="Mark"/> under the title (the trial mark), if any.</summary>
internal sealed record RegisterData(string Title, string Footer, IReadOnlyList<RegisterUnit> Units, string? Mark = null);

internal sealed record RegisterUnit(string UnitCode, IReadOnlyList<RegisterRow> Rows);

internal sealed record RegisterRow(
    string EmployeeNo, string Name, string NationalIdMasked, int DaysPaid, int DaysInPeriod, long[] Amounts, long Gross, long Deductions, long Net, string Account, string? Exception);

/// <summary>The register's columns: identity, the amount columns by pay code, totals, account and remarks.</summary>
internal static class RegisterColumns
{
    /// <summary>Amount columns, in order; each sums the lines whose code starts with the given code.</summary>
    public static readonly (string Code, string Heading)[] Amounts =
    [
        (PayCodes.BasePay, "本俸（薪）"),
        (PayCodes.ProfessionalAllowance, "專業加給"),
        (PayCodes.SupervisorAllowance, "主管職務加給"),
        (PayCodes.AreaAllowance, "地域加給"),
        (PayCodes.YearEndBonus, "年終工作獎金"),
        (PayCodes.PerformanceBonus, "考績獎金"),
        (PayCodes.Insurance, "公保費"),
        (PayCodes.LabourInsurance, "勞保費"),
        (PayCodes.EmploymentInsurance, "就保費"),
        (PayCodes.Nhi, "健保費"),
        (PayCodes.Pension, "退撫提撥"),
        (PayCodes.LabourPensionVoluntary, "勞退自提"),
        (PayCodes.SeveranceFund, "離職儲金"),
        (PayCodes.IncomeTax, "所得稅"),
        (PayCodes.SupplementaryPremium, "補充保費"),
        (PayCodes.Garnishment, "法院扣押"),
        (PayCodes.Voluntary, "自願扣款"),
    ];

    /// <summary>How many of <see cref="Amounts"/> are earnings (they come first).</summary>
    public static readonly int Earnings = Amounts.Count(a => PayCodes.KindOf(a.Code) == LineKind.Earning);

    public static readonly string[] Headings =
    [
        "序號", "員工編號", "姓名", "身分證號", "計薪日數",
        .. Amounts.Select(a => a.Heading).Take(Earnings), "應發合計", .. Amounts.Select(a => a.Heading).Skip(Earnings), "應扣合計", "實發金額", "入帳帳號", "備註",
    ];

    /// <summary>The column of a line: by its root code (a retroactive difference in its original line's column).</summary>
    public static int AmountIndex(string code)
    {
        var root = PayCodes.Root(code);
        return Array.FindIndex(Amounts, a => a.Code == root);
    }

    /// <summary>One row's cells after the leading text cells, in heading order: earnings, gross, deductions, total deductions, net.</summary>
    public static IEnumerable<long> Figures(long[] amounts, long gross, long deductions, long net) =>
        [.. amounts.Take(Earnings), gross, .. amounts.Skip(Earnings), deductions, net];
}
