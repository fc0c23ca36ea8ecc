using Mediator;

namespace Payroll.Modules.Contracts.Accounts;

public enum SignInOutcome
{
    /// <summary>Wrong user name, password or code, or the account is locked or disabled; the caller cannot tell which.</summary>
    Refused,
    NeedsTotp,
    NeedsEnrollment,
    SignedIn,
}

/// <summary>A step of sign-in: on success, the new session (its id goes into the cookie only), its stage and the account's roles.</summary>
public sealed record SignInResult(SignInOutcome Outcome, long UserId, string Username, string SessionId, string Stage, IReadOnlyList<string> Roles, long? EmployeeId)
{
    public static SignInResult Refused { get; } = new(SignInOutcome.Refused, 0, "", "", "", [], null);
}

/// <summary>First step: user name and password. Failures count toward the lockout and are recorded with the address.</summary>
public sealed record SignInWithPassword(string Username, string Password, string? ClientIp) : IRequest<SignInResult>;

/// <summary>Second step: a current, unused TOTP code ends the half-open session and opens a full one.</summary>
public sealed record VerifySecondFactor(long UserId, string SessionId, string Code, string? ClientIp) : IRequest<SignInResult>;

/// <summary>A fresh TOTP secret for an account that must enrol; it becomes the account's only when a code from it is confirmed.</summary>
public sealed record StartTotpEnrollment(string Username) : IRequest<TotpEnrollment>;

/// <summary>The enrolment shown again from its protected form (a form post); null when that form is not one this system protected.</summary>
public sealed record ReadTotpEnrollment(string Username, string ProtectedSecret) : IRequest<TotpEnrollment?>;

/// <summary>The secret in clear (shown once), the same protected for the form's round trip, and the URI authenticator apps read.</summary>
public sealed record TotpEnrollment(string Secret, string ProtectedSecret, string OtpAuthUri);

public sealed record ConfirmTotpEnrollment(long UserId, string SessionId, string ProtectedSecret, string Code, string? ClientIp) : IRequest<SignInResult>;

public sealed record SignOut(long UserId, string SessionId, string? ClientIp) : IRequest;

/// <summary>
/// Returns null when changed, or the text key of the problem (CurrentPasswordWrong, PasswordTooShort, PasswordUnchanged,
/// AccountLocked). A wrong current password counts toward the lockout; a change ends every session of the user but
/// <paramref name="SessionId"/>, the one it was made in.
/// </summary>
public sealed record ChangePassword(long UserId, string SessionId, string CurrentPassword, string NewPassword, string? ClientIp) : IRequest<string?>;

/// <summary>
/// Checks the session behind a cookie on each request: ended, disabled, past the absolute or idle timeout, or at another
/// stage than the cookie says ends it (the reason is returned); otherwise it is kept alive and, when full, the account's
/// current roles are returned so a role taken away acts at once.
/// </summary>
public sealed record CheckSession(string SessionId, string Stage) : IRequest<SessionCheck>;

public sealed record SessionCheck(string? EndReason, IReadOnlyList<string> Roles);
