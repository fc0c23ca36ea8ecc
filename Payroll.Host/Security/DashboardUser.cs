using Payroll.Jobs;

namespace Payroll.Host.Security;

/// <summary>The signed-in person whose request on the job dashboard (<c>/hangfire</c>) is creating a job: "Trigger now".</summary>
internal sealed class DashboardUser(IHttpContextAccessor accessor) : IDashboardUser
{
    public string? Name =>
        accessor.HttpContext is { } http && http.Request.PathBase.Add(http.Request.Path).StartsWithSegments("/hangfire") && http.User.Identity?.IsAuthenticated == true
            ? http.User.Identity.Name
            : null;
}
