using Payroll.Modules.Contracts.Authorization;
using Mediator;

namespace Payroll.Modules.Contracts.Salary;

/// <summary>
/// The employer's costs (機關負擔) of the salaries paid in one month (yyyy-MM, by each approved run's pay day), for the
/// accounting office: per paying unit and budget code (預算科目), the employer's shares of 公保, 健保, 退撫, 勞保, 就保,
/// 勞退 and 離職儲金 from the payslips, and the unit's own 二代健保 supplementary premium (全民健康保險法 §34) on the
/// salaries paid beyond the month's insured amounts. A workbook with the units, the people and the §34 computation,
/// kept in the Vault (kind <c>employer-costs</c>, everyone in it a subject) and recorded as an export. None: all units.
/// </summary>
[SentBy(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor)]
public sealed record ExportEmployerCosts(string PayMonth, IReadOnlyList<string> UnitCodes, Actor Actor) : IRequest<EmployerCostExport>;

public sealed record EmployerCostExport(string DocumentId, string FileName, IReadOnlyList<UnitEmployerCosts> Units, byte[] Content);

/// <summary>
/// One unit's month. <paramref name="Salaries"/>: the gross of every payslip paid in the month; <paramref name="NhiInsured"/>:
/// the insured amounts its regular run of the month charged; <paramref name="SupplementaryPremium"/>: §34 on the difference.
/// </summary>
public sealed record UnitEmployerCosts(
    string UnitCode, string UnitName, string? BudgetCode, int People, long Salaries, EmployerShares Shares, long NhiInsured, long SupplementaryPremium)
{
    public long Total => Shares.Total + SupplementaryPremium;
}

/// <summary>The employer's shares by scheme, in NT$.</summary>
public sealed record EmployerShares(long PublicInsurance, long Nhi, long Pension, long LabourInsurance, long EmploymentInsurance, long LabourPension, long SeveranceFund)
{
    public long Total => PublicInsurance + Nhi + Pension + LabourInsurance + EmploymentInsurance + LabourPension + SeveranceFund;
}
