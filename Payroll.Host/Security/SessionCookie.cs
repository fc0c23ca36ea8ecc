using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Mediator;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Host.Security;

/// <summary>
/// Issues the session cookie and checks it against the server-side session on every request: a cookie
/// replayed after logout, after the idle or absolute timeout, or for a disabled user is refused.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static Task SignInAsync(HttpContext http, SignInResult login)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, login.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, login.Username),
            new(PayrollClaims.SessionId, login.SessionId),
            new(PayrollClaims.Stage, login.Stage),
        };
        claims.AddRange(login.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
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
        var sessionId = context.Principal is null ? "" : SessionIdOf(context.Principal);
        var stage = context.Principal?.FindFirstValue(PayrollClaims.Stage) ?? "";
        var principal = context.Principal;
        var employee = principal?.FindFirstValue(PayrollClaims.EmployeeId) is { } e && long.TryParse(e, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        var check = await context.HttpContext.RequestServices.GetRequiredService<ISender>().Send(
            new CheckSession(sessionId, stage, principal is null ? 0 : UserId(principal), principal?.FindFirstValue(ClaimTypes.Name) ?? "", employee), context.HttpContext.RequestAborted);
        if (check.EndReason is not null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        // Roles come from the database on every request, so a role taken away takes effect at once.
        if (stage == SessionStages.Full)
        {
            var inCookie = context.Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
            if (!check.Roles.Order(StringComparer.Ordinal).SequenceEqual(inCookie))
            {
                var identity = new ClaimsIdentity(context.Principal.Claims.Where(c => c.Type != ClaimTypes.Role), Scheme);
                identity.AddClaims(check.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
                context.ReplacePrincipal(new ClaimsPrincipal(identity));
                context.ShouldRenew = true;
            }
        }
    }
}
