using Payroll.Modules.Contracts.Authorization;
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
[SignInStep]
public sealed record SignInWithPassword(string Username, string Password, string? ClientIp) : IRequest<SignInResult>;

/// <summary>Second step: a current, unused TOTP code ends the half-open session and opens a full one.</summary>
[SignInStep]
public sealed record VerifySecondFactor(long UserId, string SessionId, string Code, string? ClientIp) : IRequest<SignInResult>;

/// <summary>
/// The TOTP secret offered to an account that must enrol, kept with its enrolment session (a new one the first time, the
/// same one on every later view of that session); it becomes the account's only when a code from it is confirmed.
/// Null when the session is not this user's open enrolment session.
/// </summary>
[SignInStep]
public sealed record StartTotpEnrollment(long UserId, string SessionId, string Username) : IRequest<TotpEnrollment?>;

/// <summary>The secret in clear (shown to its owner on the enrolment page) and the URI authenticator apps read.</summary>
public sealed record TotpEnrollment(string Secret, string OtpAuthUri);

/// <summary>A code from the secret of this enrolment session makes it the account's, ends the session and opens a full one.</summary>
[SignInStep]
public sealed record ConfirmTotpEnrollment(long UserId, string SessionId, string Code, string? ClientIp) : IRequest<SignInResult>;

/// <summary>
/// Signing in at the command line, for one verb: the password and, for every role but Employee, a current TOTP code of a
/// time step not used before, both read from the terminal or standard input (never from an argument). Failures count
/// toward the lockout like the web's; success opens a full session recorded as <c>login-cli</c> by <c>cli:&lt;os user&gt;</c>,
/// which the verb ends when it is done. An account that has not enrolled TOTP yet is refused: it enrols at the web sign-in.
/// </summary>
[SignInStep]
public sealed record SignInAtCommandLine(string Username, string Password, string? Code, string OsUser) : IRequest<SignInResult>;

[SignInStep]
public sealed record SignOut(long UserId, string SessionId, string? ClientIp) : IRequest;

/// <summary>
/// Returns null when changed, or the text key of the problem (CurrentPasswordWrong, PasswordTooShort, PasswordUnchanged,
/// AccountLocked). A wrong current password counts toward the lockout; a change ends every session of the user but
/// <paramref name="SessionId"/>, the one it was made in.
/// </summary>
[SignInStep]
public sealed record ChangePassword(long UserId, string SessionId, string CurrentPassword, string NewPassword, string? ClientIp) : IRequest<string?>;

/// <summary>
/// Checks the session behind a cookie on each request: ended, disabled, past the absolute or idle timeout, at another
/// stage than the cookie says, or for another user, name or employee than the cookie claims (<paramref name="EmployeeId"/>
/// as the cookie has it, null: none) ends it and returns the reason; otherwise it is kept alive and, when full, the
/// account's current roles are returned so a role taken away acts at once.
/// </summary>
[SignInStep]
public sealed record CheckSession(string SessionId, string Stage, long UserId, string Username, long? EmployeeId) : IRequest<SessionCheck>;

public sealed record SessionCheck(string? EndReason, IReadOnlyList<string> Roles);
