using Payroll.Host.Security.Accounts;
using Payroll.Modules.Contracts;

namespace Payroll.Host.Cli;

/// <summary>The account a command-line verb acts as (<c>--as NAME</c>), recorded with the operating-system user who ran it.</summary>
internal static class CliAccount
{
    public static async Task<Actor> ActorAsync(IServiceProvider services, string username, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserStore>();
        var user = await users.FindByNameAsync(username, ct);
        if (user is null || user.Disabled)
        {
            throw new InvalidOperationException($"No enabled account '{username}'.");
        }

        return Actor.User(user.Id, user.Username, await users.RolesAsync(user.Id, ct), userAgent: "cli:" + Environment.UserName, employeeId: user.EmployeeId);
    }
}
