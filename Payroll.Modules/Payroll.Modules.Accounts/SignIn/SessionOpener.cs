using Microsoft.Extensions.Options;
using Payroll.Modules.Accounts.Sessions;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.SignIn;

/// <summary>What every sign-in step shares: opening a session at a stage, counting failures toward the lockout, the lock itself.</summary>
internal sealed class SessionOpener(UserStore users, SessionStore sessions, IClock clock, IOptions<SecurityOptions> options)
{
    public long Now => clock.UtcNow.ToUnixTimeMilliseconds();

    public bool IsLocked(UserRecord user) => user.LockedUntil is { } until && until > Now;

    public Task RecordFailureAsync(long userId, string? clientIp, CancellationToken ct) =>
        users.RecordFailureAsync(userId, options.Value.MaxFailedAttempts, Now + (long)options.Value.LockoutDuration.TotalMilliseconds, clientIp, Now, ct);

    public async Task<SignInResult> OpenAsync(UserRecord user, string stage, IReadOnlyList<string> roles, string? clientIp, string eventName, CancellationToken ct, string? agent = null)
    {
        var purgeBefore = Now - (long)(options.Value.AbsoluteTimeout + TimeSpan.FromDays(1)).TotalMilliseconds;
        var sessionId = await sessions.OpenAsync(user.Id, stage, clientIp, Now, purgeBefore, ct);
        await users.RecordEventAsync(user.Id, eventName, agent is null ? user.Username : $"{user.Username} ({agent})", clientIp, Now, ct);
        var outcome = stage switch
        {
            SessionStages.Full => SignInOutcome.SignedIn,
            SessionStages.Totp => SignInOutcome.NeedsTotp,
            _ => SignInOutcome.NeedsEnrollment,
        };
        return new SignInResult(outcome, user.Id, user.Username, sessionId, stage, roles, user.EmployeeId);
    }
}
