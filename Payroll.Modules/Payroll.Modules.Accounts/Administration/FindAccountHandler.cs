using Mediator;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Modules.Accounts.Administration;

internal sealed class FindAccountHandler(UserStore users) : IRequestHandler<FindAccount, AccountInfo?>
{
    public async ValueTask<AccountInfo?> Handle(FindAccount request, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(request.Username.Trim(), cancellationToken);
        return user is null ? null : new AccountInfo(user.Id, user.Username, await users.RolesAsync(user.Id, cancellationToken), user.Disabled, user.EmployeeId);
    }
}
