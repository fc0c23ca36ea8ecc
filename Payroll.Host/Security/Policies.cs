using Payroll.Modules.Contracts.Authorization;
using Microsoft.AspNetCore.Authorization;

namespace Payroll.Host.Security;

/// <summary>Authorization policies. The fallback policy denies everything not explicitly opened.</summary>
internal static class Policies
{
    /// <summary>Half-signed-in sessions (password accepted, second factor owed) may reach the TOTP pages only.</summary>
    public const string SecondFactorPending = "SecondFactorPending";

    /// <summary>Any session at any stage (logout).</summary>
    public const string AnySession = "AnySession";

    /// <summary>Operators and admins: job dashboard (with write access) and readiness.</summary>
    public const string Operators = "Operators";

    /// <summary>Who may look at the job dashboard; <see cref="Roles.Auditor"/> sees it read-only.</summary>
    public const string DashboardViewers = "DashboardViewers";

    /// <summary>The access ledger: auditors and compliance officers.</summary>
    public const string LedgerReaders = "LedgerReaders";

    /// <summary>Payroll runs: operators start and rerun them, approvers approve them, auditors read them.</summary>
    public const string RunViewers = "RunViewers";

    /// <summary>Personnel records: HR clerks.</summary>
    public const string HrClerks = "HrClerks";

    /// <summary>Breach incidents: compliance officers handle them, auditors read them.</summary>
    public const string BreachReaders = "BreachReaders";

    /// <summary>Deny by default: a signed-in user who passed every factor.</summary>
    public static AuthorizationPolicy FullySignedIn { get; } = new AuthorizationPolicyBuilder(SessionCookie.Scheme)
        .RequireAuthenticatedUser()
        .RequireClaim(PayrollClaims.Stage, SessionStages.Full)
        .Build();

    public static void Configure(AuthorizationOptions options)
    {
        options.FallbackPolicy = FullySignedIn;
        options.DefaultPolicy = FullySignedIn;
        options.AddPolicy(SecondFactorPending, p => p
            .AddAuthenticationSchemes(SessionCookie.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(PayrollClaims.Stage, SessionStages.Totp, SessionStages.Enroll));
        options.AddPolicy(AnySession, p => p.AddAuthenticationSchemes(SessionCookie.Scheme).RequireAuthenticatedUser());
        options.AddPolicy(Operators, p => p.Combine(FullySignedIn).RequireRole(Roles.PayrollOperator, Roles.Admin));
        options.AddPolicy(RunViewers, p => p.Combine(FullySignedIn).RequireRole(Roles.PayrollOperator, Roles.PayrollApprover, Roles.Admin, Roles.Auditor));
        options.AddPolicy(HrClerks, p => p.Combine(FullySignedIn).RequireRole(Roles.HrClerk));
        options.AddPolicy(BreachReaders, p => p.Combine(FullySignedIn).RequireRole(Roles.ComplianceOfficer, Roles.Auditor));
        options.AddPolicy(LedgerReaders, p => p.Combine(FullySignedIn).RequireRole(Roles.Auditor, Roles.ComplianceOfficer));
        options.AddPolicy(DashboardViewers, p => p.Combine(FullySignedIn).RequireRole(Roles.PayrollOperator, Roles.Admin, Roles.Auditor));
    }
}
