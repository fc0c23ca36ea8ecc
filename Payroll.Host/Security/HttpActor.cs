using System.Security.Claims;
using Payroll.Host.Security.Accounts;
using Payroll.Modules.Contracts;

namespace Payroll.Host.Security;

/// <summary>The <see cref="Actor"/> of a web request: user, roles, the key of the session, address and browser.</summary>
internal static class HttpActor
{
    public static Actor From(HttpContext http)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var sessionId = signedIn ? SessionCookie.SessionIdOf(user) : "";
        return new Actor(
            signedIn ? SessionCookie.UserId(user) : null,
            signedIn ? user.Identity!.Name ?? "unknown" : "anonymous",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
            sessionId.Length > 0 ? SessionStore.Hash(sessionId) : null,
            http.Connection.RemoteIpAddress?.ToString(),
            http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            EmployeeId: long.TryParse(user.FindFirstValue(PayrollClaims.EmployeeId), System.Globalization.CultureInfo.InvariantCulture, out var employee) ? employee : null);
    }

}
