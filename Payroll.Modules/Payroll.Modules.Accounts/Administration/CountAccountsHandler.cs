using Mediator;
using Payroll.Modules.Accounts.Users;
using Payroll.Modules.Contracts.Accounts;

namespace Payroll.Modules.Accounts.Administration;

internal sealed class CountAccountsHandler(UserStore users) : IRequestHandler<CountAccounts, long>
{
    public async ValueTask<long> Handle(CountAccounts request, CancellationToken cancellationToken) => await users.CountAsync(cancellationToken);
}
