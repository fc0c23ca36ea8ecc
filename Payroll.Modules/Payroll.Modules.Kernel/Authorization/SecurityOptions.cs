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

    /// <summary>
    /// Sign-in steps (password, TOTP code, enrolment, password change) one client address may post per minute; more are
    /// answered 429. Offices behind one address share it: size it for the busiest morning.
    /// </summary>
    public int SignInPermitsPerMinute { get; set; } = 60;

    /// <summary>API calls (<c>/api/...</c>) one client address may make per minute; more are answered 429.</summary>
    public int ApiPermitsPerMinute { get; set; } = 1200;

    /// <summary>Issuer shown in authenticator apps.</summary>
    public string TotpIssuer { get; set; } = "Payroll";
}
