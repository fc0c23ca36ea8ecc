using System.Security.Claims;

namespace Payroll.Host.Shell;

/// <summary><c>/api/v1</c>: the same login and the same authorization as the pages; errors are ProblemDetails.</summary>
internal static class ApiEndpoints
{
    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        // Who am I: user name and roles of the current session (no personal data).
        api.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            username = user.Identity?.Name,
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToArray(),
        }));
    }
}
