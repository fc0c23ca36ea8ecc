namespace Payroll.Modules.Kernel.Authorization;

/// <summary>How far a session has come through sign-in (stored with the session, carried in the cookie). Only <see cref="Full"/> carries roles.</summary>
public static class SessionStages
{
    /// <summary>Password accepted; the TOTP code is still owed.</summary>
    public const string Totp = "totp";

    /// <summary>Password accepted; the account holds a privileged role and has no TOTP yet: enrol first.</summary>
    public const string Enroll = "enroll";

    /// <summary>All factors passed.</summary>
    public const string Full = "full";
}
