namespace Payroll.Host.Security.Accounts;

/// <summary>How far a session has come through login. Only <see cref="Full"/> carries roles.</summary>
public static class SessionStages
{
    /// <summary>Password accepted; the TOTP code is still owed.</summary>
    public const string Totp = "totp";

    /// <summary>Password accepted; the account holds a privileged role and has no TOTP yet: enrol first.</summary>
    public const string Enroll = "enroll";

    /// <summary>All factors passed.</summary>
    public const string Full = "full";
}

/// <summary>Claim types the cookie carries (encrypted by Data Protection): no personal data.</summary>
public static class PayrollClaims
{
    public const string SessionId = "payroll:sid";
    public const string Stage = "payroll:stage";

    /// <summary>The person an Employee account belongs to (an internal id, not personal data).</summary>
    public const string EmployeeId = "payroll:employee";
}
