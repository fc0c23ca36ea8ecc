using Payroll.Modules.Contracts.Authorization;

namespace Payroll.Modules.Accounts.SignIn;

internal static class SecondFactor
{
    /// <summary>TOTP is required as soon as one role other than Employee is held.</summary>
    public static bool Required(IEnumerable<string> roles) => roles.Any(r => r != Roles.Employee);
}
