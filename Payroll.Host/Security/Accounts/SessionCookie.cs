using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Payroll.Modules.Kernel.Time;

namespace Payroll.Host.Security.Accounts;

/// <summary>
/// Issues the session cookie and checks it against the server-side session on every request: a cookie
/// replayed after logout, after the idle or absolute timeout, or for a disabled user is refused.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The session's last-seen time is written at most this often.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);

    public static Task SignInAsync(HttpContext http, LoginResult login)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, login.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, login.Username),
            new(PayrollClaims.SessionId, login.SessionId),
            new(PayrollClaims.Stage, login.Stage),
        };
        claims.AddRange((login.Roles ?? []).Select(r => new Claim(ClaimTypes.Role, r)));
        if (login.EmployeeId is { } employee && login.Stage == SessionStages.Full)
        {
            claims.Add(new Claim(PayrollClaims.EmployeeId, employee.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
        return http.SignInAsync(Scheme, principal, new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
    }

    public static long UserId(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public static string SessionIdOf(ClaimsPrincipal user) => user.FindFirstValue(PayrollClaims.SessionId) ?? "";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var sessions = services.GetRequiredService<SessionStore>();
        var options = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var now = services.GetRequiredService<IClock>().UtcNow.ToUnixTimeMilliseconds();
        var sessionId = context.Principal is null ? "" : SessionIdOf(context.Principal);
        var ct = context.HttpContext.RequestAborted;

        var session = sessionId.Length == 0 ? null : await sessions.FindAsync(sessionId, ct);
        string? endReason = session switch
        {
            null => "unknown",
            { EndedAt: not null } => "ended",
            { UserDisabled: true } => "disabled",
            _ when now - session.CreatedAt >= options.AbsoluteTimeout.TotalMilliseconds => "absolute-timeout",
            _ when now - session.LastSeenAt >= options.IdleTimeout.TotalMilliseconds => "idle-timeout",
            _ when session.Stage != context.Principal!.FindFirstValue(PayrollClaims.Stage) => "stage-mismatch",
            _ => null,
        };

        if (endReason is not null)
        {
            if (session is { EndedAt: null })
            {
                await sessions.EndAsync(sessionId, endReason, now, ct);
            }

            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        if (now - session!.LastSeenAt > TouchInterval.TotalMilliseconds)
        {
            await sessions.TouchAsync(sessionId, now, ct);
        }

        // Roles come from the database on every request, so a role taken away takes effect at once.
        if (session.Stage == SessionStages.Full)
        {
            var current = await services.GetRequiredService<UserStore>().RolesAsync(session.UserId, ct);
            var inCookie = context.Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
            if (!current.Order(StringComparer.Ordinal).SequenceEqual(inCookie))
            {
                var identity = new ClaimsIdentity(context.Principal.Claims.Where(c => c.Type != ClaimTypes.Role), Scheme);
                identity.AddClaims(current.Select(r => new Claim(ClaimTypes.Role, r)));
                context.ReplacePrincipal(new ClaimsPrincipal(identity));
                context.ShouldRenew = true;
            }
        }
    }
}
