using Mediator;
using Microsoft.Extensions.Options;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Authorization;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Modules.Accounts.Sessions;

/// <summary>
/// The server-side half of every signed-in request: a cookie replayed after logout, past a timeout, for a disabled
/// account or at another stage is refused (and its session ended); a live session is touched at most every 30 s.
/// </summary>
internal sealed class CheckSessionHandler(SessionStore sessions, UserStore users, IClock clock, IOptions<SecurityOptions> options) : IRequestHandler<CheckSession, SessionCheck>
{
    /// <summary>The session's last-seen time is written at most this often.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);

    public async ValueTask<SessionCheck> Handle(CheckSession request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var session = request.SessionId.Length == 0 ? null : await sessions.FindAsync(request.SessionId, cancellationToken);
        var endReason = session switch
        {
            null => "unknown",
            { EndedAt: not null } => "ended",
            { UserDisabled: true } => "disabled",
            _ when now - session.CreatedAt >= options.Value.AbsoluteTimeout.TotalMilliseconds => "absolute-timeout",
            _ when now - session.LastSeenAt >= options.Value.IdleTimeout.TotalMilliseconds => "idle-timeout",
            _ when session.Stage != request.Stage => "stage-mismatch",

            // A cookie is only the server's: if it names another user, name or person than the session's, it was not made here.
            _ when session.UserId != request.UserId || session.Username != request.Username => "claims-mismatch",
            _ when request.EmployeeId is { } claimed && claimed != session.EmployeeId => "claims-mismatch",
            _ => null,
        };

        if (endReason is not null)
        {
            if (session is { EndedAt: null })
            {
                await sessions.EndAsync(request.SessionId, endReason, now, cancellationToken);
            }

            return new SessionCheck(endReason, []);
        }

        if (now - session!.LastSeenAt > TouchInterval.TotalMilliseconds)
        {
            await sessions.TouchAsync(request.SessionId, now, cancellationToken);
        }

        // Roles come from the database on every request, so a role taken away takes effect at once.
        return new SessionCheck(null, session.Stage == SessionStages.Full ? await users.RolesAsync(session.UserId, cancellationToken) : []);
    }
}
