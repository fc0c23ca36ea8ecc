namespace Payroll.Modules.Contracts.Authorization;

/// <summary>
/// The roles, named once for the modules, the jobs and the host. Every role but <see cref="Employee"/> must pass a TOTP
/// second factor (<c>Kernel/Authorization/SecondFactor</c>).
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string HrClerk = "HrClerk";
    public const string PayrollOperator = "PayrollOperator";
    public const string PayrollApprover = "PayrollApprover";
    public const string ComplianceOfficer = "ComplianceOfficer";
    public const string Auditor = "Auditor";
    public const string Employee = "Employee";

    public static readonly IReadOnlyList<string> All =
        [Admin, HrClerk, PayrollOperator, PayrollApprover, ComplianceOfficer, Auditor, Employee];
}
