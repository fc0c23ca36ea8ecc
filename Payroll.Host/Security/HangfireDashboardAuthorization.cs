using Payroll.Modules.Contracts.Authorization;
using Hangfire.Dashboard;

namespace Payroll.Host.Security;

/// <summary>
/// Replaces Hangfire's "local requests only" filter, which behind a reverse proxy lets everyone in. The endpoint is
/// already behind <see cref="Policies.DashboardViewers"/>; this filter checks the same roles again inside Hangfire.
/// </summary>
internal sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true
            && (user.IsInRole(Roles.PayrollOperator) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Auditor));
    }

    /// <summary>Auditors look; they do not trigger, requeue or delete jobs.</summary>
    public static bool IsReadOnly(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return !(user.IsInRole(Roles.PayrollOperator) || user.IsInRole(Roles.Admin));
    }
}
