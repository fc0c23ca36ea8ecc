using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OtpNet;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Security.Accounts;

public enum LoginOutcome
{
    /// <summary>Wrong user name or password, or the account is locked or disabled; the caller cannot tell which.</summary>
    Refused,
    NeedsTotp,
    NeedsEnrollment,
    SignedIn,
}

public sealed record LoginResult(
    LoginOutcome Outcome, long UserId = 0, string Username = "", string SessionId = "", string Stage = "", IReadOnlyList<string>? Roles = null, long? EmployeeId = null);

public sealed record NewAccount(long UserId, string Username, string Password, string? TotpSecret);

public sealed record TotpEnrollment(string Secret, string OtpAuthUri);

/// <summary>
/// Logins, second factor, lockout and account administration. Passwords are hashed with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/>; TOTP secrets are encrypted with Data Protection before they reach the database.
/// </summary>
public sealed class AccountService(UserStore users, SessionStore sessions, IDataProtectionProvider protection, IClock clock, IOptions<SecurityOptions> options)
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    // Verified against when the user name is unknown, so both cases take the same time.
    private static readonly string DummyHash = Hasher.HashPassword(new UserRecord(), "not-a-password-" + Guid.NewGuid());

    private readonly IDataProtector _totpProtector = protection.CreateProtector("Payroll.Security.TotpSecret.v1");

    private SecurityOptions Options => options.Value;

    private long Now => clock.UtcNow.ToUnixTimeMilliseconds();

    public async Task<LoginResult> PasswordLoginAsync(string username, string password, string? clientIp, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(username.Trim(), ct);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(new UserRecord(), DummyHash, password);
            return new LoginResult(LoginOutcome.Refused);
        }

        var locked = user.LockedUntil is { } until && until > Now;
        var verified = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (locked || user.Disabled || verified == PasswordVerificationResult.Failed)
        {
            if (!locked && !user.Disabled)
            {
                await RecordFailureAsync(user.Id, clientIp, ct);
            }
            else
            {
                await users.RecordEventAsync(user.Id, locked ? "login-refused-locked" : "login-refused-disabled", "anonymous", clientIp, Now, ct);
            }

            return new LoginResult(LoginOutcome.Refused);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordAsync(user.Id, Hasher.HashPassword(user, password), "password-rehashed", user.Username, clientIp, Now, ct);
        }

        var roles = await users.RolesAsync(user.Id, ct);
        if (!Roles.RequireSecondFactor(roles))
        {
            await users.ResetFailuresAsync(user.Id, ct);
            return await OpenAsync(user, SessionStages.Full, roles, clientIp, "login", ct);
        }

        return user.TotpEnrolled
            ? await OpenAsync(user, SessionStages.Totp, [], clientIp, "password-accepted", ct)
            : await OpenAsync(user, SessionStages.Enroll, [], clientIp, "password-accepted", ct);
    }

    /// <summary>Second step: a valid, not yet used code ends the half-open session and opens a new full one.</summary>
    public async Task<LoginResult> VerifyTotpAsync(long userId, string sessionId, string code, string? clientIp, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null || user.Disabled || !user.TotpEnrolled || user.TotpSecretProtected is null || IsLocked(user))
        {
            return new LoginResult(LoginOutcome.Refused);
        }

        if (!CheckCode(user.TotpSecretProtected, code, out var step) || !await users.TryConsumeTotpStepAsync(user.Id, step, ct))
        {
            await RecordFailureAsync(user.Id, clientIp, ct);
            return new LoginResult(LoginOutcome.Refused);
        }

        await sessions.EndAsync(sessionId, "second-factor-passed", Now, ct);
        return await OpenAsync(user, SessionStages.Full, await users.RolesAsync(user.Id, ct), clientIp, "login", ct);
    }

    /// <summary>A fresh secret for enrolment; it becomes the account's only when a code from it is confirmed.</summary>
    public TotpEnrollment NewEnrollment(string username)
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        return new TotpEnrollment(secret, OtpAuthUri(username, secret));
    }

    /// <summary>The <c>otpauth://</c> URI authenticator apps read (Key Uri Format).</summary>
    public string OtpAuthUri(string username, string secret)
    {
        var issuer = Uri.EscapeDataString(Options.TotpIssuer);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(username)}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30";
    }

    public string ProtectSecret(string secret) => _totpProtector.Protect(secret);

    public string UnprotectSecret(string protectedSecret) => _totpProtector.Unprotect(protectedSecret);

    public async Task<LoginResult> ConfirmEnrollmentAsync(long userId, string sessionId, string protectedSecret, string code, string? clientIp, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null || user.Disabled || user.TotpEnrolled || IsLocked(user))
        {
            return new LoginResult(LoginOutcome.Refused);
        }

        if (!CheckCode(protectedSecret, code, out var step))
        {
            await RecordFailureAsync(user.Id, clientIp, ct);
            return new LoginResult(LoginOutcome.Refused);
        }

        await users.SetTotpAsync(user.Id, protectedSecret, enrolled: true, "totp-enrolled", user.Username, clientIp, Now, ct);
        await users.TryConsumeTotpStepAsync(user.Id, step, ct);
        await sessions.EndAsync(sessionId, "second-factor-enrolled", Now, ct);
        return await OpenAsync(user, SessionStages.Full, await users.RolesAsync(user.Id, ct), clientIp, "login", ct);
    }

    public async Task LogoutAsync(long userId, string sessionId, string? clientIp, CancellationToken ct)
    {
        await sessions.EndAsync(sessionId, "logout", Now, ct);
        await users.RecordEventAsync(userId, "logout", "self", clientIp, Now, ct);
    }

    /// <summary>Returns an error text key, or null when the password was changed (every other session of the user ends).</summary>
    public async Task<string?> ChangePasswordAsync(long userId, string currentPassword, string newPassword, string? clientIp, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null || Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return "CurrentPasswordWrong";
        }

        var problem = CheckPasswordPolicy(newPassword, currentPassword);
        if (problem is not null)
        {
            return problem;
        }

        await users.SetPasswordAsync(user.Id, Hasher.HashPassword(user, newPassword), "password-changed", user.Username, clientIp, Now, ct);
        return null;
    }

    public string? CheckPasswordPolicy(string newPassword, string? previous = null)
    {
        if (newPassword.Length < Options.MinimumPasswordLength)
        {
            return "PasswordTooShort";
        }

        return newPassword == previous ? "PasswordUnchanged" : null;
    }

    /// <summary>CLI: creates an account with a generated password (shown once), optionally with TOTP already enrolled.</summary>
    public async Task<NewAccount> CreateAsync(string username, IReadOnlyCollection<string> roles, bool enrollTotp, string actor, CancellationToken ct, long? employeeId = null)
    {
        username = username.Trim();
        if (username.Length is < 3 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new AccountException("--username must be 3-64 characters: letters, digits, '.', '-' or '_'.");
        }

        if (roles.Count == 0 || roles.Any(r => !Roles.IsKnown(r)))
        {
            throw new AccountException($"--role must be one of {string.Join(", ", Roles.All)}; got '{string.Join(",", roles)}'.");
        }

        if (await users.FindByNameAsync(username, ct) is not null)
        {
            throw new AccountException($"A user named '{username}' already exists.");
        }

        var password = GeneratePassword();
        var secret = enrollTotp ? Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20)) : null;
        var id = await users.CreateAsync(
            username, Hasher.HashPassword(new UserRecord(), password), roles.Distinct().ToList(), secret is null ? null : ProtectSecret(secret), employeeId, actor, Now, ct);
        return new NewAccount(id, username, password, secret);
    }

    public async Task<string> ResetPasswordAsync(string username, string actor, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(username, ct) ?? throw new AccountException($"No user named '{username}'.");
        var password = GeneratePassword();
        await users.SetPasswordAsync(user.Id, Hasher.HashPassword(user, password), "password-reset", actor, null, Now, ct);
        await sessions.EndAllAsync(user.Id, "password-reset", Now, ct);
        return password;
    }

    /// <summary>Removes the TOTP secret: the user enrols a new one at the next login.</summary>
    public async Task ResetTotpAsync(string username, string actor, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(username, ct) ?? throw new AccountException($"No user named '{username}'.");
        await users.SetTotpAsync(user.Id, null, enrolled: false, "totp-reset", actor, null, Now, ct);
        await sessions.EndAllAsync(user.Id, "totp-reset", Now, ct);
    }

    public async Task SetDisabledAsync(string username, bool disabled, string actor, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(username, ct) ?? throw new AccountException($"No user named '{username}'.");
        await users.SetDisabledAsync(user.Id, disabled, actor, Now, ct);
        if (disabled)
        {
            await sessions.EndAllAsync(user.Id, "disabled", Now, ct);
        }
    }

    public async Task<bool> AnyUserAsync(CancellationToken ct) => await users.CountAsync(ct) > 0;

    /// <summary>20 characters from an alphabet without look-alikes: about 116 bits.</summary>
    internal static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private bool IsLocked(UserRecord user) => user.LockedUntil is { } until && until > Now;

    private bool CheckCode(string protectedSecret, string code, out long step)
    {
        step = 0;
        code = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(UnprotectSecret(protectedSecret)));
        return totp.VerifyTotp(clock.UtcNow.UtcDateTime, code, out step, VerificationWindow.RfcSpecifiedNetworkDelay);
    }

    private Task RecordFailureAsync(long userId, string? clientIp, CancellationToken ct) =>
        users.RecordFailureAsync(userId, Options.MaxFailedAttempts, Now + (long)Options.LockoutDuration.TotalMilliseconds, clientIp, Now, ct);

    private async Task<LoginResult> OpenAsync(UserRecord user, string stage, IReadOnlyList<string> roles, string? clientIp, string eventName, CancellationToken ct)
    {
        var purgeBefore = Now - (long)(Options.AbsoluteTimeout + TimeSpan.FromDays(1)).TotalMilliseconds;
        var sessionId = await sessions.OpenAsync(user.Id, stage, clientIp, Now, purgeBefore, ct);
        await users.RecordEventAsync(user.Id, eventName, user.Username, clientIp, Now, ct);
        var outcome = stage switch
        {
            SessionStages.Full => LoginOutcome.SignedIn,
            SessionStages.Totp => LoginOutcome.NeedsTotp,
            _ => LoginOutcome.NeedsEnrollment,
        };
        return new LoginResult(outcome, user.Id, user.Username, sessionId, stage, roles, user.EmployeeId);
    }
}

public sealed class AccountException(string message) : Exception(message);
