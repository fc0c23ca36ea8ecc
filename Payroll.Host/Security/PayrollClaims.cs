namespace Payroll.Host.Security;

/// <summary>Claim types the cookie carries (encrypted by Data Protection): no personal data.</summary>
public static class PayrollClaims
{
    public const string SessionId = "payroll:sid";
    public const string Stage = "payroll:stage";

    /// <summary>The person an Employee account belongs to (an internal id, not personal data).</summary>
    public const string EmployeeId = "payroll:employee";
}
