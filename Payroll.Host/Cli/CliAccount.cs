using Mediator;
using Payroll.Modules.Contracts;
using Payroll.Modules.Contracts.Accounts;
using Payroll.Modules.Kernel.Validation;

namespace Payroll.Host.Cli;

/// <summary>The account a command-line verb acts as (<c>--as NAME</c>), recorded with the operating-system user who ran it.</summary>
internal static class CliAccount
{
    public static async Task<Actor> ActorAsync(IServiceProvider services, string username, CancellationToken ct)
    {
        var account = await services.GetRequiredService<ISender>().Send(new FindAccount(username), ct);
        if (account is null || account.Disabled)
        {
            throw new InvalidInputException([new InputError(null, "as", $"no enabled account '{username}'")]);
        }

        return Actor.User(account.UserId, account.Username, account.Roles, userAgent: "cli:" + Environment.UserName, employeeId: account.EmployeeId);
    }
}
