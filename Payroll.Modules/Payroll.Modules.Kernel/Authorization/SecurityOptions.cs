namespace Payroll.Modules.Kernel.Authorization;

/// <summary>Sign-in and session rules, bound from <c>Payroll:Security</c> (docs/configuration.md): the Accounts module applies them, the host's cookie follows the idle timeout.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Payroll:Security";

    /// <summary>A session unused this long ends (SECURITY.md: 20 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session ends this long after login whatever its use (8 hours).</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed password or TOTP attempts before the account locks.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Issuer shown in authenticator apps.</summary>
    public string TotpIssuer { get; set; } = "Payroll";
}
