using System.Security.Claims;
using Payroll.Modules.Contracts;
using Payroll.Modules.Kernel.Crypto;

namespace Payroll.Host.Security;

/// <summary>The <see cref="Actor"/> of a web request: user, roles, the key of the session, address and browser.</summary>
internal static class HttpActor
{
    public static Actor From(HttpContext http)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var clientIp = http.Connection.RemoteIpAddress?.ToString();
        var userAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;
        if (!signedIn)
        {
            return Actor.Anonymous(clientIp, userAgent);
        }

        var sessionId = SessionCookie.SessionIdOf(user);
        return Actor.User(
            SessionCookie.UserId(user),
            user.Identity!.Name ?? "unknown",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
            sessionKey: sessionId.Length > 0 ? SessionKey.Of(sessionId) : null,
            clientIp: clientIp,
            userAgent: userAgent,
            employeeId: long.TryParse(user.FindFirstValue(PayrollClaims.EmployeeId), System.Globalization.CultureInfo.InvariantCulture, out var employee) ? employee : null);
    }
}
