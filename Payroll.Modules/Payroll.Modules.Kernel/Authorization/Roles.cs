namespace Payroll.Modules.Kernel.Authorization;

/// <summary>The roles, named once for the modules and the host. Every role but <see cref="Employee"/> must pass a TOTP second factor.</summary>
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

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>TOTP is required as soon as one role other than Employee is held.</summary>
    public static bool RequireSecondFactor(IEnumerable<string> roles) => roles.Any(r => r != Employee);
}
