namespace Payroll.Modules.Breach;

/// <summary>Settings of the Breach module (<c>Payroll:Breach</c>).</summary>
public sealed class BreachOptions
{
    /// <summary>The organisation's own address ranges; the host fills them from <c>Payroll:Vault:TrustedNetworks</c> so both agree.</summary>
    public List<string> TrustedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>When the 2025 amendment's rules apply to incidents recorded without a rule set (null: not yet in force).</summary>
    public DateTimeOffset? Pdpa2025EffectiveFrom { get; set; }

    /// <summary>The mail server notices are sent through.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Attempts of an e-mail on transient failures before a letter takes over.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>First wait after a transient failure; doubled at each attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A notice still "sending" this long after its attempt began was interrupted: it goes to the review list.</summary>
    public TimeSpan SendingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A queued e-mail whose attempt is this overdue has lost its job: the sweeper enqueues it again.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

public enum SmtpSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>SMTP settings (<c>Payroll:Breach:Smtp</c>); the password comes from configuration (environment, secret store), never logged.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "個資事故通知 <privacy@localhost>";

    /// <summary>The right-hand side of every notice's Message-ID (<c>notice-ID.INCIDENT@DOMAIN</c>).</summary>
    public string MessageIdDomain { get; set; } = "payroll.invalid";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
